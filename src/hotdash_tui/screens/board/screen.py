"""The task board (key 2): kanban stages as columns, tasks as cards, moved with H and L.

Columns are read as windows (see :mod:`hotdash_tui.db.board.read`); a column reads its next
window when the cursor nears the end of what it has. Every move is a guarded write; a lost
race changes nothing, says who got there first, and the board reloads.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalScroll
from textual.message import Message

from hotdash_tui.db.board.read import (
    BOARD_FILTER_SPEC,
    NO_FILTER,
    PAGE_SIZE,
    Board,
    BoardFilter,
    ColumnCursor,
    ColumnPage,
    Stage,
    TaskCard,
    load_board,
    load_column,
)
from hotdash_tui.db.board.write import LostRace, Moved, Saved, move_task
from hotdash_tui.db.errors import describe_error
from hotdash_tui.filters import FilterError, parse_filter
from hotdash_tui.formatting import as_utc
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.screens.board.column import KanbanColumn
from hotdash_tui.screens.board.form import TaskFormScreen
from hotdash_tui.widgets.card_list import CardList
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar

"""From this width the footer also shows ^p palette."""

REFRESH_LIMIT = 1_000
"""A reload keeps as many cards of a column as were scrolled through, up to this many."""


class ColumnsScroll(HorizontalScroll, can_focus=False, inherit_bindings=False):
    """The columns side by side, scrolled to the focused one; its keys are the board's. Its
    sideways bar always shows (app.tcss)."""


class BoardScreen(HotdashScreen):
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

    class BoardLoaded(Message):
        """A worker's read of the board, or why there is none."""

        def __init__(self, board: Board | None, error: str, generation: int) -> None:
            super().__init__()
            self.board = board
            self.error = error
            self.generation = generation

    class ColumnMoreLoaded(Message):
        """The next window of one column, read after ``after``."""

        def __init__(
            self, page: ColumnPage | None, error: str, after: ColumnCursor, generation: int
        ) -> None:
            super().__init__()
            self.page = page
            self.error = error
            self.after = after
            self.generation = generation

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
        self.board_filter: BoardFilter = NO_FILTER
        self.filter_text = ""
        self.focused_index = 0
        self.generation = 0  # a result of an older load than the last one asked is dropped
        self.writing = False
        self._select: tuple[uuid.UUID, uuid.UUID] | None = None  # (stage, card) after a load
        self._to_top = False

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield ColumnsScroll(id="board-columns")
        yield FilterBar("type:pricing tag:seasonal listing:B0… or text", id="board-filter")
        yield KeyBar()

    # -- reading -------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload()  # shown first, again after another screen, or after the task form

    def reload(self, select: tuple[uuid.UUID, uuid.UUID] | None = None) -> None:
        if select is not None:
            self._select = select
        self.generation += 1
        limits = {
            c.stage.id: min(len(c.cards), REFRESH_LIMIT)
            for c in self.columns()
            if len(c.cards) > PAGE_SIZE and not self._to_top
        }
        self.load(self.board_filter, limits, self.generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="board-load")
    def load(
        self, board_filter: BoardFilter, limits: dict[uuid.UUID, int], generation: int
    ) -> None:
        try:
            board = load_board(self.hotdash.database.engine, board_filter, limits=limits)
        except Exception as exc:
            self.post_message(self.BoardLoaded(None, describe_error(exc), generation))
        else:
            self.post_message(self.BoardLoaded(board, "", generation))

    @on(BoardLoaded)
    async def board_loaded(self, message: BoardLoaded) -> None:
        self.app.post_message(ConnectionStateChanged(message.board is not None, message.error))
        board = message.board
        if board is None or message.generation != self.generation:
            return
        today = self.today()
        await self._ensure_columns(board, today)
        select, self._select = self._select, None
        to_top, self._to_top = self._to_top, False
        for index, column in enumerate(self.columns()):
            chosen = select[1] if select and select[0] == column.stage.id else None
            if chosen is not None:
                self.focused_index = index
            if to_top:
                column.card_list.highlighted = None
            stage_id = column.stage.id
            column.show(
                board.columns[stage_id], board.counts.get(stage_id, 0), today, select=chosen
            )
        if not self.query_one(FilterBar).has_class("-open"):  # never pull focus from typing
            self.focus_column(self.focused_index)
        self.show_place()

    async def _ensure_columns(self, board: Board, today: date) -> None:
        stages = board.stages
        if [c.stage for c in self.columns()] == list(stages):
            return
        scroller = self.query_one(ColumnsScroll)
        await scroller.remove_children()
        color = not self.app.no_color
        columns = [
            KanbanColumn(
                stage,
                color=color,
                first=(board.columns[stage.id], board.counts.get(stage.id, 0), today),
            )
            for stage in stages
        ]
        await scroller.mount_all(columns)
        self.focused_index = min(self.focused_index, max(len(stages) - 1, 0))

    @work(thread=True, exclusive=True, exit_on_error=False, group="board-more")
    def load_more(
        self,
        stage_id: uuid.UUID,
        board_filter: BoardFilter,
        after: ColumnCursor,
        generation: int,
        matches: int,
    ) -> None:
        engine = self.hotdash.database.engine
        try:
            page = load_column(engine, stage_id, board_filter, after=after, matches=matches)
        except Exception as exc:
            self.post_message(self.ColumnMoreLoaded(None, describe_error(exc), after, generation))
        else:
            self.post_message(self.ColumnMoreLoaded(page, "", after, generation))

    @on(ColumnMoreLoaded)
    def column_more_loaded(self, message: ColumnMoreLoaded) -> None:
        if message.page is None:
            self.app.post_message(ConnectionStateChanged(False, message.error))
            for each in self.columns():
                each.loading_more = False
            return
        column = self.column_of(message.page.stage_id)
        if message.generation != self.generation or column is None:
            return
        if column.next_cursor == message.after:  # not read twice, not replaced by a reload
            column.append(message.page, self.today())
            self._maybe_load_more(column)
        self.show_place()

    def _maybe_load_more(self, column: KanbanColumn) -> None:
        if column.wants_more() and column.next_cursor is not None:
            # One read at a time (the worker group is exclusive): a cancelled one is retried.
            for other in self.columns():
                other.loading_more = False
            column.loading_more = True
            self.load_more(
                column.stage.id,
                self.board_filter,
                column.next_cursor,
                self.generation,
                column.count,
            )

    # -- where the cursor is --------------------------------------------------------------

    def today(self) -> date:
        return as_utc(self.hotdash.clock()).date()

    def columns(self) -> list[KanbanColumn]:
        return list(self.query(KanbanColumn))

    def column_of(self, stage_id: uuid.UUID) -> KanbanColumn | None:
        return next((c for c in self.columns() if c.stage.id == stage_id), None)

    def focused_column(self) -> KanbanColumn | None:
        columns = self.columns()
        return columns[self.focused_index] if 0 <= self.focused_index < len(columns) else None

    def focus_column(self, index: int) -> None:
        columns = self.columns()
        if not columns:
            return
        self.focused_index = max(0, min(index, len(columns) - 1))
        column = columns[self.focused_index]
        column.card_list.focus()
        self.query_one(ColumnsScroll).scroll_to_widget(column, animate=False)

    def show_place(self) -> None:
        column = self.focused_column()
        parts = [self.filter_text] if self.filter_text else []
        if column is not None:
            parts.append(column.position())
        self.show_position(" · ".join(parts))

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

    def on_filter_bar_applied(self, event: FilterBar.Applied) -> None:
        try:
            parsed = parse_filter(event.value, BOARD_FILTER_SPEC)
        except FilterError as exc:
            self.notify(str(exc), title="Filter", severity="error", timeout=8)
            self.focus_column(self.focused_index)
            return
        self.board_filter = BoardFilter.from_parsed(parsed)
        self.filter_text = parsed.describe()
        self._to_top = True
        self.reload()

    def action_clear_filter(self) -> None:
        if self.board_filter.is_empty:
            return
        bar = self.query_one(FilterBar)
        bar.value = ""
        bar.post_message(FilterBar.Applied(bar, ""))
