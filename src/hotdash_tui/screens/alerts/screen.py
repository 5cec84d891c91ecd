"""Competitor alerts (key 3): open alerts, new first, most severe first, newest first; v marks
viewed, x actioned (asking what was done), d dismisses, on the cursor's row or every marked row.

Rows are keyset windows, the next one read as the cursor nears the end. Changes run one job
at a time in the order they were asked for (:mod:`hotdash_tui.screens.queued`), so pressing
d on ten rows in a row dismisses ten rows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from sqlalchemy import Connection
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from hotdash_tui.db.alerts import (
    ACTION_TAKEN_MAX,
    FILTER_SPEC,
    Action,
    AlertChange,
    AlertDetails,
    AlertFilter,
    AlertItem,
    Cursor,
    change_alerts,
    count_alerts,
    describe_count,
    load_alerts,
    load_details,
    undo_change,
)
from hotdash_tui.db.engine import window_and_count
from hotdash_tui.db.errors import describe_error
from hotdash_tui.filters import ParsedFilter
from hotdash_tui.screens.alerts.details import AlertDetailsScreen
from hotdash_tui.screens.alerts.report import change_report, undo_report
from hotdash_tui.screens.alerts.table import AlertsTable
from hotdash_tui.screens.queued import QueuedWritesScreen
from hotdash_tui.screens.windowed import PAGE
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.reason_dialog import ReasonDialog

ACTION_TAKEN_REQUIRED = "Say what was done, or press esc to cancel."


@dataclass(frozen=True)
class Job:
    """One change the user asked for, run after the ones asked for before it."""

    action: Action | Literal["undo"]
    keys: tuple[uuid.UUID, ...] = ()
    action_taken: str | None = None
    undo: tuple[AlertChange, ...] = ()


class AlertsScreen(
    QueuedWritesScreen[AlertItem, Cursor, AlertFilter, Job, tuple[AlertChange, ...]]
):
    """Open alerts; v viewed, x actioned, d dismiss, space marks, enter details, / filters."""

    SCREEN_NAME = "Alerts"
    WATCHES = frozenset({"competitors.alerts"})
    WRITE_ACTIONS = frozenset({"change", "undo"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "change('view')", "Viewed", id="alerts.view"),
        Binding("x", "change('action')", "Action", id="alerts.action"),
        Binding("d", "change('dismiss')", "Dismiss", id="alerts.dismiss"),
        Binding("u", "undo", "Undo", id="alerts.undo"),
        Binding("space", "toggle_mark", "Mark", key_display="␣", id="alerts.mark"),
        Binding("enter", "details", "Details", id="alerts.details"),
        Binding("slash", "filter", "Filter", key_display="/", id="alerts.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="alerts.clear"),
        Binding("j", "cursor('down')", "Down", show=False, id="alerts.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="alerts.up"),
    ]

    AREA = "alerts"
    FILTER_SPEC = FILTER_SPEC

    def __init__(self) -> None:
        super().__init__(AlertFilter())

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield AlertsTable(lambda: self.hotdash.clock(), id="alerts-table")
        yield Static("", id="alerts-empty")
        yield FilterBar(
            "severity: type: status: competitor: listing: or text; esc clears", id="alerts-filter"
        )
        yield KeyBar()

    @property
    def table(self) -> AlertsTable:
        return self.query_one(AlertsTable)

    # Reading -------------------------------------------------------------------------------

    def default_spec(self) -> AlertFilter:
        return AlertFilter()

    def spec_from(self, parsed: ParsedFilter) -> AlertFilter:
        return AlertFilter.from_parsed(parsed)

    def read_first(
        self, spec: AlertFilter, limit: int
    ) -> tuple[Sequence[AlertItem], Cursor | None, int]:
        def window(conn: Connection) -> tuple[Sequence[AlertItem], Cursor | None]:
            found = load_alerts(conn, spec, limit=limit)
            return found.items, found.next_cursor

        engine = self.hotdash.database.engine
        return window_and_count(engine, window, lambda conn: count_alerts(conn, spec))

    def read_more(
        self, spec: AlertFilter, after: Cursor
    ) -> tuple[Sequence[AlertItem], Cursor | None]:
        window = load_alerts(self.hotdash.database.engine, spec, after=after, limit=PAGE)
        return window.items, window.next_cursor

    def empty_text(self) -> str:
        if self.spec == AlertFilter():
            return "No open competitor alerts."
        return "No alerts match this filter; esc clears it."

    def place(self) -> str:
        return self._spec_label or "open"

    def describe_total(self, total: int) -> str:
        return describe_count(total)

    # Changing ------------------------------------------------------------------------------

    def action_change(self, action: Action) -> None:
        self._change(action, self.table.targets(), self.marks_gone())

    def _change(
        self, action: Action, targets: list[AlertItem], gone: tuple[uuid.UUID, ...] = ()
    ) -> None:
        keys = (*(item.key for item in targets), *gone)
        if not keys:
            self.notify("No alert here to change.")
            return
        if action != "action":
            self.submit(Job(action, keys))
            return
        question = (
            f"Mark {targets[0].name} actioned: what was done?"
            if len(keys) == 1 and targets
            else f"Mark {len(keys)} marked alerts actioned: what was done?"
        )

        def answered(action_taken: str | None) -> None:
            if action_taken:  # None: cancelled with esc, and nothing is written
                self.submit(Job("action", keys, action_taken))

        dialog = ReasonDialog(
            question,
            placeholder="what was done (required)",
            hint="enter: mark actioned   esc: cancel",
            required=ACTION_TAKEN_REQUIRED,
            max_length=ACTION_TAKEN_MAX,
        )
        self.app.push_screen(dialog, answered)

    def action_undo(self) -> None:
        self.enqueue(Job("undo"))

    def prepare(self, job: Job) -> Job | None:
        # An undo takes the newest changes made by the time its turn comes.
        if job.action != "undo":
            return job
        undo = self.take_undo()
        return None if undo is None else Job("undo", undo=undo)

    def write(self, job: Job) -> tuple[AlertChange, ...]:
        app = self.hotdash
        engine, actor = app.database.engine, app.database.settings.identity
        if job.action == "undo":
            return tuple(undo_change(engine, change, actor) for change in job.undo)
        return change_alerts(
            engine, job.keys, job.action, actor, action_taken=job.action_taken, now=app.clock()
        )

    def report(self, job: Job, outcome: tuple[AlertChange, ...]) -> None:
        if job.action == "undo":
            self.notify(undo_report(outcome, self.hotdash.clock()))
            back = next((change.id for change in outcome if change.done), None)
            if back is not None:
                self.land_on(self.table.row_key(back))
            return
        self.remember_for_undo(tuple(change for change in outcome if change.done))
        lost = any(not change.done for change in outcome)
        names = {item.key: item.name for item in self.table.items}
        self.notify(
            change_report(outcome, self.hotdash.clock(), names),
            severity="warning" if lost else "information",
        )

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
            self.post_message(self.DetailsLoaded(None, describe_error(exc)))
        else:
            self.post_message(self.DetailsLoaded(details))

    @on(QueuedWritesScreen.DetailsLoaded)
    def details_loaded(self, message: QueuedWritesScreen.DetailsLoaded[AlertDetails]) -> None:
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
