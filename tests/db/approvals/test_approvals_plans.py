"""The queue's windows read their indexes, not their tables: with ~20k rows per source, every
window plan scans the named index in order under a Limit, with no Seq Scan and no Sort of a
whole table (the only Sort merges the two limited branches)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.sql import sql_text

ROWS = 20_000
BIG_TABLES = {"approvals_queue", "AgentApproval"}
# mod() rather than %: the text goes through the driver's placeholder parser.
FILL = """
INSERT INTO public.tasks (id, type, status, input, confidence_score, created_at)
SELECT md5('t' || g)::uuid, 'enhancement', 'completed', '{}'::jsonb, 5,
       now() - g * interval '1 minute'
FROM generate_series(1, :rows) AS g;
INSERT INTO public.approvals_queue (task_id, reason, context, status, created_at,
                                    reviewed_by, reviewed_at)
SELECT md5('t' || g)::uuid, 'held', '{}'::jsonb,
       CASE WHEN mod(g, 10) = 0 THEN 'pending' WHEN mod(g, 97) = 0 THEN 'rejected'
            ELSE 'approved' END,
       now() - g * interval '1 minute', 'x', now()
FROM generate_series(1, :rows) AS g;
INSERT INTO public."AgentApproval" (agent_name, action_type, summary, status, requested_at,
                                    decided_at, decided_by)
SELECT 'pricing-agent', 'update_price', 'Lower ' || g,
       CASE WHEN mod(g, 10) = 0 THEN 'pending' WHEN mod(g, 97) = 0 THEN 'rejected'
            ELSE 'approved' END,
       now() - g * interval '1 minute', now(), 'x'
FROM generate_series(1, :rows) AS g;
"""
OLDEST = (datetime.min.replace(tzinfo=UTC), uuid.UUID(int=0))
NEWEST = (datetime.max.replace(tzinfo=UTC), uuid.UUID(int=(1 << 128) - 1))
# A cursor in the middle of the data, as when paging on.
MIDDLE = (datetime(2025, 6, 1, tzinfo=UTC), uuid.UUID(int=1 << 127))


@pytest.fixture
def big_engine(db_engine: sqlalchemy.Engine) -> Iterator[sqlalchemy.Engine]:
    with db_engine.begin() as conn:
        for statement in FILL.split(";"):
            if statement.strip():
                conn.execute(text(statement), {"rows": ROWS})
    with db_engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql('ANALYZE public.tasks, public.approvals_queue, public."AgentApproval"')
    yield db_engine


def explain(engine: sqlalchemy.Engine, name: str, params: dict[str, Any]) -> dict[str, Any]:
    # Test-only: EXPLAIN in front of the named query, exactly as the app runs it.
    statement = text("EXPLAIN (FORMAT JSON) " + sql_text(name))
    with engine.connect() as conn:
        raw = conn.execute(statement, params).scalar_one()
    plan: dict[str, Any] = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    return plan


def big_table_scans(node: dict[str, Any], sorted_above: bool = False) -> Iterator[Any]:
    """(node type, index name) of every scan of a big table; fails on a Sort that would
    sort a big table (a Sort with no Limit between it and the scan)."""
    if node["Node Type"] == "Sort":
        sorted_above = True
    elif node["Node Type"] == "Limit":
        sorted_above = False
    if node.get("Relation Name") in BIG_TABLES:
        assert not sorted_above, f"a Sort over {node['Relation Name']}"
        yield node["Node Type"], node.get("Index Name")
    for child in node.get("Plans", []):
        yield from big_table_scans(child, sorted_above)


def params(cursor: tuple[datetime, uuid.UUID], **extra: Any) -> dict[str, Any]:
    return {
        "with_tasks": True,
        "with_agents": True,
        "kind": None,
        "pattern": None,
        "status": "pending",
        "limit": 100,
        "after_at": cursor[0],
        "after_id": cursor[1],
    } | extra


@pytest.mark.parametrize(
    ("name", "extra", "indexes"),
    [
        (
            "approvals_pending_window",
            {"after": OLDEST},
            {"idx_approvals_pending_created", "idx_agent_approval_pending"},
        ),
        (
            "approvals_done_window",
            {"after": NEWEST},
            {"idx_approvals_done_created", "idx_agent_approval_done"},
        ),
        (
            "approvals_done_window",
            {"after": MIDDLE},
            {"idx_approvals_done_created", "idx_agent_approval_done"},
        ),
        (
            "approvals_status_window",
            {"after": NEWEST, "status": "rejected"},
            {"idx_approvals_status_created", "idx_agent_approval_status"},
        ),
    ],
    ids=["pending", "done", "done-page", "one-status"],
)
def test_every_window_scans_its_indexes_in_order(
    big_engine: sqlalchemy.Engine, name: str, extra: dict[str, Any], indexes: set[str]
) -> None:
    cursor = extra.pop("after")
    plan = explain(big_engine, name, params(cursor, **extra))
    scans = list(big_table_scans(plan))
    assert {index for _, index in scans} == indexes, scans
    assert all(kind in {"Index Scan", "Index Only Scan"} for kind, _ in scans), scans


def all_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from all_nodes(child)


def test_a_filtered_window_still_reads_only_the_pending_indexes(
    big_engine: sqlalchemy.Engine,
) -> None:
    # With type: and text the planner may collect the matching pending rows by bitmap and
    # sort just those; it still never reads a whole table.
    plan = explain(
        big_engine,
        "approvals_pending_window",
        params(MIDDLE, kind="enhancement", pattern="%held%"),
    )
    nodes = list(all_nodes(plan))
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan"]
    used = {n["Index Name"] for n in nodes if "Index Name" in n}
    assert {"idx_approvals_pending_created", "idx_agent_approval_pending"} <= used


def test_the_capped_count_of_the_pending_queue_reads_no_whole_table(
    big_engine: sqlalchemy.Engine,
) -> None:
    plan = explain(
        big_engine,
        "approvals_count",
        params(OLDEST, statuses=["pending"], cap=10_001),
    )
    scans = list(big_table_scans(plan))
    assert len(scans) == 2 and all("Seq Scan" not in kind for kind, _ in scans), scans
