"""What the alerts screen's workers report back, and the jobs its writes run as."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from textual.message import Message

from hotdash_tui.db.alerts import Action, AlertChange, AlertDetails, AlertItem, Cursor
from hotdash_tui.screens.window_messages import DetailsLoaded, WindowLoaded


@dataclass(frozen=True)
class Job:
    """One change the user asked for, run after the ones asked for before it."""

    action: Action
    keys: tuple[uuid.UUID, ...]
    action_taken: str | None = None


class AlertsLoaded(WindowLoaded[AlertItem, Cursor]):
    """A window of the open alerts."""


class AlertsChanged(Message):
    """A job's outcome: one change per alert, or why the job failed."""

    def __init__(self, job: Job, changes: tuple[AlertChange, ...] = (), error: str = "") -> None:
        super().__init__()
        self.job = job
        self.changes = changes
        self.error = error


class AlertDetailsLoaded(DetailsLoaded[AlertDetails]):
    """One alert's details, for the details screen."""
