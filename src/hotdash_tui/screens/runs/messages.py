"""What the pipeline runs screen's workers report back."""

from __future__ import annotations

from textual.message import Message

from hotdash_tui.db.runs import RetryResult, RunCursor, RunDetails, RunLine
from hotdash_tui.screens.window_messages import WindowLoaded


class RunsLoaded(WindowLoaded[RunLine, RunCursor]):
    """A window of the run log."""


class RunDetailsLoaded(Message):
    def __init__(self, line: RunLine, details: RunDetails | None, error: str = "") -> None:
        super().__init__()
        self.line = line
        self.details = details
        self.error = error


class RunRetried(Message):
    """The outcome of R on one system job, or why it failed."""

    def __init__(self, line: RunLine, result: RetryResult | None, error: str = "") -> None:
        super().__init__()
        self.line = line
        self.result = result
        self.error = error
