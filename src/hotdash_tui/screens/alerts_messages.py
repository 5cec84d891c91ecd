"""What the alerts screen's workers report back, and the jobs its writes run as."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from textual.message import Message

from hotdash_tui.db.alerts import Action, AlertChange, AlertDetails, AlertItem, Cursor


@dataclass(frozen=True)
class Job:
    """One change the user asked for, run after the ones asked for before it."""

    action: Action
    keys: tuple[uuid.UUID, ...]
    action_taken: str | None = None


class AlertsLoaded(Message):
    """A window read by a worker; ``append`` when it continues the rows shown."""

    def __init__(
        self,
        generation: int,
        items: tuple[AlertItem, ...] = (),
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


class AlertsChanged(Message):
    """A job's outcome: one change per alert, or why the job failed."""

    def __init__(self, job: Job, changes: tuple[AlertChange, ...] = (), error: str = "") -> None:
        super().__init__()
        self.job = job
        self.changes = changes
        self.error = error


class AlertDetailsLoaded(Message):
    def __init__(self, details: AlertDetails | None, error: str = "") -> None:
        super().__init__()
        self.details = details
        self.error = error
