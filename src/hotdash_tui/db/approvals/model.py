"""The approvals queue's shapes: one row type over both sources, the `/` filter, the keyset
cursor and the outcome of a decision. Nothing here talks to the database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from hotdash_tui.filters import FilterSpec, ParsedFilter

Source = Literal["tasks", "agents"]
Action = Literal["approve", "reject"]
# decided: this call made the decision. lost: someone else decided first (by / at say who and
# when). expired: an agent's request whose expires_at has passed cannot be approved.
# missing: the item no longer exists.
Outcome = Literal["decided", "lost", "expired", "missing"]
# The three windows a view is made of; "pending" is oldest first, the others newest first.
Phase = Literal["pending", "done", "status"]

SOURCES: tuple[Source, ...] = ("tasks", "agents")

ApprovalKey = tuple[Source, uuid.UUID]
"""An approval across both sources: its source and its id."""
STATUSES = frozenset({"pending", "approved", "rejected", "expired", "cancelled", "decided", "all"})
FILTER_SPEC = FilterSpec(
    keys={
        "source": frozenset(SOURCES),
        "status": STATUSES,
        "type": None,
    },
    examples={"type": "price"},
)
# Only AgentApproval knows these; a task approval is pending, approved or rejected.
AGENT_ONLY_STATUSES = frozenset({"expired", "cancelled"})
COUNT_CAP = 10_000


@dataclass(frozen=True)
class ApprovalFilter:
    """What the queue shows: by default every pending item of both sources."""

    source: Source | None = None
    status: str = "pending"
    kind: str | None = None
    text: str = ""

    @classmethod
    def from_parsed(cls, parsed: ParsedFilter) -> ApprovalFilter:
        source = parsed.get("source")
        kind = parsed.get("type")
        return cls(
            source="tasks" if source == "tasks" else "agents" if source == "agents" else None,
            status=parsed.get("status") or "pending",
            kind=kind.lower() if kind else None,
            text=parsed.text,
        )

    def wants(self, source: Source) -> bool:
        if self.source is not None and self.source != source:
            return False
        return not (source == "tasks" and self.status in AGENT_ONLY_STATUSES)

    @property
    def phases(self) -> tuple[Phase, ...]:
        """The windows this view reads, in the order it shows them."""
        if self.status == "pending":
            return ("pending",)
        if self.status == "all":
            return ("pending", "done")  # pending first, oldest first; then the rest
        if self.status == "decided":
            return ("done",)
        return ("status",)

    @property
    def statuses(self) -> tuple[str, ...]:
        """The stored statuses this view covers (for the capped count)."""
        if self.status == "all":
            return ("pending", "approved", "rejected", "expired", "cancelled")
        if self.status == "decided":
            return ("approved", "rejected", "expired", "cancelled")
        return (self.status,)


@dataclass(frozen=True)
class Cursor:
    """Where the next window starts: after this item of this phase."""

    phase: Phase
    at: datetime
    id: uuid.UUID


@dataclass(frozen=True)
class ApprovalItem:
    """One row of the queue, from approvals_queue ("tasks") or AgentApproval ("agents")."""

    source: Source
    id: uuid.UUID
    kind: str
    summary: str
    confidence: int | None
    reason: str | None
    status: str
    requested_at: datetime
    expires_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None

    @property
    def key(self) -> ApprovalKey:
        return (self.source, self.id)

    def is_expired(self, now: datetime) -> bool:
        """A pending agent request past its expiry: it can be rejected, not approved."""
        return self.status == "pending" and self.expires_at is not None and self.expires_at <= now

    def shown_status(self, now: datetime) -> str:
        return "expired" if self.is_expired(now) else self.status


@dataclass(frozen=True)
class ApprovalWindow:
    items: tuple[ApprovalItem, ...]
    next_cursor: Cursor | None  # None: the view has no more rows


@dataclass(frozen=True)
class Touched:
    """The product or listing an approval touches."""

    kind: str  # "product" (public.products) or "listing" (catalog.listings)
    key: str  # the product id or the listing SKU
    title: str
    status: str | None


@dataclass(frozen=True)
class Impact:
    """What an agent's proposed action touches, as lines of (label, value), and whether one
    of them is a warning (below the floor, a campaign missing its target, stock at risk)."""

    lines: tuple[tuple[str, str], ...]
    warning: bool = False


@dataclass(frozen=True)
class ApprovalDetails:
    """Everything `enter` shows about one item."""

    item: ApprovalItem
    context: Any  # approvals_queue.context or AgentApproval.action_payload, as JSON
    task_type: str | None = None
    task_status: str | None = None
    task_input: Any = None
    task_output: Any = None
    task_evidence: Any = None
    agent_name: str | None = None
    agent_run_status: str | None = None
    entity: str | None = None  # "listing B0-123", "order 4411": what an agent action touches
    touched: Touched | None = None
    decisions: tuple[str, ...] = ()  # DecisionLog lines of an agent approval
    impact: Impact | None = None  # what the proposed action touches (db/approvals/impact.py)


@dataclass(frozen=True)
class UndoToken:
    """What undoing a decision must find unchanged, and what it must put back."""

    stamp: datetime  # reviewed_at (tasks) or updated_at (agents) as the decision left it
    task_id: uuid.UUID | None = None
    task_status: str | None = None  # the status the decision gave the linked task
    product_id: uuid.UUID | None = None  # a draft product the decision approved
    decision_log_id: uuid.UUID | None = None
    feedback_id: uuid.UUID | None = None  # the AgentFeedback written with the decision


@dataclass(frozen=True)
class Decision:
    """The outcome of one approve or reject: ours, or who got there first and when."""

    source: Source
    id: uuid.UUID
    action: Action
    outcome: Outcome
    status: str | None = None  # the item's status now
    by: str | None = None
    at: datetime | None = None
    undo: UndoToken | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def decided(self) -> bool:
        return self.outcome == "decided"


@dataclass(frozen=True)
class UndoResult:
    """Undoing one decision: done, or refused because someone touched the item since."""

    decision: Decision
    undone: bool
    status: str | None = None
    by: str | None = None
    at: datetime | None = None


def uuid_or_none(text: str | None) -> uuid.UUID | None:
    """An id read from JSON an agent wrote; one that is not a UUID links nothing."""
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None
