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
from hotdash_tui.screens.approvals.table import Key
from hotdash_tui.screens.window_messages import DetailsLoaded, WindowLoaded


@dataclass(frozen=True)
class Job:
    """One thing the user asked to be written, run after the ones asked for before it."""

    kind: Literal["approve", "reject", "undo"]
    keys: tuple[Key, ...] = ()
    reason: str | None = None
    undo: tuple[Decision, ...] = ()


class ApprovalsLoaded(WindowLoaded[ApprovalItem, Cursor]):
    """A window of the approvals queue."""


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


class ApprovalDetailsLoaded(DetailsLoaded[ApprovalDetails]):
    """One approval's details, for the details screen."""
