"""What the task board reads and where its cursor is: the columns, read as windows (see
:mod:`hotdash_tui.db.board.read`), each reading its next window as the cursor nears the end
of what it has; the keys and writes are the screen's (:mod:`.screen`)."""

from __future__ import annotations

import uuid
from datetime import date

from textual import on, work
from textual.containers import HorizontalScroll
from textual.message import Message

from hotdash_tui.db.board.read import (
    COUNT_CAP,
    NO_FILTER,
    PAGE_SIZE,
    Board,
    BoardFilter,
    ColumnCursor,
    ColumnPage,
    load_board,
    load_column,
)
from hotdash_tui.db.errors import describe_error
from hotdash_tui.formatting import as_utc
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.screens.board.column import COLUMN_WIDTH, KanbanColumn
from hotdash_tui.widgets.filter_bar import FilterBar

REFRESH_LIMIT = 1_000
"""A reload keeps as many cards of a column as were scrolled through, up to this many."""


class ColumnsScroll(HorizontalScroll, can_focus=False, inherit_bindings=False):
    """The columns side by side, scrolled to the focused one; its keys are the board's. Its
    sideways bar always shows (app.tcss). It is as wide as the whole columns that fit, so a
    column at its edge is shown whole or not at all, never as a sliver of letters (scrolling
    to a column moves by whole columns)."""

    def fit_columns(self, width: int) -> None:
        whole = max(1, width // COLUMN_WIDTH) * COLUMN_WIDTH
        if self.styles.width is None or self.styles.width.value != whole:
            self.styles.width = whole


class BoardReading(HotdashScreen):
    """The board's state, its reads and its columns; the focused column's card is the one
    acted on."""

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

    def __init__(self) -> None:
        super().__init__()
        self.board_filter: BoardFilter = NO_FILTER
        self.filter_text = ""
        self.focused_index = 0
        self.generation = 0  # a result of an older load than the last one asked is dropped
        self._select: tuple[uuid.UUID, uuid.UUID] | None = None  # (stage, card) after a load
        self._to_top = False

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
        if to_top and self.filter_text:
            # A new filter: on to the first stage with a match, which may be off screen.
            counts = [board.counts.get(stage.id, 0) for stage in board.stages]
            self.focused_index = next((i for i, n in enumerate(counts) if n), 0)
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

    def matches(self) -> str:
        """``3 matches`` on the whole board (each stage's count stops at COUNT_CAP)."""
        counts = [column.count for column in self.columns()]
        total = sum(min(n, COUNT_CAP) for n in counts)
        more = "+" if any(n > COUNT_CAP for n in counts) else ""
        return f"{total:,}{more} {'match' if total == 1 and not more else 'matches'}"

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
        parts = [self.filter_text, self.matches()] if self.filter_text else []
        self.show_position(" · ".join(parts), column.position() if column is not None else "")
