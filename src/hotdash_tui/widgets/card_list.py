"""The cards of one kanban column, drawn line by line from strips made once per card.

Textual's OptionList measured and rendered every card's prompt through Content on each
first draw and style change; profiled at a million rows that was most of opening the board
(about 0.4 s the first time). A card here is three lines of already-cut text (see
``kanban_column.card_prompt``) with a rule under it, turned into strips once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from hotdash_tui.widgets.line_table import LineView, overlay

CARD_LINES = 3
"""Lines of text per card; a rule follows each but the last."""
PITCH = CARD_LINES + 1


class CardOption:
    """A card: its id and its lines, given as Text or as a function that makes them.

    A column reads 40 cards and shows about eight; made when first drawn (or asked for), the
    prompts of the others cost nothing. Building all of them was a fifth of the time the
    board took to take in its first read."""

    __slots__ = ("_make", "_prompt", "id")

    def __init__(self, id: str, prompt: Text | Callable[[], Text]) -> None:
        self.id = id
        self._prompt = prompt if isinstance(prompt, Text) else None
        self._make = None if isinstance(prompt, Text) else prompt

    @property
    def prompt(self) -> Text:
        if self._prompt is None:
            assert self._make is not None
            self._prompt = self._make()
        return self._prompt


class CardList(LineView, can_focus=True):
    """Cards under a cursor (``highlighted``). Only up/down keys of its own: h, l, H, L and
    the rest bubble up to the board."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card-list--highlighted",
        "card-list--rule",
        "card-list--empty",
    }
    DEFAULT_CSS = """
    CardList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        & > .card-list--highlighted {
            background: $block-cursor-blurred-background;
        }
        &:focus > .card-list--highlighted {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        /* Without color the cursor still shows: the focused card is underlined. */
        &:nocolor:focus > .card-list--highlighted {
            text-style: bold underline;
        }
        & > .card-list--rule {
            color: $panel-lighten-2;
        }
        & > .card-list--empty {
            text-style: dim italic;
        }
    }
    """

    class Highlighted(Message):
        """The cursor moved to card ``index``."""

        def __init__(self, card_list: CardList, index: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.index = index

        @property
        def control(self) -> CardList:
            return self.card_list

    class Selected(Highlighted):
        """Enter on card ``index``."""

    def __init__(self, *, empty_text: str = "no cards") -> None:
        super().__init__()
        self.empty_text = empty_text
        self._options: list[CardOption] = []
        self._strips: dict[str, list[Strip]] = {}
        self._highlighted: int | None = None

    # -- cards -----------------------------------------------------------------------------

    @property
    def option_count(self) -> int:
        return len(self._options)

    def get_option_at_index(self, index: int) -> CardOption:
        return self._options[index]

    def set_options(self, options: list[CardOption]) -> None:
        self._options = list(options)
        self._strips.clear()
        self._highlighted = None
        self._resized()

    def add_options(self, options: list[CardOption]) -> None:
        self._options.extend(options)
        self._resized()

    def _resized(self) -> None:
        lines = max(1, len(self._options) * PITCH - 1)
        self.virtual_size = Size(self.scrollable_content_region.width, lines)
        self.refresh()

    # -- the cursor ------------------------------------------------------------------------

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(index, len(self._options) - 1)) if self._options else None
        if index == self._highlighted:
            return
        self._highlighted = index
        self.refresh()
        if index is not None:
            self._scroll_to_card(index)
            self.post_message(self.Highlighted(self, index))

    @property
    def page_cards(self) -> int:
        return max(1, (self.scrollable_content_region.height + 1) // PITCH)

    def _scroll_to_card(self, index: int) -> None:
        top, bottom = index * PITCH, index * PITCH + CARD_LINES
        height = self.scrollable_content_region.height
        if height <= 0:
            return  # not laid out yet: on_resize brings the card into view
        # force: the board's lists have no scrollbar (overflow hidden), which would
        # otherwise forbid scrolling, and the cursor's card must stay in view.
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True, force=True)
        elif bottom > self.scroll_y + height:
            self.scroll_to(y=bottom - height, animate=False, immediate=True, force=True)

    def on_resize(self) -> None:
        if self._highlighted is not None:
            self._scroll_to_card(self._highlighted)

    def _move(self, delta: int) -> None:
        if self._options:
            start = self._highlighted if self._highlighted is not None else -1
            self.highlighted = max(0, start + delta)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(self.page_cards)

    def action_page_up(self) -> None:
        self._move(-self.page_cards)

    def action_first(self) -> None:
        if self._options:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._options:
            self.highlighted = len(self._options) - 1

    def action_select(self) -> None:
        if self._highlighted is not None:
            self.post_message(self.Selected(self, self._highlighted))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        # A list shown without a scrollbar (overflow hidden) gets no scrolling from Textual:
        # the wheel moves the cursor instead, as the arrow keys do.
        if not self.allow_vertical_scroll:
            event.stop()
            self._move(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if not self.allow_vertical_scroll:
            event.stop()
            self._move(-1)

    def on_click(self, event: events.Click) -> None:
        index = (int(self.scroll_y) + event.y) // PITCH
        if 0 <= index < len(self._options):
            if index == self._highlighted:
                self.action_select()
            else:
                self.highlighted = index

    # -- drawing ---------------------------------------------------------------------------

    def _card_strips(self, option: CardOption) -> list[Strip]:
        strips = self._strips.get(option.id)
        if strips is None:
            console = self.app.console
            lines = option.prompt.split("\n", allow_blank=True)[:CARD_LINES]
            strips = [Strip(list(line.render(console, end=""))) for line in lines]
            strips += [Strip.blank(0)] * (CARD_LINES - len(strips))
            self._strips[option.id] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        base, width = self.line_style_and_width()
        line = int(self.scroll_y) + y
        if not self._options:
            if line == 0:
                empty = self.get_component_rich_style("card-list--empty")
                return Strip([Segment(self.empty_text, base + empty)]).extend_cell_length(
                    width, base
                )
            return Strip.blank(width, base)
        index, row = divmod(line, PITCH)
        if index >= len(self._options):
            return Strip.blank(width, base)
        if row == CARD_LINES:
            rule = self.get_component_rich_style("card-list--rule")
            return Strip([Segment("─" * width, base + rule)])
        strip = self._card_strips(self._options[index])[row].crop_extend(0, width, base)
        strip = strip.apply_style(base)
        if index == self._highlighted:
            cursor = self.get_component_rich_style("card-list--highlighted")
            return overlay(strip, cursor)
        return strip
