"""Pipeline runs (key 5): one log, newest first, over every run record of the seeds.

Lines are keyset windows, the next one read as the cursor nears the end. `f` follows new runs
by polling: every FOLLOW_SECONDS, while the screen is shown, it reads the top window again and
keeps the cursor on the newest line (LISTEN/NOTIFY is a later issue). `R` re-queues a failed
system job in one guarded, audited transaction."""

from __future__ import annotations

from typing import ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Static

from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.runs import (
    FILTER_SPEC,
    RunCursor,
    RunFilter,
    RunLine,
    count_runs,
    describe_count,
    load_run_details,
    load_runs,
    retry_system_job,
)
from hotdash_tui.filters import FilterError, parse_filter
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.screens.run_details import DetailsChoice, RunDetailsScreen
from hotdash_tui.screens.runs_messages import RunDetailsLoaded, RunRetried, RunsLoaded
from hotdash_tui.screens.runs_report import refusal, retry_report
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.runs_table import RunsTable

PAGE = 100  # lines per window
PREFETCH = 10  # the next window is read when the cursor is this close to the end
MAX_RELOAD = 2_000  # a refresh re-reads at most this many lines, so DataTable stays small
FOLLOW_SECONDS = 2.0


class RunsScreen(HotdashScreen):
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

    def __init__(self) -> None:
        super().__init__()
        self.spec = RunFilter()
        self._spec_label = ""
        self.total: int | None = None
        self.following = False
        self._follow_timer: Timer | None = None
        self._next_cursor: RunCursor | None = None
        self._generation = 0  # a read started before the latest one is ignored
        self._loading = False
        self._loading_more = False

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield RunsTable(lambda: self.hotdash.clock(), id="runs-table")
        yield Static("", id="runs-empty")
        yield FilterBar(
            "status: stage: source: since: or text; enter applies, esc clears", id="runs-filter"
        )
        yield Footer(compact=True)

    @property
    def table(self) -> RunsTable:
        return self.query_one(RunsTable)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self.table.fit_width(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.table.fit_width(event.size.width)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload()
        if self.following:
            self._start_timer()

    def on_screen_suspend(self) -> None:
        self._stop_timer()  # a hidden screen polls nothing; resuming starts again

    # Reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Reads the lines shown again (at least a window; only the top one while following)."""
        self._generation += 1
        self._loading, self._loading_more = True, False
        limit = PAGE if self.following else min(max(PAGE, len(self.table.items)), MAX_RELOAD)
        self._load(self._generation, self.spec, limit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="runs-load")
    def _load(self, generation: int, spec: RunFilter, limit: int) -> None:
        engine, now = self.hotdash.database.engine, self.hotdash.clock()
        try:
            window = load_runs(engine, spec, now, limit=limit)
            total = count_runs(engine, spec, now)
        except Exception as exc:
            self.post_message(RunsLoaded(generation, error=describe_error(exc)))
        else:
            self.post_message(RunsLoaded(generation, window.lines, window.next_cursor, total))

    @work(thread=True, exclusive=True, exit_on_error=False, group="runs-more")
    def _load_more(self, generation: int, spec: RunFilter, after: RunCursor) -> None:
        engine, now = self.hotdash.database.engine, self.hotdash.clock()
        try:
            window = load_runs(engine, spec, now, after=after, limit=PAGE)
        except Exception as exc:
            self.post_message(RunsLoaded(generation, append=True, error=describe_error(exc)))
        else:
            self.post_message(RunsLoaded(generation, window.lines, window.next_cursor, append=True))

    def on_runs_loaded(self, message: RunsLoaded) -> None:
        self.app.post_message(ConnectionStateChanged(not message.error, message.error))
        if message.generation != self._generation:
            return  # overtaken by a newer read
        if message.append:
            self._loading_more = False
        else:
            self._loading = False
        if message.error:
            return  # the App shows it in the header and as a notice
        self._next_cursor = message.next_cursor
        table = self.table
        if message.append:
            table.extend(message.lines)
        else:
            self.total = message.total
            if self.following:
                table.show(message.lines, None, 0)  # the newest line, always
            else:
                focus = table.current.key if table.current else None
                table.show(message.lines, focus, table.cursor_row)
            empty = self.query_one("#runs-empty", Static)
            empty.update("" if table.items else self._empty_text())
            empty.display = not table.items
        self._show_position()

    def _empty_text(self) -> str:
        if self.spec == RunFilter():
            return "No runs recorded yet."
        return "No runs match this filter; esc clears it."

    def _show_position(self) -> None:
        where = ("following · " if self.following else "") + (self._spec_label or "all runs")
        if self.total is None:
            self.show_position(where)
            return
        row = self.table.cursor_row + 1 if self.table.items else 0
        self.show_position(f"{where} · row {row} of {describe_count(self.total)}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_position()
        near_end = event.cursor_row >= len(self.table.items) - PREFETCH
        if near_end and self._next_cursor is not None and not self._loading_more:
            self._loading_more = True
            self._load_more(self._generation, self.spec, self._next_cursor)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # enter on the table opens the run, as enter elsewhere does
        self.action_details()

    def action_cursor(self, direction: str) -> None:
        if direction == "down":
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    # Following -----------------------------------------------------------------------------

    def action_follow(self) -> None:
        self.following = not self.following
        if self.following:
            self._start_timer()
            self.notify(f"Following new runs: the newest are read every {FOLLOW_SECONDS:g} s.")
            self.reload()
        else:
            self._stop_timer()
            self.notify("Stopped following.")
            self._show_position()

    def follow_tick(self) -> None:
        """One poll: the top window again, unless a read is still on its way."""
        if self.following and not self._loading:
            self.reload()

    def _start_timer(self) -> None:
        self._stop_timer()
        self._follow_timer = self.set_interval(FOLLOW_SECONDS, self.follow_tick)

    def _stop_timer(self) -> None:
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None

    # Filter --------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.filter_bar.open()

    def on_filter_bar_applied(self, message: FilterBar.Applied) -> None:
        try:
            parsed = parse_filter(message.value, FILTER_SPEC)
            spec = RunFilter.from_parsed(parsed)
        except FilterError as exc:
            self.notify(str(exc), title="Filter", severity="error")
            return
        self._apply(spec, parsed.describe())

    def action_clear_filter(self) -> None:
        if self.filter_bar.value or self.spec != RunFilter():
            self.filter_bar.value = ""
            self._apply(RunFilter(), "")

    def _apply(self, spec: RunFilter, label: str) -> None:
        self.spec, self._spec_label = spec, label
        self.table.show([], None, 0)  # a new view starts at its top
        self.table.focus()
        self.reload()

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
            self.post_message(RunDetailsLoaded(line, None, describe_error(exc)))
        else:
            self.post_message(RunDetailsLoaded(line, details))

    def on_run_details_loaded(self, message: RunDetailsLoaded) -> None:
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
            self.post_message(RunRetried(line, None, describe_error(exc)))
        else:
            self.post_message(RunRetried(line, result))

    def on_run_retried(self, message: RunRetried) -> None:
        if message.error or message.result is None:
            self.notify(message.error, title="Not saved", severity="error", timeout=8)
            return
        result = message.result
        report = retry_report(message.line, result, self.hotdash.clock())
        self.notify(report, severity="information" if result.queued else "warning")
        self.reload()
