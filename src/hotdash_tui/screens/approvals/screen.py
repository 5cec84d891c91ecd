"""The approvals queue (key 1): both approval sources in one table, decided with single keys.

Rows are keyset windows, the next one fetched as the cursor nears the end. Decisions run one
at a time in the order they were asked for (:mod:`hotdash_tui.screens.queued`), so pressing
a on fifty rows in a row decides fifty rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal, TypeAlias, cast

from sqlalchemy import Connection
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from hotdash_tui.db.approvals import (
    FILTER_SPEC,
    ApprovalDetails,
    ApprovalFilter,
    ApprovalItem,
    ApprovalKey,
    Cursor,
    Decision,
    UndoResult,
    count_approvals,
    decide_items,
    describe_count,
    load_approvals,
    load_details,
    undo_decision,
)
from hotdash_tui.db.approvals.decide import NO_AGENT
from hotdash_tui.db.approvals.feedback import Feedback, give_feedback
from hotdash_tui.db.engine import window_and_count
from hotdash_tui.db.errors import describe_error
from hotdash_tui.filters import ParsedFilter
from hotdash_tui.screens.approvals.details import ApprovalDetailsScreen, DetailsChoice
from hotdash_tui.screens.approvals.feedback import FeedbackChoice, FeedbackDialog
from hotdash_tui.screens.approvals.report import decision_report, feedback_report, undo_report
from hotdash_tui.screens.approvals.table import ApprovalsTable
from hotdash_tui.screens.queued import QueuedWritesScreen
from hotdash_tui.screens.windowed import PAGE
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.reason_dialog import ReasonDialog


@dataclass(frozen=True)
class Job:
    """One thing the user asked to be written, run after the ones asked for before it."""

    kind: Literal["approve", "reject", "undo", "feedback"]
    keys: tuple[ApprovalKey, ...] = ()
    reason: str | None = None
    undo: tuple[Decision, ...] = ()
    feedback: Feedback | None = None  # for the agent, with the decision or alone


JobOutcome: TypeAlias = (
    tuple[Decision, ...] | tuple[UndoResult, ...] | tuple[tuple[ApprovalKey, bool], ...]
)


class ApprovalsScreen(QueuedWritesScreen[ApprovalItem, Cursor, ApprovalFilter, Job, JobOutcome]):
    """Pending first, oldest first; a approves, r rejects, space marks, u undoes."""

    SCREEN_NAME = "Approvals"
    WATCHES = frozenset({"public.approvals_queue", "public.AgentApproval"})
    WRITE_ACTIONS = frozenset({"approve", "reject", "undo", "feedback"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "approve", "Approve", id="approvals.approve"),
        Binding("r", "reject", "Reject", id="approvals.reject"),
        Binding("u", "undo", "Undo", id="approvals.undo"),
        Binding("F", "feedback", "Feedback", id="approvals.feedback"),
        Binding("space", "toggle_mark", "Mark", key_display="␣", id="approvals.mark"),
        Binding("enter", "details", "Details", id="approvals.details"),
        Binding("slash", "filter", "Filter", key_display="/", id="approvals.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="approvals.clear"),
        Binding("j", "cursor('down')", "Down", show=False, id="approvals.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="approvals.up"),
    ]

    AREA = "approvals"
    FILTER_SPEC = FILTER_SPEC

    def __init__(self) -> None:
        super().__init__(ApprovalFilter())

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield ApprovalsTable(lambda: self.hotdash.clock(), id="approvals-table")
        yield Static("", id="approvals-empty")
        yield FilterBar(
            "source: status: type: or text; enter applies, esc clears", id="approvals-filter"
        )
        yield KeyBar()

    @property
    def table(self) -> ApprovalsTable:
        return self.query_one(ApprovalsTable)

    # Reading -------------------------------------------------------------------------------

    def default_spec(self) -> ApprovalFilter:
        return ApprovalFilter()

    def spec_from(self, parsed: ParsedFilter) -> ApprovalFilter:
        return ApprovalFilter.from_parsed(parsed)

    def read_first(
        self, spec: ApprovalFilter, limit: int
    ) -> tuple[Sequence[ApprovalItem], Cursor | None, int]:
        def window(conn: Connection) -> tuple[Sequence[ApprovalItem], Cursor | None]:
            found = load_approvals(conn, spec, limit=limit)
            return found.items, found.next_cursor

        engine = self.hotdash.database.engine
        return window_and_count(engine, window, lambda conn: count_approvals(conn, spec))

    def read_more(
        self, spec: ApprovalFilter, after: Cursor
    ) -> tuple[Sequence[ApprovalItem], Cursor | None]:
        window = load_approvals(self.hotdash.database.engine, spec, after=after, limit=PAGE)
        return window.items, window.next_cursor

    def empty_text(self) -> str:
        if self.spec == ApprovalFilter():
            return "Nothing is waiting for a decision."
        return "No approvals match this filter; esc clears it."

    def spec_label(self) -> str:
        """The filter in force as the header shows it; the default view reads "pending"."""
        return self._spec_label or "pending"

    def place(self) -> str:
        return self.spec_label()

    def describe_total(self, total: int) -> str:
        return describe_count(total)

    # Deciding ------------------------------------------------------------------------------

    def action_approve(self) -> None:
        self._approve(self.table.targets(), self.marks_gone())

    def action_reject(self) -> None:
        self._reject(self.table.targets(), self.marks_gone())

    def _approve(self, targets: list[ApprovalItem], gone: tuple[ApprovalKey, ...] = ()) -> None:
        keys = (*(item.key for item in targets), *gone)
        if not keys:
            self.notify("Nothing here to approve.")
            return
        self.submit(Job("approve", keys))

    def _reject(self, targets: list[ApprovalItem], gone: tuple[ApprovalKey, ...] = ()) -> None:
        keys = (*(item.key for item in targets), *gone)
        if not keys:
            self.notify("Nothing here to reject.")
            return
        question = (
            f"Reject {targets[0].summary or targets[0].kind}: why?"
            if len(keys) == 1 and targets
            else f"Reject {len(keys)} marked items: why?"
        )

        def rejected(reason: str | None) -> None:
            if reason:  # None: cancelled with esc, and nothing is written
                self.submit(Job("reject", keys, reason))

        self.app.push_screen(ReasonDialog(question), rejected)

    def action_feedback(self) -> None:
        self._feedback(self.table.targets())

    def _feedback(self, targets: list[ApprovalItem]) -> None:
        agents = tuple(item.key for item in targets if item.source == "agents")
        if not agents:
            self.notify(NO_AGENT if targets else "Nothing here to give feedback on.")
            return
        skipped = len(targets) - len(agents)
        first = next(item for item in targets if item.source == "agents")
        question = (
            f"Feedback to {first.summary or first.kind}"
            if len(agents) == 1
            else f"Feedback to the agents of {len(agents)} marked items"
        )
        if skipped:
            question += f" ({skipped} task approvals left out: they have no agent)"

        def given(choice: FeedbackChoice | None) -> None:
            if choice is None:
                return  # cancelled: nothing is written
            if choice.then == "none":
                self.submit(Job("feedback", agents, feedback=choice.feedback))
            else:
                self.submit(Job(choice.then, agents, choice.reason, feedback=choice.feedback))

        self.app.push_screen(FeedbackDialog(question), given)

    def action_undo(self) -> None:
        self.enqueue(Job("undo"))

    def prepare(self, job: Job) -> Job | None:
        # An undo takes the newest decisions made by the time its turn comes.
        if job.kind != "undo":
            return job
        undo = self.take_undo()
        return None if undo is None else Job("undo", undo=undo)

    def write(self, job: Job) -> JobOutcome:
        app = self.hotdash
        engine, actor = app.database.engine, app.database.settings.identity
        if job.kind == "undo":
            return tuple(undo_decision(engine, d, actor) for d in job.undo)
        if job.kind == "feedback":
            assert job.feedback is not None
            return tuple(
                (key, give_feedback(engine, key[1], job.feedback, actor) is not None)
                for key in job.keys
            )
        return decide_items(
            engine,
            job.keys,
            job.kind,
            actor,
            reason=job.reason,
            now=app.clock(),
            feedback=job.feedback,
        )

    def report(self, job: Job, outcome: JobOutcome) -> None:
        now = self.hotdash.clock()
        if job.kind == "undo":
            undone = cast("tuple[UndoResult, ...]", outcome)
            self.notify(undo_report(undone, now))
            back = next((r.decision for r in undone if r.undone), None)
            if back is not None:
                self.land_on(self.table.row_key((back.source, back.id)))
            return
        if job.kind == "feedback":
            sent = cast("tuple[tuple[ApprovalKey, bool], ...]", outcome)
            self.notify(feedback_report(sent))
            return
        decisions = cast("tuple[Decision, ...]", outcome)
        made = tuple(d for d in decisions if d.decided)
        self.remember_for_undo(made)
        names = {item.key: item.summary or item.kind for item in self.table.items}
        report = decision_report(decisions, now, names)
        if job.feedback is not None and made:
            report += f" Feedback sent with {len(made)}."
        self.notify(report, severity="warning" if len(made) < len(decisions) else "information")

    # Details -------------------------------------------------------------------------------

    def action_details(self) -> None:
        item = self.table.current
        if item is not None:
            self._load_details(item)

    @work(thread=True, exclusive=True, exit_on_error=False, group="approvals-details")
    def _load_details(self, item: ApprovalItem) -> None:
        try:
            details = load_details(
                self.hotdash.database.engine, item.source, item.id, self.hotdash.clock().date()
            )
        except Exception as exc:
            self.post_message(self.DetailsLoaded(None, describe_error(exc)))
        else:
            self.post_message(self.DetailsLoaded(details))

    @on(QueuedWritesScreen.DetailsLoaded)
    def details_loaded(self, message: QueuedWritesScreen.DetailsLoaded[ApprovalDetails]) -> None:
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
            elif choice == "feedback":
                self._feedback(targets)

        self.app.push_screen(ApprovalDetailsScreen(details, self.hotdash.clock()), chosen)
