"""The messages the board's thread workers post back to the screen (UI thread only)."""

from __future__ import annotations

from textual.message import Message

from hotdash_tui.db.board.read import Board, ColumnCursor, ColumnPage, Stage, TaskCard
from hotdash_tui.db.board.write import LostRace, Moved


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
