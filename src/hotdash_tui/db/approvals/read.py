"""Reading the approvals queue: keyset windows over both sources, a capped count, details."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy
from sqlalchemy import Row

from hotdash_tui.db.approvals.impact import load_impact
from hotdash_tui.db.approvals.model import (
    COUNT_CAP,
    ApprovalDetails,
    ApprovalFilter,
    ApprovalItem,
    ApprovalWindow,
    Cursor,
    Phase,
    Touched,
    uuid_or_none,
)
from hotdash_tui.db.engine import Readable, connected, reading
from hotdash_tui.db.sql import contains_pattern, run
from hotdash_tui.formatting import as_utc

# First-window cursors: before every row (oldest first) or after every row (newest first),
# so every window runs the same statement with its keyset predicate.
_OLDEST = Cursor("pending", datetime.min.replace(tzinfo=UTC), uuid.UUID(int=0))
_NEWEST = Cursor("done", datetime.max.replace(tzinfo=UTC), uuid.UUID(int=(1 << 128) - 1))
_WINDOW_QUERY: dict[Phase, str] = {
    "pending": "approvals_pending_window",
    "done": "approvals_done_window",
    "status": "approvals_status_window",
}
# Agents name what they touch by SKU for these entity types (seed 004's approvals).
_LISTING_ENTITIES = frozenset({"listing", "product"})


def _filter_params(spec: ApprovalFilter) -> dict[str, Any]:
    return {
        "with_tasks": spec.wants("tasks"),
        "with_agents": spec.wants("agents"),
        "kind": spec.kind,
        "pattern": contains_pattern(spec.text) if spec.text else None,
    }


def item_of(row: Row[Any]) -> ApprovalItem:
    return ApprovalItem(
        source=row.source,
        id=row.id,
        kind=row.kind or "",
        summary=row.summary or "",
        confidence=row.confidence,
        reason=row.reason,
        status=row.status or "",
        requested_at=row.requested_at,
        expires_at=row.expires_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
    )


def load_approvals(
    engine: Readable,
    spec: ApprovalFilter,
    *,
    after: Cursor | None = None,
    limit: int = 100,
) -> ApprovalWindow:
    """The next ``limit`` rows of the view after ``after`` (from the top when None).

    A view is one or two phases (status:all is pending, oldest first, then the rest, newest
    first); a window that empties one phase continues in the next."""
    phases = spec.phases
    start = phases.index(after.phase) if after is not None and after.phase in phases else 0
    params = _filter_params(spec) | {"status": spec.status}
    items: list[ApprovalItem] = []
    last: Cursor | None = None
    with connected(engine) as conn:
        for phase in phases[start:]:
            if after is not None and after.phase == phase:
                cursor = after
            else:
                cursor = _OLDEST if phase == "pending" else _NEWEST
            wanted = limit - len(items)
            rows = run(
                conn,
                _WINDOW_QUERY[phase],
                params | {"after_at": cursor.at, "after_id": cursor.id, "limit": wanted},
            ).all()
            items.extend(item_of(row) for row in rows)
            if rows:
                last = Cursor(phase, rows[-1].requested_at, rows[-1].id)
            if len(items) >= limit:
                break
    more = len(items) >= limit and last is not None
    return ApprovalWindow(items=tuple(items), next_cursor=last if more else None)


def count_approvals(engine: Readable, spec: ApprovalFilter, cap: int = COUNT_CAP) -> int:
    """How many rows the view has, stopping past ``cap`` (show ``cap + 1`` as "cap+")."""
    params = _filter_params(spec) | {"statuses": list(spec.statuses), "cap": cap + 1}
    with connected(engine) as conn:
        total = int(run(conn, "approvals_count", params).scalar_one())
    return min(total, cap + 1)


def describe_count(total: int, cap: int = COUNT_CAP) -> str:
    return f"{cap}+" if total > cap else str(total)


def load_details(
    engine: sqlalchemy.Engine, source: str, item_id: uuid.UUID, today: date | None = None
) -> ApprovalDetails | None:
    """One item with what it links to and what its proposed action touches (as of
    ``today``, the ROAS window's last day), or None when it no longer exists."""
    today = today or datetime.now(UTC).date()
    with reading(engine, each_statement=True) as conn:
        if source == "tasks":
            row = run(conn, "approvals_task_details", {"id": item_id}).one_or_none()
            if row is None:
                return None
            product_id = uuid_or_none(row.product_ref)
            product = (
                run(conn, "approvals_product", {"id": product_id}).one_or_none()
                if product_id
                else None
            )
            return ApprovalDetails(
                item=item_of(row),
                context=row.context,
                task_type=row.task_type,
                task_status=row.task_status,
                task_input=row.task_input,
                task_output=row.task_output,
                task_evidence=row.task_evidence,
                touched=Touched("product", str(product.id), product.title, product.status)
                if product
                else None,
            )
        row = run(conn, "approvals_agent_details", {"id": item_id}).one_or_none()
        if row is None:
            return None
        listing = None
        if row.entity_type in _LISTING_ENTITIES and row.entity_id:
            listing = run(conn, "approvals_listing", {"sku": row.entity_id}).one_or_none()
        log = run(conn, "approvals_decision_log", {"id": item_id}).all()
        impact = load_impact(conn, row.kind, row.action_payload, today)
        entity = " ".join(p for p in (row.entity_type, row.entity_id) if p) or None
        return ApprovalDetails(
            item=item_of(row),
            context=row.action_payload,
            agent_name=row.agent_name,
            agent_run_status=row.run_status,
            entity=entity,
            touched=Touched("listing", listing.sku, listing.title, listing.status)
            if listing
            else None,
            decisions=tuple(
                f"{as_utc(entry.decided_at):%Y-%m-%d %H:%M} {entry.actor}: {entry.decision}"
                for entry in log
            ),
            impact=impact,
        )
