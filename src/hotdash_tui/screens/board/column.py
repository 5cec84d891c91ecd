"""One kanban column: its stage's name and count in the border, its cards as a list.

A card is three lines that fit 23 cells: the title; type and priority; due date and the
listing's ASIN. Overdue cards say ``! due`` so they stand out without color too.
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from hotdash_tui.db.board.read import ColumnCursor, ColumnPage, Stage, TaskCard, count_label
from hotdash_tui.formatting import day_label
from hotdash_tui.widgets.card_list import CardList, CardOption

CARD_WIDTH = 23
"""Cells of text per card line: a column is 26 wide, its border takes two, and one cell keeps
the text off the right border."""

LOAD_MORE_WITHIN = 5
"""Read the next window when the cursor is this close to the last card read."""


COLUMN_WIDTH = 26
"""A column's width with its border: three stages side by side at 80 columns."""


def _fit(text: str, width: int = CARD_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _due(card: TaskCard, today: date) -> tuple[str, str]:
    if card.due_date is None:
        return "no due", "dim"
    shown = day_label(card.due_date, today)
    if card.is_overdue(today):
        return f"! due {shown}", "bold red"
    return f"due {shown}", ""


def card_prompt(card: TaskCard, today: date) -> Text:
    """The three lines of a card, each cut to fit the column."""
    priority = "no prio" if card.priority is None else f"p{card.priority}"
    due, due_style = _due(card, today)
    if card.asin:
        listing = card.asin
    elif card.listing_count:
        listing = f"{card.listing_count} listings"
    else:
        listing = ""
    prompt = Text(no_wrap=True, overflow="ellipsis")
    prompt.append(_fit(card.title) + "\n", style="bold")
    prompt.append(_fit(f"{card.task_type} · {priority}") + "\n")
    prompt.append(due, style=due_style)
    prompt.append(_fit(f" · {listing}" if listing else "", CARD_WIDTH - len(due)))
    return prompt


class KanbanColumn(Vertical):
    """A stage of the board. Its cards come from the screen's workers, window by window."""

    DEFAULT_CSS = """
    KanbanColumn {
        width: 26;  /* COLUMN_WIDTH */
        height: 1fr;
        border: round $panel;
        border-title-align: left;
    }
    KanbanColumn:focus-within {
        border: heavy $accent;
    }
    KanbanColumn CardList {
        height: 1fr;
        max-height: 100%;
        /* No scrollbar: the header says which card of how many, the title the count. A
           scrollbar per column was a third of drawing the board on its first opening. */
        overflow-y: hidden;
    }
    """

    def __init__(
        self,
        stage: Stage,
        *,
        color: bool = True,
        first: tuple[ColumnPage, int, date] | None = None,
    ) -> None:
        """``first`` is the column's first window, its card count and the day it is read
        for: cards a column is made with are in place before it is first laid out."""
        super().__init__(id=f"stage-{stage.id}")
        self.stage = stage
        self.color = color
        self.cards: list[TaskCard] = []
        self.count = 0
        self.next_cursor: ColumnCursor | None = None
        self.loading_more = False
        self.shown_on: date | None = None  # the day the cards were drawn for (due marks)
        self.title_shown: Text | None = None
        self._first = first
        self._show_title()

    def compose(self) -> ComposeResult:
        cards_list = CardList()
        if self._first is not None:
            # Filled before it mounts, the list's size is known at the first layout. Filled
            # after, each list asked for a layout of its own that came after the first frame
            # with the cards: a second frame, ~40 ms later, on the board's first opening.
            page, count, today = self._first
            self._first = None
            self._take(page, count, today)
            cards_list.set_options(self._options(self.cards, today))
        yield cards_list

    @property
    def card_list(self) -> CardList:
        return self.query_one(CardList)

    def _show_title(self) -> None:
        # The stage's own color names the column when color is on; the words do without it.
        style = f"bold {self.stage.color}" if self.color and self.stage.color else "bold"
        title = Text.assemble((self.stage.name, style), f" ({count_label(self.count)})")
        if title != self.title_shown:  # setting a border title redraws the column, even unchanged
            self.title_shown = title
            self.border_title = title

    def show(
        self, page: ColumnPage, count: int, today: date, *, select: uuid.UUID | None = None
    ) -> None:
        """Replaces the cards with a fresh first window, keeping the cursor where it was:
        on ``select`` if given and present, else on the same position."""
        cards_list = self.card_list
        previous = cards_list.highlighted
        cards = list(page.cards)
        # A refresh by difference: a column whose cards read the same as shown (the usual
        # case on reopening the board) keeps its options; measuring them again was most of
        # the board's open time.
        unchanged = self.shown_on == today and cards == self.cards and cards_list.option_count > 0
        self._take(page, count, today)
        if not unchanged:
            cards_list.set_options(self._options(self.cards, today))
        if not self.cards:
            return
        index = self.index_of(select) if select is not None else None
        if index is None:
            index = min(previous or 0, len(self.cards) - 1)
        cards_list.highlighted = index

    def _take(self, page: ColumnPage, count: int, today: date) -> None:
        self.cards = list(page.cards)
        self.count = count
        self.next_cursor = page.next_cursor
        self.loading_more = False
        self.shown_on = today
        self._show_title()

    def append(self, page: ColumnPage, today: date) -> None:
        """Adds the next window below the cards already shown."""
        known = {card.id for card in self.cards}
        fresh = [card for card in page.cards if card.id not in known]
        self.cards.extend(fresh)
        if self.shown_on != today:
            self.shown_on = None  # drawn on two days: the next show draws them all again
        self.next_cursor = page.next_cursor
        self.loading_more = False
        self.card_list.add_options(self._options(fresh, today))

    @staticmethod
    def _options(cards: list[TaskCard], today: date) -> list[CardOption]:
        return [CardOption(str(card.id), partial(card_prompt, card, today)) for card in cards]

    def index_of(self, card_id: uuid.UUID) -> int | None:
        return next((n for n, card in enumerate(self.cards) if card.id == card_id), None)

    @property
    def highlighted_card(self) -> TaskCard | None:
        index = self.card_list.highlighted
        if index is None or index >= len(self.cards):
            return None
        return self.cards[index]

    def wants_more(self) -> bool:
        """Whether the cursor is near the end of what was read and more cards exist."""
        index = self.card_list.highlighted
        near_end = index is not None and index >= len(self.cards) - LOAD_MORE_WITHIN
        return near_end and self.next_cursor is not None and not self.loading_more

    def position(self) -> str:
        """``card 3 of 42`` for the header, or ``no cards``."""
        card = self.highlighted_card
        if card is None:
            return "no cards"
        index = self.cards.index(card) + 1
        return f"card {index} of {count_label(self.count)}"
