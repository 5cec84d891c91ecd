"""Pipeline runs (key 5): one log, newest first, over every run record of the seeds.

Lines are keyset windows, the next one read as the cursor nears the end. `f` follows new runs
by polling: every FOLLOW_SECONDS, while the screen is shown, it reads the top window again and
keeps the cursor on the newest line (LISTEN/NOTIFY is a later issue). `R` re-queues a failed
system job in one guarded, audited transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from sqlalchemy import Connection
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from hotdash_tui.db.engine import window_and_count
from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.runs import (
    FILTER_SPEC,
    RetryResult,
    RunCursor,
    RunDetails,
    RunFilter,
    RunLine,
    count_runs,
    describe_count,
    load_run_details,
    load_runs,
    retry_system_job,
)
from hotdash_tui.filters import ParsedFilter
from hotdash_tui.screens.following import FollowingScreen
from hotdash_tui.screens.runs.details import DetailsChoice, RunDetailsScreen
from hotdash_tui.screens.runs.report import refusal, retry_report
from hotdash_tui.screens.runs.table import RunsTable
from hotdash_tui.screens.windowed import PAGE
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar


class RunsScreen(FollowingScreen[RunLine, RunCursor, RunFilter]):
    """Newest first; enter opens a run, f follows new runs, R re-queues a failed system job."""

    SCREEN_NAME = "Runs"
    WATCHES = frozenset({"public.pipeline_runs", "public.jobs", "system.jobs", "public.agent_run"})
    WRITE_ACTIONS = frozenset({"retry"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", id="runs.details"),
        Binding("f", "follow", "Follow", id="runs.follow"),
        Binding("R", "retry", "Re-queue", id="runs.retry"),
        Binding("slash", "filter", "Filter", key_display="/", id="runs.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="runs.clear"),
        Binding("j", "cursor('down')", "Down", show=False, id="runs.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="runs.up"),
    ]

    AREA = "runs"
    FOLLOWS = "new runs"
    FILTER_SPEC = FILTER_SPEC

    class LineDetailsLoaded(Message):
        """A run's details (None when it no longer exists), or why they could not be read."""

        def __init__(self, line: RunLine, details: RunDetails | None, error: str = "") -> None:
            super().__init__()
            self.line = line
            self.details = details
            self.error = error

    class Retried(Message):
        """The outcome of R on one system job, or why it failed."""

        def __init__(self, line: RunLine, result: RetryResult | None, error: str = "") -> None:
            super().__init__()
            self.line = line
            self.result = result
            self.error = error

    def __init__(self) -> None:
        super().__init__(RunFilter())

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield RunsTable(lambda: self.hotdash.clock(), id="runs-table")
        yield Static("", id="runs-empty")
        yield FilterBar(
            "status: stage: source: since: or text; enter applies, esc clears", id="runs-filter"
        )
        yield KeyBar()

    @property
    def table(self) -> RunsTable:
        return self.query_one(RunsTable)

    # Reading -------------------------------------------------------------------------------

    def default_spec(self) -> RunFilter:
        return RunFilter()

    def spec_from(self, parsed: ParsedFilter) -> RunFilter:
        return RunFilter.from_parsed(parsed)

    def read_first(
        self, spec: RunFilter, limit: int
    ) -> tuple[Sequence[RunLine], RunCursor | None, int]:
        now = self.hotdash.clock()

        def window(conn: Connection) -> tuple[Sequence[RunLine], RunCursor | None]:
            found = load_runs(conn, spec, now, limit=limit)
            return found.lines, found.next_cursor

        engine = self.hotdash.database.engine
        return window_and_count(engine, window, lambda conn: count_runs(conn, spec, now))

    def read_more(
        self, spec: RunFilter, after: RunCursor
    ) -> tuple[Sequence[RunLine], RunCursor | None]:
        engine, now = self.hotdash.database.engine, self.hotdash.clock()
        window = load_runs(engine, spec, now, after=after, limit=PAGE)
        return window.lines, window.next_cursor

    def empty_text(self) -> str:
        if self.spec == RunFilter():
            return "No runs recorded yet."
        return "No runs match this filter; esc clears it."

    def place(self) -> str:
        return self.following_label() + (self._spec_label or "all runs")

    def describe_total(self, total: int) -> str:
        return describe_count(total)

    # Details and re-queue ------------------------------------------------------------------

    def action_details(self) -> None:
        line = self.table.current
        if line is not None:
            self._load_details(line)

    @work(thread=True, exclusive=True, exit_on_error=False, group="runs-details")
    def _load_details(self, line: RunLine) -> None:
        try:
            details = load_run_details(self.hotdash.database.engine, line)
        except Exception as exc:
            self.post_message(self.LineDetailsLoaded(line, None, describe_error(exc)))
        else:
            self.post_message(self.LineDetailsLoaded(line, details))

    @on(LineDetailsLoaded)
    def details_loaded(self, message: LineDetailsLoaded) -> None:
        if message.error:
            self.notify(message.error, title="Details", severity="error")
            return
        if message.details is None:
            self.notify("That run no longer exists.", severity="warning")
            self.reload()
            return
        line = message.line

        def chosen(choice: DetailsChoice | None) -> None:
            if choice == "retry":
                self._retry(line)

        self.app.push_screen(RunDetailsScreen(message.details, self.hotdash.clock()), chosen)

    def action_retry(self) -> None:
        line = self.table.current
        if line is None:
            self.notify("Nothing here to re-queue.")
            return
        self._retry(line)

    def _retry(self, line: RunLine) -> None:
        reason = refusal(line)
        if reason is not None:
            self.notify(reason, severity="warning")
            return
        self._run_retry(line)

    @work(thread=True, exclusive=True, exit_on_error=False, group="runs-write")
    def _run_retry(self, line: RunLine) -> None:
        app = self.hotdash
        actor = app.database.settings.identity
        try:
            assert line.key_uuid is not None  # a system job's key is its UUID
            result = retry_system_job(app.database.engine, line.key_uuid, actor, now=app.clock())
        except Exception as exc:
            self.post_message(self.Retried(line, None, describe_error(exc)))
        else:
            self.post_message(self.Retried(line, result))

    @on(Retried)
    def retried(self, message: Retried) -> None:
        if message.error or message.result is None:
            self.notify(message.error, title="Not saved", severity="error", timeout=8)
            return
        result = message.result
        report = retry_report(message.line, result, self.hotdash.clock())
        self.notify(report, severity="information" if result.queued else "warning")
        self.reload()
