"""The approvals queue (key 1): both approval sources in one table, decided with single keys.

Rows are keyset windows, the next one fetched as the cursor nears the end. Decisions run one
at a time in the order they were asked for (a queue of jobs, one worker at a time), so
pressing a on fifty rows in a row decides fifty rows: a row being decided shows … and the
cursor moves on at once. When the last job is done the window is read again."""

from __future__ import annotations

from collections import deque
from typing import ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from hotdash_tui.db.approvals import (
    FILTER_SPEC,
    ApprovalFilter,
    ApprovalItem,
    Cursor,
    Decision,
    count_approvals,
    decide_items,
    describe_count,
    load_approvals,
    load_details,
    undo_decision,
)
from hotdash_tui.db.errors import describe_error
from hotdash_tui.filters import FilterError, parse_filter
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.approval_details import ApprovalDetailsScreen, DetailsChoice
from hotdash_tui.screens.approval_report import decision_report, undo_report
from hotdash_tui.screens.approvals_messages import (
    ApprovalDetailsLoaded,
    ApprovalsDecided,
    ApprovalsLoaded,
    Job,
)
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.widgets.approvals_table import ApprovalsTable
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.reason_dialog import ReasonDialog

PAGE = 100  # rows per window
PREFETCH = 10  # the next window is read when the cursor is this close to the end
MAX_RELOAD = 2_000  # a refresh re-reads at most this many rows, so DataTable stays small


class ApprovalsScreen(HotdashScreen):
    """Pending first, oldest first; a approves, r rejects, space marks, u undoes."""

    SCREEN_NAME = "Approvals"
    WATCHES = frozenset({"public.approvals_queue", "public.AgentApproval"})
    WRITE_ACTIONS = frozenset({"approve", "reject", "undo"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "approve", "Approve", id="approvals.approve"),
        Binding("r", "reject", "Reject", id="approvals.reject"),
        Binding("u", "undo", "Undo", id="approvals.undo"),
        Binding("space", "toggle_mark", "Mark", key_display="␣", id="approvals.mark"),
        Binding("enter", "details", "Details", id="approvals.details"),
        Binding("slash", "filter", "Filter", key_display="/", id="approvals.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="approvals.clear"),
        Binding("j", "cursor('down')", "Down", show=False, id="approvals.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="approvals.up"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.spec = ApprovalFilter()
        self._spec_label = ""  # the applied filter, normalised, for the header
        self.total: int | None = None
        self._next_cursor: Cursor | None = None
        self._generation = 0  # a read started before the latest one is ignored
        self._loading_more = False
        self._jobs: deque[Job] = deque()
        self._busy = False
        self._undo_stack: list[tuple[Decision, ...]] = []

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield ApprovalsTable(lambda: self.hotdash.clock(), id="approvals-table")
        yield Static("", id="approvals-empty")
        yield FilterBar(
            "source: status: type: or text; enter applies, esc clears", id="approvals-filter"
        )
        yield Footer(compact=True)  # compact: every key of this screen fits at 80 columns

    @property
    def table(self) -> ApprovalsTable:
        return self.query_one(ApprovalsTable)

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
        """Reads the rows shown again (at least a window); the cursor keeps its item."""
        self._generation += 1
        self._loading_more = False
        limit = min(max(PAGE, len(self.table.items)), MAX_RELOAD)
        self._load(self._generation, self.spec, limit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="approvals-load")
    def _load(self, generation: int, spec: ApprovalFilter, limit: int) -> None:
        engine = self.hotdash.database.engine
        try:
            window = load_approvals(engine, spec, limit=limit)
            total = count_approvals(engine, spec)
        except Exception as exc:
            self.post_message(ApprovalsLoaded(generation, error=describe_error(exc)))
        else:
            self.post_message(ApprovalsLoaded(generation, window.items, window.next_cursor, total))

    @work(thread=True, exclusive=True, exit_on_error=False, group="approvals-more")
    def _load_more(self, generation: int, spec: ApprovalFilter, after: Cursor) -> None:
        try:
            window = load_approvals(self.hotdash.database.engine, spec, after=after, limit=PAGE)
        except Exception as exc:
            self.post_message(ApprovalsLoaded(generation, append=True, error=describe_error(exc)))
        else:
            self.post_message(
                ApprovalsLoaded(generation, window.items, window.next_cursor, append=True)
            )

    def on_approvals_loaded(self, message: ApprovalsLoaded) -> None:
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
            empty = self.query_one("#approvals-empty", Static)
            empty.update("" if table.items else self._empty_text())
            empty.display = not table.items
        self._show_position()

    def _empty_text(self) -> str:
        if self.spec == ApprovalFilter():
            return "Nothing is waiting for a decision."
        return "No approvals match this filter; esc clears it."

    def _show_position(self) -> None:
        where = self.spec_label()
        if self.total is None:
            self.show_position(where)
            return
        row = self.table.cursor_row + 1 if self.table.items else 0
        self.show_position(f"{where} · row {row} of {describe_count(self.total)}")

    def spec_label(self) -> str:
        """The filter in force as the header shows it; the default view reads "pending"."""
        return self._spec_label or "pending"

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
        self._apply(ApprovalFilter.from_parsed(parsed), parsed.describe())

    def action_clear_filter(self) -> None:
        if self.filter_bar.value or self.spec != ApprovalFilter():
            self.filter_bar.value = ""
            self._apply(ApprovalFilter(), "")

    def _apply(self, spec: ApprovalFilter, label: str) -> None:
        self.spec = spec
        self._spec_label = label
        self.table.show([], None, 0)  # a new view starts at its top
        self.table.focus()
        self.reload()

    # Deciding ------------------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        self.table.toggle_mark()
        self.table.action_cursor_down()

    def action_approve(self) -> None:
        self._approve(self.table.targets())

    def action_reject(self) -> None:
        self._reject(self.table.targets())

    def _approve(self, targets: list[ApprovalItem]) -> None:
        if not targets:
            self.notify("Nothing here to approve.")
            return
        self._submit(Job("approve", tuple(item.key for item in targets)))

    def _reject(self, targets: list[ApprovalItem]) -> None:
        if not targets:
            self.notify("Nothing here to reject.")
            return
        keys = tuple(item.key for item in targets)
        question = (
            f"Reject {targets[0].summary or targets[0].kind}: why?"
            if len(keys) == 1
            else f"Reject {len(keys)} marked items: why?"
        )

        def rejected(reason: str | None) -> None:
            if reason:  # None: cancelled with esc, and nothing is written
                self._submit(Job("reject", keys, reason))

        self.app.push_screen(ReasonDialog(question), rejected)

    def action_undo(self) -> None:
        self._jobs.append(Job("undo"))
        self._pump()

    def _submit(self, job: Job) -> None:
        table = self.table
        table.in_flight |= set(job.keys)
        table.redraw(job.keys)
        if len(job.keys) == 1 and not table.marked:
            table.action_cursor_down()  # on to the next row while this one is decided
        else:
            table.marked -= set(job.keys)
            table.redraw(job.keys)
        self._jobs.append(job)
        self._pump()

    def _pump(self) -> None:
        """Starts the next job when none is running; an undo takes the newest decisions made
        by then, which is why it is resolved here and not when u was pressed."""
        if self._busy or not self._jobs:
            return
        job = self._jobs.popleft()
        if job.kind == "undo":
            if not self._undo_stack:
                self.notify("Nothing of yours to undo on this screen.")
                self._pump()
                return
            job = Job("undo", undo=self._undo_stack.pop())
        self._busy = True
        self._run(job)

    @work(thread=True, exclusive=True, exit_on_error=False, group="approvals-write")
    def _run(self, job: Job) -> None:
        app = self.hotdash
        engine, actor = app.database.engine, app.database.settings.identity
        try:
            if job.kind == "undo":
                undone = tuple(undo_decision(engine, d, actor) for d in job.undo)
                self.post_message(ApprovalsDecided(job, undone=undone))
                return
            decisions = decide_items(
                engine, job.keys, job.kind, actor, reason=job.reason, now=app.clock()
            )
        except Exception as exc:
            self.post_message(ApprovalsDecided(job, error=describe_error(exc)))
        else:
            self.post_message(ApprovalsDecided(job, decisions=decisions))

    def on_approvals_decided(self, message: ApprovalsDecided) -> None:
        self._busy = False
        table = self.table
        table.in_flight -= set(message.job.keys)
        now = self.hotdash.clock()
        if message.error:
            self.notify(message.error, title="Not saved", severity="error", timeout=8)
        elif message.job.kind == "undo":
            self.notify(undo_report(message.undone, now))
        else:
            made = tuple(d for d in message.decisions if d.decided)
            if made:
                self._undo_stack.append(made)
            lost = len(made) < len(message.decisions)
            names = {item.key: item.summary or item.kind for item in table.items}
            self.notify(
                decision_report(message.decisions, now, names),
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

    @work(thread=True, exclusive=True, exit_on_error=False, group="approvals-details")
    def _load_details(self, item: ApprovalItem) -> None:
        try:
            details = load_details(self.hotdash.database.engine, item.source, item.id)
        except Exception as exc:
            self.post_message(ApprovalDetailsLoaded(None, describe_error(exc)))
        else:
            self.post_message(ApprovalDetailsLoaded(details))

    def on_approval_details_loaded(self, message: ApprovalDetailsLoaded) -> None:
        if message.error:
            self.notify(message.error, title="Details", severity="error")
            return
        details = message.details
        if details is None:
            self.notify("That approval no longer exists.", severity="warning")
            self.reload()
            return
        key = details.item.key

        def chosen(choice: DetailsChoice | None) -> None:
            # Decides the item shown, whatever else is marked; if it left the table meanwhile
            # there is nothing to decide here.
            table = self.table
            item = next((i for i in table.items if i.key == key), None)
            targets = [item] if item is not None and item.key not in table.in_flight else []
            if choice == "approve":
                self._approve(targets)
            elif choice == "reject":
                self._reject(targets)

        self.app.push_screen(ApprovalDetailsScreen(details, self.hotdash.clock()), chosen)
