"""What the approvals screen's workers report back, and the jobs its writes run as."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.message import Message

from hotdash_tui.db.approvals import (
    ApprovalDetails,
    ApprovalItem,
    Cursor,
    Decision,
    UndoResult,
)
from hotdash_tui.widgets.approvals_table import Key


@dataclass(frozen=True)
class Job:
    """One thing the user asked to be written, run after the ones asked for before it."""

    kind: Literal["approve", "reject", "undo"]
    keys: tuple[Key, ...] = ()
    reason: str | None = None
    undo: tuple[Decision, ...] = ()


class ApprovalsLoaded(Message):
    """A window read by a worker; ``append`` when it continues the rows shown."""

    def __init__(
        self,
        generation: int,
        items: tuple[ApprovalItem, ...] = (),
        next_cursor: Cursor | None = None,
        total: int | None = None,
        *,
        append: bool = False,
        error: str = "",
    ) -> None:
        super().__init__()
        self.generation = generation
        self.items = items
        self.next_cursor = next_cursor
        self.total = total
        self.append = append
        self.error = error


class ApprovalsDecided(Message):
    """A job's outcome: the decisions or undos it made, or why it failed."""

    def __init__(
        self,
        job: Job,
        decisions: tuple[Decision, ...] = (),
        undone: tuple[UndoResult, ...] = (),
        error: str = "",
    ) -> None:
        super().__init__()
        self.job = job
        self.decisions = decisions
        self.undone = undone
        self.error = error


class ApprovalDetailsLoaded(Message):
    def __init__(self, details: ApprovalDetails | None, error: str = "") -> None:
        super().__init__()
        self.details = details
        self.error = error
