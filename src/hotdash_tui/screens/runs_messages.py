"""What the pipeline runs screen's workers report back."""

from __future__ import annotations

from textual.message import Message

from hotdash_tui.db.runs import RetryResult, RunCursor, RunDetails, RunLine


class RunsLoaded(Message):
    """A window read by a worker; ``append`` when it continues the lines shown."""

    def __init__(
        self,
        generation: int,
        lines: tuple[RunLine, ...] = (),
        next_cursor: RunCursor | None = None,
        total: int | None = None,
        *,
        append: bool = False,
        error: str = "",
    ) -> None:
        super().__init__()
        self.generation = generation
        self.lines = lines
        self.next_cursor = next_cursor
        self.total = total
        self.append = append
        self.error = error


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
