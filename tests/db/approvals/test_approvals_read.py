"""The approvals queue's reads: window order, keyset paging, every filter, the capped count and
the details, on the demo data and on rows made for one test."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.approvals import (
    FILTER_SPEC,
    ApprovalFilter,
    ApprovalItem,
    count_approvals,
    describe_count,
    load_approvals,
    load_details,
)
from hotdash_tui.filters import parse_filter
from tests.conftest import FIXED_NOW
from tests.paging import walk


def add_task_approval(
    engine: sqlalchemy.Engine,
    *,
    created_at: datetime,
    title: str = "Plain Planner Pack",
    kind: str = "enhancement",
    reason: str = "Confidence 5/10 is below the auto-approve threshold of 7",
    product_status: str = "draft",
    status: str = "pending",
) -> uuid.UUID:
    """A draft product, its task held for review, and the approvals_queue row; the id of that."""
    naive = created_at.replace(tzinfo=None)
    with engine.begin() as conn:
        product_id = conn.execute(
            text(
                "INSERT INTO public.products (niche, title, status) VALUES ('planners', :t, :s)"
                " RETURNING id"
            ),
            {"t": title, "s": product_status},
        ).scalar_one()
        task_id = conn.execute(
            text(
                "INSERT INTO public.tasks (type, status, input, output, evidence,"
                " confidence_score, created_at)"
                " VALUES (:kind, :st, CAST(:input AS jsonb), CAST(:output AS jsonb),"
                " CAST(:evidence AS jsonb), 5, :at) RETURNING id"
            ),
            {
                "kind": kind,
                "st": "awaiting_approval" if status == "pending" else "completed",
                "input": json.dumps({"product_id": str(product_id), "title": title}),
                "output": json.dumps({"title": f"{title} (enhanced)"}),
                "evidence": json.dumps({"trend_score": 0.5}),
                "at": naive,
            },
        ).scalar_one()
        context = {"product_id": str(product_id), "product_title": title, "task_type": kind}
        approval_id: uuid.UUID = conn.execute(
            text(
                "INSERT INTO public.approvals_queue (task_id, reason, context, status,"
                " created_at, reviewed_by, reviewed_at)"
                " VALUES (:task, :reason, CAST(:context AS jsonb), :status, :at, :by, :by_at)"
                " RETURNING id"
            ),
            {
                "task": task_id,
                "reason": reason,
                "context": json.dumps(context),
                "status": status,
                "at": naive,
                "by": None if status == "pending" else "carol",
                "by_at": None if status == "pending" else naive,
            },
        ).scalar_one()
    return approval_id


def add_agent_approval(
    engine: sqlalchemy.Engine,
    *,
    requested_at: datetime,
    summary: str = "Publish a carousel ad for SKU-1",
    action: str = "publish_ad",
    reason: str = "content-agent expects this to help",
    expires_at: datetime | None = None,
    status: str = "pending",
) -> uuid.UUID:
    decided = status in {"approved", "rejected", "cancelled"}
    with engine.begin() as conn:
        approval_id: uuid.UUID = conn.execute(
            text(
                'INSERT INTO public."AgentApproval" (agent_name, action_type, summary,'
                " action_payload, reason, confidence_score, entity_type, entity_id, status,"
                " requested_at, expires_at, decided_at, decided_by)"
                " VALUES ('content-agent', :action, :summary, '{\"sku\": \"SKU-1\"}', :reason,"
                " 4, 'listing', 'SKU-1', :status, :at, :expires, :decided_at, :decided_by)"
                " RETURNING id"
            ),
            {
                "action": action,
                "summary": summary,
                "reason": reason,
                "status": status,
                "at": requested_at,
                "expires": expires_at,
                "decided_at": requested_at if decided else None,
                "decided_by": "carol" if decided else None,
            },
        ).scalar_one()
    return approval_id


def keys(items: tuple[ApprovalItem, ...] | list[ApprovalItem]) -> list[tuple[str, uuid.UUID]]:
    return [(item.source, item.id) for item in items]


def whole_view(engine: sqlalchemy.Engine, spec: ApprovalFilter) -> tuple[ApprovalItem, ...]:
    window = load_approvals(engine, spec, limit=100_000)
    assert window.next_cursor is None
    return window.items


def stored(engine: sqlalchemy.Engine) -> list[Any]:
    """Every approval of both sources as (source, id, status, at), read plainly."""
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT 'tasks' AS source, id, status, created_at AT TIME ZONE 'UTC' AS at"
                    " FROM public.approvals_queue UNION ALL"
                    " SELECT 'agents', id, status, requested_at FROM public.\"AgentApproval\""
                )
            )
        )


def test_the_default_view_is_every_pending_item_of_both_sources_oldest_first(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    items = whole_view(seeded_engine, ApprovalFilter())
    pending = sorted(
        (r for r in stored(seeded_engine) if r.status == "pending"), key=lambda r: (r.at, r.id)
    )
    assert keys(items) == [(r.source, r.id) for r in pending]
    assert {item.source for item in items} == {"tasks", "agents"}
    assert all(item.requested_at.tzinfo is not None for item in items)


@pytest.mark.parametrize("status", ["pending", "all", "decided", "rejected", "expired"])
@pytest.mark.parametrize("page", [1, 7, 40])
def test_keyset_pages_join_up_to_the_whole_view_once(
    seeded_engine: sqlalchemy.Engine, status: str, page: int
) -> None:
    spec = ApprovalFilter(status=status)
    whole = whole_view(seeded_engine, spec)
    windows = walk(
        load_approvals(seeded_engine, spec, limit=page),
        lambda cursor: load_approvals(seeded_engine, spec, after=cursor, limit=page),
    )
    assert all(len(window.items) <= page for window in windows)
    paged = [item for window in windows for item in window.items]
    assert keys(paged) == keys(whole)
    assert len(set(keys(paged))) == len(paged) == count_approvals(seeded_engine, spec)


def test_status_all_shows_pending_oldest_first_then_the_rest_newest_first(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    items = whole_view(seeded_engine, ApprovalFilter(status="all"))
    rows = stored(seeded_engine)
    pending = sorted((r for r in rows if r.status == "pending"), key=lambda r: (r.at, r.id))
    done = sorted((r for r in rows if r.status != "pending"), key=lambda r: (r.at, r.id))
    assert keys(items) == [(r.source, r.id) for r in [*pending, *reversed(done)]]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("approved", {"approved"}),
        ("rejected", {"rejected"}),
        ("expired", {"expired"}),
        ("cancelled", {"cancelled"}),
        ("decided", {"approved", "rejected", "expired", "cancelled"}),
    ],
)
def test_a_status_filter_shows_exactly_its_rows_newest_first(
    seeded_engine: sqlalchemy.Engine, status: str, expected: set[str]
) -> None:
    items = whole_view(
        seeded_engine, ApprovalFilter.from_parsed(parse_filter(f"status:{status}", FILTER_SPEC))
    )
    want = sorted(
        (r for r in stored(seeded_engine) if r.status in expected), key=lambda r: (r.at, r.id)
    )
    assert want and keys(items) == [(r.source, r.id) for r in reversed(want)]


@pytest.mark.parametrize("source", ["tasks", "agents"])
def test_a_source_filter_keeps_one_source(seeded_engine: sqlalchemy.Engine, source: str) -> None:
    spec = ApprovalFilter.from_parsed(parse_filter(f"source:{source} status:all", FILTER_SPEC))
    items = whole_view(seeded_engine, spec)
    assert items and {item.source for item in items} == {source}
    assert len(items) == sum(r.source == source for r in stored(seeded_engine))


def test_a_type_filter_matches_the_task_type_or_the_action(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    for typed, source in (("type:Update_Price", "agents"), ("type:enhancement", "tasks")):
        spec = ApprovalFilter.from_parsed(parse_filter(f"{typed} status:all", FILTER_SPEC))
        items = whole_view(seeded_engine, spec)
        assert items and {(i.source, i.kind) for i in items} == {(source, typed[5:].lower())}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("50%", ["Cut 50% off"]),
        ("a_b", ["Rename a_b"]),
        ("it's", ["Fix it's typo"]),
        ('"price of"', ["The price of it"]),
        ("PRICE", ["The price of it"]),
    ],
)
def test_free_text_is_taken_literally(
    db_engine: sqlalchemy.Engine, typed: str, found: list[str]
) -> None:
    start = FIXED_NOW - timedelta(hours=5)
    for n, summary in enumerate(["Cut 50% off", "Cut 500 off", "Rename a_b", "Rename axb"]):
        add_agent_approval(db_engine, requested_at=start + timedelta(minutes=n), summary=summary)
    add_task_approval(db_engine, created_at=start, title="Fix it's typo")
    add_task_approval(db_engine, created_at=start, title="Fix its typo")
    add_agent_approval(db_engine, requested_at=start, summary="The price of it")
    spec = ApprovalFilter.from_parsed(parse_filter(typed, FILTER_SPEC))
    assert [item.summary for item in whole_view(db_engine, spec)] == found
    assert count_approvals(db_engine, spec) == len(found)


def test_the_reason_is_searched_too(db_engine: sqlalchemy.Engine) -> None:
    add_task_approval(db_engine, created_at=FIXED_NOW, reason="Thumbnail unreadable")
    add_task_approval(db_engine, created_at=FIXED_NOW, reason="Confidence 3/10")
    spec = ApprovalFilter(text="thumbnail")
    assert [item.reason for item in whole_view(db_engine, spec)] == ["Thumbnail unreadable"]


def test_the_count_stops_past_its_cap(db_engine: sqlalchemy.Engine) -> None:
    for n in range(4):
        add_task_approval(db_engine, created_at=FIXED_NOW - timedelta(minutes=n))
        add_agent_approval(db_engine, requested_at=FIXED_NOW - timedelta(minutes=n))
    assert count_approvals(db_engine, ApprovalFilter()) == 8
    assert count_approvals(db_engine, ApprovalFilter(), cap=5) == 6
    assert describe_count(6, cap=5) == "5+" and describe_count(5, cap=5) == "5"


def test_details_of_a_task_approval_show_the_task_and_its_product(
    db_engine: sqlalchemy.Engine,
) -> None:
    approval = add_task_approval(db_engine, created_at=FIXED_NOW, title="Budget Pack")
    details = load_details(db_engine, "tasks", approval)
    assert details is not None
    assert details.item.summary == "Budget Pack" and details.task_status == "awaiting_approval"
    assert details.context["product_title"] == "Budget Pack"
    assert details.task_input["title"] == "Budget Pack"
    assert details.task_output == {"title": "Budget Pack (enhanced)"}
    assert details.task_evidence == {"trend_score": 0.5}
    assert details.touched is not None
    assert (details.touched.kind, details.touched.title, details.touched.status) == (
        "product",
        "Budget Pack",
        "draft",
    )
    assert load_details(db_engine, "tasks", uuid.uuid4()) is None


def test_details_of_an_agent_approval_show_the_listing_run_and_log(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    with seeded_engine.connect() as conn:
        row = conn.execute(
            text(
                'SELECT a.id, l.title FROM public."AgentApproval" AS a'
                " JOIN catalog.listings AS l ON l.sku = a.entity_id"
                " WHERE a.status = 'approved' AND a.entity_type = 'listing' LIMIT 1"
            )
        ).one()
    details = load_details(seeded_engine, "agents", row.id)
    assert details is not None and details.item.status == "approved"
    assert details.touched is not None and details.touched.title == row.title
    assert details.entity is not None and details.entity.startswith("listing ")
    assert details.agent_name and details.agent_run_status
    assert isinstance(details.context, dict) and details.context
    assert len(details.decisions) == 1 and "approved: " in details.decisions[0]


@pytest.mark.parametrize("page", [1, 2, 3, 5])
def test_rows_that_tie_on_time_are_each_read_once_in_id_order(
    db_engine: sqlalchemy.Engine, page: int
) -> None:
    """Every approval at one instant, in both sources: only the id tiebreak orders them, and a
    window boundary inside the tie must neither skip nor repeat a row (issue 16)."""
    at = FIXED_NOW - timedelta(hours=3)
    for n in range(4):
        add_task_approval(db_engine, created_at=at, title=f"Tied task {n}")
        add_agent_approval(db_engine, requested_at=at, summary=f"Tied action {n}")
    add_task_approval(db_engine, created_at=at - timedelta(minutes=1), title="Earlier")
    spec = ApprovalFilter()
    windows = walk(
        load_approvals(db_engine, spec, limit=page),
        lambda cursor: load_approvals(db_engine, spec, after=cursor, limit=page),
    )
    paged = keys([item for window in windows for item in window.items])
    expected = [(r.source, r.id) for r in sorted(stored(db_engine), key=lambda r: (r.at, r.id))]
    assert len(expected) == 9
    assert paged == expected
