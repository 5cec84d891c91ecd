"""``hotdash approvals``: the approvals queue (key 1) as records."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy

from hotdash_tui.cli.output import Record
from hotdash_tui.cli.records import Cut, Listing, paged
from hotdash_tui.db.approvals import ApprovalFilter, ApprovalItem, load_approvals
from hotdash_tui.db.approvals.model import COUNT_CAP, Cursor
from hotdash_tui.db.approvals.read import count_approvals

APPROVAL_FIELDS = (
    "id", "source", "type", "status", "confidence", "summary", "reason", "requested_at",
    "expires_at", "decided_by", "decided_at", "decision_reason",
)  # fmt: skip


def approval_id(item: ApprovalItem) -> str:
    return f"{item.source}:{item.id}"


def read_approvals(
    engine: sqlalchemy.Engine, spec: ApprovalFilter, now: datetime, limit: int | None
) -> Listing:
    def load(after: Cursor | None, size: int) -> tuple[tuple[Record, ...], Cursor | None]:
        window = load_approvals(engine, spec, after=after, limit=size)
        return tuple(_record(i, now) for i in window.items), window.next_cursor

    cut = Cut(count=lambda: count_approvals(engine, spec), cap=COUNT_CAP)
    # In the order a narrow terminal gives them up, from the right (the summary stays).
    columns = {"id": "id", "status": "status", "confidence": "conf", "type": "type"}
    columns |= {"requested_at": "requested", "summary": "what"}
    return Listing(APPROVAL_FIELDS, columns, paged(load, limit, cut), cut, ("summary",))


def _record(i: ApprovalItem, now: datetime) -> Record:
    return {
        "id": approval_id(i),
        "source": i.source,
        "type": i.kind,
        "status": i.shown_status(now),  # "expired" for a pending request past expiry
        "confidence": i.confidence,
        "summary": i.summary,
        "reason": i.reason,
        "requested_at": i.requested_at,
        "expires_at": i.expires_at,
        "decided_by": i.decided_by,
        "decided_at": i.decided_at,
        "decision_reason": i.decision_reason,
    }
