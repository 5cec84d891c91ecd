"""The task board (key 2): kanban stages as columns, tasks as cards, moved with H and L.

Columns are read as windows (see :mod:`hotdash_tui.db.board.read`); a column reads its next
window when the cursor nears the end of what it has. Every move is a guarded write; a lost
race changes nothing, says who got there first, and the board reloads.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message

from hotdash_tui.db.board.read import (
    BOARD_FILTER_SPEC,
    BoardFilter,
    Stage,
    TaskCard,
)
from hotdash_tui.db.board.write import LostRace, Moved, Saved, move_task
from hotdash_tui.db.errors import describe_error
from hotdash_tui.filters import FilterError, FilterSpec, parse_filter
from hotdash_tui.screens.board.column import KanbanColumn
from hotdash_tui.screens.board.form import TaskFormScreen
from hotdash_tui.screens.board.reading import BoardReading, ColumnsScroll
from hotdash_tui.widgets.card_list import CardList
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar


class BoardScreen(BoardReading):
    """Stages left to right in board order; the focused column's card is the one acted on."""

    SCREEN_NAME = "Task board"
    WATCHES = frozenset({"workflow.tasks"})
    WRITE_ACTIONS = frozenset({"move", "new", "edit"})
    # No auto focus: the columns arrive with the first read, and the hidden filter bar must
    # not take the keys meanwhile (None would inherit the App's "*", which focused it).
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h,left", "column(-1)", "Column ◀", show=False, id="board.left"),
        Binding("l,right", "column(1)", "Column ▶", show=False, id="board.right"),
        Binding("j", "cursor(1)", "Next card", show=False, id="board.down"),
        Binding("k", "cursor(-1)", "Previous card", show=False, id="board.up"),
        Binding("H,shift+left", "move(-1)", "Move ◀", key_display="H", id="board.move_left"),
        Binding("L,shift+right", "move(1)", "Move ▶", key_display="L", id="board.move_right"),
        Binding("n", "new", "New", id="board.new"),
        Binding("e", "edit", "Edit", id="board.edit"),
        Binding("enter", "edit", "Open", show=False, id="board.open"),
        Binding("slash", "filter", "Filter", key_display="/", id="board.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="board.clear_filter"),
    ]

    class CardMoveDone(Message):
        """A move's outcome: moved, lost to someone faster, or a database error."""

        def __init__(
            self, outcome: Moved | LostRace | None, error: str, card: TaskCard, target: Stage
        ) -> None:
            super().__init__()
            self.outcome = outcome
            self.error = error
            self.card = card
            self.target = target

    def __init__(self) -> None:
        super().__init__()
        self.writing = False

    def on_mount(self) -> None:
        self.query_one(ColumnsScroll).fit_columns(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(ColumnsScroll).fit_columns(event.size.width)

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield ColumnsScroll(id="board-columns")
        yield FilterBar("type:pricing tag:seasonal listing:B0… or text", id="board-filter")
        yield KeyBar()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        column = event.widget.parent
        if isinstance(event.widget, CardList) and isinstance(column, KanbanColumn):
            self.focused_index = self.columns().index(column)
            if event.widget.highlighted is None and column.cards:
                event.widget.highlighted = 0
            self.show_place()

    def on_card_list_highlighted(self, event: CardList.Highlighted) -> None:
        column = event.card_list.parent
        if isinstance(column, KanbanColumn):
            self._maybe_load_more(column)
            if column is self.focused_column():
                self.show_place()

    def on_card_list_selected(self, event: CardList.Selected) -> None:
        event.stop()
        self.action_edit()

    # -- keys ----------------------------------------------------------------------------

    def action_column(self, delta: int) -> None:
        self.focus_column(self.focused_index + delta)

    def action_cursor(self, delta: int) -> None:
        column = self.focused_column()
        if column is not None:
            cards = column.card_list
            cards.action_cursor_down() if delta > 0 else cards.action_cursor_up()

    def action_move(self, delta: int) -> None:
        column = self.focused_column()
        card = column.highlighted_card if column else None
        columns = self.columns()
        target = self.focused_index + delta
        if card is None or self.writing or not 0 <= target < len(columns):
            self.app.bell()  # no card, a move still saving, or no stage that way
            return
        self.writing = True
        self.move(card, columns[target].stage)

    @work(thread=True, exclusive=True, exit_on_error=False, group="board-write")
    def move(self, card: TaskCard, target: Stage) -> None:
        app = self.hotdash
        try:
            outcome = move_task(
                app.database.engine,
                card.id,
                card.stage_id,
                target.id,
                app.database.settings.identity,
                app.clock(),
            )
        except Exception as exc:
            self.post_message(self.CardMoveDone(None, describe_error(exc), card, target))
        else:
            self.post_message(self.CardMoveDone(outcome, "", card, target))

    @on(CardMoveDone)
    def card_move_done(self, message: CardMoveDone) -> None:
        self.writing = False
        outcome = message.outcome
        if isinstance(outcome, Moved):
            self.reload(select=(message.target.id, message.card.id))  # the cursor follows
            return
        if isinstance(outcome, LostRace):
            sentence = outcome.sentence(self.hotdash.clock())
            self.notify(sentence, title="Not moved", severity="warning", timeout=8)
        else:
            self.notify(message.error, title="Not moved", severity="error", timeout=8)
        self.reload()

    def action_new(self) -> None:
        self.app.push_screen(TaskFormScreen(), self._after_form)

    def action_edit(self) -> None:
        column = self.focused_column()
        card = column.highlighted_card if column else None
        if card is None:
            self.app.bell()
            return
        self.app.push_screen(TaskFormScreen(card), self._after_form)

    def _after_form(self, saved: Saved | None) -> None:
        if saved is None:
            return
        stages = [c.stage for c in self.columns()]
        edited = next(
            (c for col in self.columns() for c in col.cards if c.id == saved.task_id), None
        )
        default = next((s for s in stages if s.is_default), stages[0] if stages else None)
        stage_id = edited.stage_id if edited else default.id if default else None
        if stage_id is not None:
            self.reload(select=(stage_id, saved.task_id))

    def action_filter(self) -> None:
        self.query_one(FilterBar).open()

    @property
    def filter_spec(self) -> FilterSpec:
        return BOARD_FILTER_SPEC

    def apply_filter_text(self, text: str) -> None:
        self.query_one(FilterBar).value = text
        self._apply_text(text)

    def on_filter_bar_applied(self, event: FilterBar.Applied) -> None:
        self._apply_text(event.value)

    def _apply_text(self, text: str) -> None:
        try:
            parsed = parse_filter(text, BOARD_FILTER_SPEC)
        except FilterError as exc:
            self.notify(str(exc), title="Filter", severity="error", timeout=8)
            self.focus_column(self.focused_index)
            return
        self.board_filter = BoardFilter.from_parsed(parsed)
        self.filter_text = parsed.describe()
        self._to_top = True
        self.reload()
        if self.filter_text:
            self.hotdash.remember_filter(self.filter_text)

    def action_clear_filter(self) -> None:
        if self.board_filter.is_empty:
            return
        bar = self.query_one(FilterBar)
        bar.value = ""
        bar.post_message(FilterBar.Applied(bar, ""))
