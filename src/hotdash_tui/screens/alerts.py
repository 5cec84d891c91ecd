"""Competitor alerts (key 3): open alerts, new first, most severe first, newest first; v marks
viewed, x actioned (asking what was done), d dismisses, on the cursor's row or every marked row.

Rows are keyset windows, the next one read as the cursor nears the end. Changes run one job
at a time in the order they were asked for, so pressing d on ten rows in a row dismisses ten
rows: a row being changed shows … and the cursor moves on at once. When the last job is
done the rows are read again."""

from __future__ import annotations

from collections import deque
from typing import ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from hotdash_tui.db.alerts import (
    FILTER_SPEC,
    Action,
    AlertFilter,
    AlertItem,
    Cursor,
    change_alerts,
    count_alerts,
    describe_count,
    load_alerts,
    load_details,
)
from hotdash_tui.db.errors import describe_error
from hotdash_tui.filters import FilterError, parse_filter
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.alert_details import AlertDetailsScreen
from hotdash_tui.screens.alerts_messages import AlertDetailsLoaded, AlertsChanged, AlertsLoaded, Job
from hotdash_tui.screens.alerts_report import change_report
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.widgets.alerts_table import AlertsTable
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.reason_dialog import ReasonDialog

PAGE = 100  # rows per window
PREFETCH = 10  # the next window is read when the cursor is this close to the end
MAX_RELOAD = 2_000  # a refresh re-reads at most this many rows, so DataTable stays small
ACTION_TAKEN_REQUIRED = "Say what was done, or press esc to cancel."


class AlertsScreen(HotdashScreen):
    """Open alerts; v viewed, x actioned, d dismiss, space marks, enter details, / filters."""

    SCREEN_NAME = "Alerts"
    WATCHES = frozenset({"competitors.alerts"})
    WRITE_ACTIONS = frozenset({"change"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "change('view')", "Viewed", id="alerts.view"),
        Binding("x", "change('action')", "Action", id="alerts.action"),
        Binding("d", "change('dismiss')", "Dismiss", id="alerts.dismiss"),
        Binding("space", "toggle_mark", "Mark", key_display="␣", id="alerts.mark"),
        Binding("enter", "details", "Details", id="alerts.details"),
        Binding("slash", "filter", "Filter", key_display="/", id="alerts.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="alerts.clear"),
        Binding("j", "cursor('down')", "Down", show=False, id="alerts.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="alerts.up"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.spec = AlertFilter()
        self._spec_label = ""  # the applied filter, normalised, for the header
        self.total: int | None = None
        self._next_cursor: Cursor | None = None
        self._generation = 0  # a read started before the latest one is ignored
        self._loading_more = False
        self._jobs: deque[Job] = deque()
        self._busy = False

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield AlertsTable(lambda: self.hotdash.clock(), id="alerts-table")
        yield Static("", id="alerts-empty")
        yield FilterBar(
            "severity: type: status: competitor: listing: or text; esc clears", id="alerts-filter"
        )
        yield Footer(compact=True)

    @property
    def table(self) -> AlertsTable:
        return self.query_one(AlertsTable)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self.table.fit_width(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.table.fit_width(event.size.width)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload()  # shown first, or back from another screen or a dialog: current rows

    # Reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Reads the rows shown again (at least a window); the cursor keeps its alert."""
        self._generation += 1
        self._loading_more = False
        limit = min(max(PAGE, len(self.table.items)), MAX_RELOAD)
        self._load(self._generation, self.spec, limit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="alerts-load")
    def _load(self, generation: int, spec: AlertFilter, limit: int) -> None:
        engine = self.hotdash.database.engine
        try:
            window = load_alerts(engine, spec, limit=limit)
            total = count_alerts(engine, spec)
        except Exception as exc:
            self.post_message(AlertsLoaded(generation, error=describe_error(exc)))
        else:
            self.post_message(AlertsLoaded(generation, window.items, window.next_cursor, total))

    @work(thread=True, exclusive=True, exit_on_error=False, group="alerts-more")
    def _load_more(self, generation: int, spec: AlertFilter, after: Cursor) -> None:
        try:
            window = load_alerts(self.hotdash.database.engine, spec, after=after, limit=PAGE)
        except Exception as exc:
            self.post_message(AlertsLoaded(generation, append=True, error=describe_error(exc)))
        else:
            self.post_message(
                AlertsLoaded(generation, window.items, window.next_cursor, append=True)
            )

    def on_alerts_loaded(self, message: AlertsLoaded) -> None:
        self.app.post_message(ConnectionStateChanged(not message.error, message.error))
        if message.generation != self._generation:
            return  # overtaken by a newer read
        if message.append:
            self._loading_more = False
        if message.error:
            return  # the App shows it in the header and as a notice
        self._next_cursor = message.next_cursor
        table = self.table
        if message.append:
            table.extend(message.items)
        else:
            self.total = message.total
            focus = table.current.key if table.current else None
            table.show(message.items, focus, table.cursor_row)
            empty = self.query_one("#alerts-empty", Static)
            empty.update("" if table.items else self._empty_text())
            empty.display = not table.items
        self._show_position()

    def _empty_text(self) -> str:
        if self.spec == AlertFilter():
            return "No open competitor alerts."
        return "No alerts match this filter; esc clears it."

    def _show_position(self) -> None:
        where = self._spec_label or "open"
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
        event.stop()  # enter on the table opens the details, as enter elsewhere does
        self.action_details()

    def action_cursor(self, direction: str) -> None:
        if direction == "down":
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    # Filter --------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.filter_bar.open()

    def on_filter_bar_applied(self, message: FilterBar.Applied) -> None:
        try:
            parsed = parse_filter(message.value, FILTER_SPEC)
        except FilterError as exc:
            self.notify(str(exc), title="Filter", severity="error")
            return
        self._apply(AlertFilter.from_parsed(parsed), parsed.describe())

    def action_clear_filter(self) -> None:
        if self.filter_bar.value or self.spec != AlertFilter():
            self.filter_bar.value = ""
            self._apply(AlertFilter(), "")

    def _apply(self, spec: AlertFilter, label: str) -> None:
        self.spec = spec
        self._spec_label = label
        self.table.show([], None, 0)  # a new view starts at its top
        self.table.focus()
        self.reload()

    # Changing ------------------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        self.table.toggle_mark()
        self.table.action_cursor_down()

    def action_change(self, action: Action) -> None:
        self._change(action, self.table.targets())

    def _change(self, action: Action, targets: list[AlertItem]) -> None:
        if not targets:
            self.notify("No alert here to change.")
            return
        keys = tuple(item.key for item in targets)
        if action != "action":
            self._submit(Job(action, keys))
            return
        question = (
            f"Mark {targets[0].name} actioned: what was done?"
            if len(keys) == 1
            else f"Mark {len(keys)} marked alerts actioned: what was done?"
        )

        def answered(action_taken: str | None) -> None:
            if action_taken:  # None: cancelled with esc, and nothing is written
                self._submit(Job("action", keys, action_taken))

        dialog = ReasonDialog(
            question,
            placeholder="what was done (required)",
            hint="enter: mark actioned   esc: cancel",
            required=ACTION_TAKEN_REQUIRED,
        )
        self.app.push_screen(dialog, answered)

    def _submit(self, job: Job) -> None:
        table = self.table
        table.in_flight |= set(job.keys)
        if len(job.keys) == 1 and not table.marked:
            table.action_cursor_down()  # on to the next row while this one is changed
        else:
            table.marked -= set(job.keys)
        table.redraw(job.keys)
        self._jobs.append(job)
        self._pump()

    def _pump(self) -> None:
        if self._busy or not self._jobs:
            return
        self._busy = True
        self._run(self._jobs.popleft())

    @work(thread=True, exclusive=True, exit_on_error=False, group="alerts-write")
    def _run(self, job: Job) -> None:
        app = self.hotdash
        engine, actor = app.database.engine, app.database.settings.identity
        try:
            changes = change_alerts(
                engine, job.keys, job.action, actor, action_taken=job.action_taken, now=app.clock()
            )
        except Exception as exc:
            self.post_message(AlertsChanged(job, error=describe_error(exc)))
        else:
            self.post_message(AlertsChanged(job, changes))

    def on_alerts_changed(self, message: AlertsChanged) -> None:
        self._busy = False
        table = self.table
        table.in_flight -= set(message.job.keys)
        if message.error:
            self.notify(message.error, title="Not saved", severity="error", timeout=8)
        else:
            lost = any(not change.done for change in message.changes)
            names = {item.key: item.name for item in table.items}
            self.notify(
                change_report(message.changes, self.hotdash.clock(), names),
                severity="warning" if lost else "information",
            )
        if self._jobs:
            table.redraw(message.job.keys)
            self._pump()
        else:
            self.reload()

    # Details -------------------------------------------------------------------------------

    def action_details(self) -> None:
        item = self.table.current
        if item is not None:
            self._load_details(item)

    @work(thread=True, exclusive=True, exit_on_error=False, group="alerts-details")
    def _load_details(self, item: AlertItem) -> None:
        app = self.hotdash
        try:
            details = load_details(app.database.engine, item.id, app.clock())
        except Exception as exc:
            self.post_message(AlertDetailsLoaded(None, describe_error(exc)))
        else:
            self.post_message(AlertDetailsLoaded(details))

    def on_alert_details_loaded(self, message: AlertDetailsLoaded) -> None:
        if message.error:
            self.notify(message.error, title="Details", severity="error")
            return
        details = message.details
        if details is None:
            self.notify("That alert no longer exists.", severity="warning")
            self.reload()
            return
        key = details.item.key

        def chosen(action: Action | None) -> None:
            # Changes the alert shown, whatever else is marked; if it left the list meanwhile
            # there is nothing to change here.
            table = self.table
            item = next((i for i in table.items if i.key == key), None)
            if action is not None:
                targets = [item] if item is not None and item.key not in table.in_flight else []
                self._change(action, targets)

        self.app.push_screen(AlertDetailsScreen(details, self.hotdash.clock()), chosen)
