"""The alerts screen's windows and counts stay on indexes at scale: EXPLAIN over 120,000
alerts of 400 competitors.

The table is filled with ``INSERT ... SELECT generate_series`` and ANALYZEd; each test asserts
which index of competitors.alerts the planner reads and that it never scans the table."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.alerts import COUNT_CAP, AlertFilter, load_alerts
from hotdash_tui.db.alerts.read import filter_params
from hotdash_tui.db.overview import NEW_ALERTS_CAP
from hotdash_tui.db.sql import sql_text
from tests.db.plans import explain, plan_nodes

ALERTS = 120_000
WINDOW_INDEX = "idx_alerts_window"
_TOP = {
    "after_rank": 5,
    "after_at": datetime.max.replace(tzinfo=UTC),
    "after_id": uuid.UUID(int=(1 << 128) - 1),
}


def alert_indexes(nodes: list[Any]) -> set[str]:
    """The indexes of competitors.alerts the plan reads (a Bitmap Index Scan names no table)."""
    return {n["Index Name"] for n in nodes if n.get("Index Name", "").startswith("idx_alerts")}


def assert_reads(nodes: list[Any], *indexes: str, in_order: bool = False) -> None:
    on_alerts = [n for n in nodes if n.get("Relation Name") == "alerts"]
    assert on_alerts, nodes
    assert all(n["Node Type"] != "Seq Scan" for n in on_alerts), on_alerts
    used = alert_indexes(nodes)
    assert used and used <= set(indexes), used
    if in_order:
        assert all(n["Node Type"] not in {"Sort", "Incremental Sort"} for n in nodes), nodes


@pytest.fixture
def many_alerts(db_engine: sqlalchemy.Engine) -> sqlalchemy.Engine:
    """120,000 alerts of 400 competitors over 200 listings; most handled, as in real life."""
    with db_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO catalog.listings (asin, sku, title)"
                " SELECT 'B0' || lpad(g::text, 8, '0'), 'SKU-' || g, 'Listing ' || g"
                " FROM generate_series(1, 200) g"
            )
        )
        conn.execute(
            text(
                "INSERT INTO competitors.products (asin, title, brand, tracked_for_listings)"
                " SELECT 'C0' || lpad(g::text, 8, '0'), 'Rival ' || g, 'Brand ' || (g % 20),"
                "  ARRAY[l.ids[1 + g % 200]]"
                " FROM generate_series(1, 400) g,"
                "  (SELECT array_agg(id ORDER BY asin) AS ids FROM catalog.listings) l"
            )
        )
        conn.execute(
            text(
                "INSERT INTO competitors.alerts (competitor_id, alert_type, previous_value,"
                "  new_value, change_pct, severity, affected_listings, status, created_at)"
                " SELECT c.ids[1 + g % 400],"
                "  (ARRAY['price_drop','price_increase','bsr_change','new_competitor',"
                "         'listing_change','out_of_stock','back_in_stock'])[1 + g % 7],"
                "  '£' || (g % 90 + 10), '£' || (g % 80 + 10), (g % 40) - 20,"
                "  (ARRAY['critical','high','medium','medium','low','low'])[1 + g % 6],"
                "  ARRAY[l.ids[1 + (g % 400) % 200]],"
                "  CASE WHEN g % 50 = 0 THEN 'new' WHEN g % 7 = 0 THEN 'viewed'"
                "       WHEN g % 3 = 0 THEN 'dismissed' ELSE 'actioned' END,"
                "  TIMESTAMPTZ '2026-11-01' - g * interval '1 minute'"
                " FROM generate_series(1, :n) g,"
                "  (SELECT array_agg(id ORDER BY asin) AS ids FROM competitors.products) c,"
                "  (SELECT array_agg(id ORDER BY asin) AS ids FROM catalog.listings) l"
            ),
            {"n": ALERTS},
        )
    with db_engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM ANALYZE competitors.alerts"
        )
        conn.exec_driver_sql("ANALYZE competitors.products")
        conn.exec_driver_sql("ANALYZE catalog.listings")
        conn.commit()
    return db_engine


@pytest.mark.parametrize("status", ["new", "viewed", "actioned"])
def test_a_status_window_walks_the_window_index_first_and_deep(
    many_alerts: sqlalchemy.Engine, status: str
) -> None:
    deep = load_alerts(many_alerts, AlertFilter(status=status), limit=1500).next_cursor
    assert deep is not None
    later = {"after_rank": deep.rank, "after_at": deep.at, "after_id": deep.id}
    with many_alerts.connect() as conn:
        first = explain(conn, "alerts_window", {"status": status, "limit": 101} | _TOP)
        deeper = explain(conn, "alerts_window", {"status": status, "limit": 101} | later)
    assert_reads(first, WINDOW_INDEX, in_order=True)
    assert_reads(deeper, WINDOW_INDEX, in_order=True)
    cond = next(n["Index Cond"] for n in deeper if n.get("Index Name") == WINDOW_INDEX)
    assert "ROW(CASE" in cond  # the keyset is an index bound, not a filter


def test_the_window_stays_on_the_index_as_a_generic_prepared_plan(
    many_alerts: sqlalchemy.Engine,
) -> None:
    """psycopg prepares a statement run five times; Postgres may then plan it generically."""
    names: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        if match[1] not in names:
            names.append(match[1])
        return f"${names.index(match[1]) + 1}"

    body = re.sub(r"(?<![:\w]):([a-z_]+)", placeholder, sql_text("alerts_window"))
    args = {"status": "viewed", "limit": 101} | _TOP
    with many_alerts.connect() as conn:
        conn.exec_driver_sql("PREPARE alerts_window AS " + body)
        conn.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
        # EXECUTE takes no bind parameters; these are a status, an int, a time and a UUID.
        literals = ", ".join(f"'{args[n]}'" for n in names)
        document = conn.exec_driver_sql(
            "EXPLAIN (FORMAT JSON) EXECUTE alerts_window(" + literals + ")"
        ).scalar_one()
    nodes = list(plan_nodes(document[0]["Plan"]))
    assert_reads(nodes, WINDOW_INDEX, in_order=True)
    assert any("$" in n.get("Index Cond", "") for n in nodes)  # it is the generic plan


@pytest.mark.parametrize(
    ("spec", "indexes", "in_order"),
    [
        (AlertFilter(status="viewed", severity="high"), (WINDOW_INDEX,), True),
        (AlertFilter(status="actioned", kind="bsr_change"), (WINDOW_INDEX,), True),
        (AlertFilter(status="new", text="£4"), (WINDOW_INDEX,), True),
        (
            AlertFilter(status="actioned", competitor="C000000007"),
            ("idx_alerts_competitor",),
            False,
        ),
        (
            AlertFilter(status="dismissed", listing="B000000042"),
            ("idx_alerts_affected_listings", "idx_alerts_competitor", WINDOW_INDEX),
            False,
        ),
    ],
    ids=["severity", "type", "text", "competitor", "listing"],
)
def test_a_filtered_window_reads_by_index(
    many_alerts: sqlalchemy.Engine,
    spec: AlertFilter,
    indexes: tuple[str, ...],
    in_order: bool,
) -> None:
    with many_alerts.connect() as conn:
        params = filter_params(conn, spec) | {"status": spec.status, "limit": 101} | _TOP
        nodes = explain(conn, "alerts_window_filtered", params)
    assert_reads(nodes, *indexes, in_order=in_order)


@pytest.mark.parametrize(
    ("spec", "indexes"),
    [
        (AlertFilter(), (WINDOW_INDEX,)),
        (AlertFilter(status="all", severity="critical"), (WINDOW_INDEX,)),
        (AlertFilter(status="all", competitor="C000000007"), ("idx_alerts_competitor",)),
    ],
    ids=["open", "severity", "competitor"],
)
def test_the_capped_count_reads_an_index_and_stops(
    many_alerts: sqlalchemy.Engine, spec: AlertFilter, indexes: tuple[str, ...]
) -> None:
    with many_alerts.connect() as conn:
        params = filter_params(conn, spec) | {
            "statuses": list(spec.statuses),
            "cap": COUNT_CAP + 1,
        }
        nodes = explain(conn, "alerts_count", params)
    assert_reads(nodes, *indexes)
    assert any(n["Node Type"] == "Limit" for n in nodes)


@pytest.mark.parametrize("spec", [AlertFilter(), AlertFilter(status="all")], ids=["open", "all"])
def test_the_plain_capped_count_reads_the_status_index_only(
    many_alerts: sqlalchemy.Engine, spec: AlertFilter
) -> None:
    params = {"statuses": list(spec.statuses), "cap": COUNT_CAP + 1}
    with many_alerts.connect() as conn:
        nodes = explain(conn, "alerts_count_plain", params)
    assert_reads(nodes, "idx_alerts_status", in_order=True)
    scans = [n for n in nodes if n.get("Index Name") == "idx_alerts_status"]
    assert scans and all(n["Node Type"] == "Index Only Scan" for n in scans), scans
    assert any(n["Node Type"] == "Limit" for n in nodes)


def test_the_overview_counts_new_alerts_per_severity_index_only_and_capped(
    many_alerts: sqlalchemy.Engine,
) -> None:
    with many_alerts.connect() as conn:
        nodes = explain(conn, "overview_new_alerts", {"cap": NEW_ALERTS_CAP + 1})
    assert_reads(nodes, "idx_alerts_new_severity")
    scans = [n for n in nodes if n.get("Index Name") == "idx_alerts_new_severity"]
    assert scans and all(n["Node Type"] == "Index Only Scan" for n in scans), scans
    assert any(n["Node Type"] == "Limit" for n in nodes)


def test_the_details_history_reads_one_competitor_by_its_key(
    many_alerts: sqlalchemy.Engine,
) -> None:
    with many_alerts.begin() as conn:
        competitor = conn.execute(
            text("SELECT id FROM competitors.products ORDER BY asin LIMIT 1")
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO competitors.price_history (time, competitor_id, price, bsr)"
                " SELECT TIMESTAMPTZ '2026-11-01' - g * interval '1 hour', p.id, 10 + g % 5, g"
                " FROM generate_series(1, 2000) g, competitors.products p"
            )
        )
        conn.exec_driver_sql("ANALYZE competitors.price_history")
        nodes = explain(
            conn,
            "alerts_price_history",
            {
                "competitor_id": competitor,
                "since": datetime(2026, 8, 3, tzinfo=UTC),
                "until": datetime(2026, 11, 1, tzinfo=UTC),
            },
        )
    on_history = [n for n in nodes if n.get("Relation Name") == "price_history"]
    assert on_history and all(n["Node Type"] != "Seq Scan" for n in on_history)
    assert {n.get("Index Name") for n in nodes if "Index Name" in n} <= {"price_history_pkey"}
