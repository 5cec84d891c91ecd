"""Reading competitor alerts on the demo data: the order of a view, keyset continuation,
the filters (applied in SQL), the capped count and the details."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.alerts import (
    HISTORY_DAYS,
    AlertFilter,
    AlertItem,
    count_alerts,
    describe_count,
    load_alerts,
    load_details,
)
from hotdash_tui.db.sql import query
from tests.conftest import FIXED_NOW
from tests.paging import walk

STATUS_ORDER = ["new", "viewed", "actioned", "dismissed"]


def sort_key(item: AlertItem) -> tuple[Any, ...]:
    """The documented order: status phase, then severity (critical first), newest first."""
    return (STATUS_ORDER.index(item.status), -item.severity_rank, -item.created_at.timestamp())


def read_all(engine: sqlalchemy.Engine, spec: AlertFilter, page: int) -> list[AlertItem]:
    windows = walk(
        load_alerts(engine, spec, limit=page),
        lambda cursor: load_alerts(engine, spec, after=cursor, limit=page),
    )
    return [item for window in windows for item in window.items]


def test_the_default_view_is_open_alerts_new_then_severe_then_newest(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    items = read_all(seeded_engine, AlertFilter(), page=1000)
    with seeded_engine.connect() as conn:
        expected = conn.execute(
            text("SELECT count(*) FROM competitors.alerts WHERE status IN ('new', 'viewed')")
        ).scalar_one()
    assert len(items) == expected
    assert {i.status for i in items} == {"new", "viewed"}
    assert items == sorted(items, key=sort_key)
    assert [i.severity for i in items[:8]][:3] == ["critical"] * 3


@pytest.mark.parametrize(
    "spec",
    [
        AlertFilter(status="all"),
        AlertFilter(),
        AlertFilter(status="closed", kind="price_drop"),
        AlertFilter(status="all", severity="medium"),
    ],
    ids=["all", "open", "closed price drops", "all medium"],
)
def test_small_windows_continue_exactly_where_the_last_one_stopped(
    seeded_engine: sqlalchemy.Engine, spec: AlertFilter
) -> None:
    whole = load_alerts(seeded_engine, spec, limit=1000)
    assert whole.next_cursor is None
    paged = read_all(seeded_engine, spec, page=7)
    assert [i.id for i in paged] == [i.id for i in whole.items]
    assert len(paged) == len({i.id for i in paged}) == count_alerts(seeded_engine, spec)


def test_status_all_shows_every_status_phase_after_phase(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    items = read_all(seeded_engine, AlertFilter(status="all"), page=250)
    assert len(items) == 600
    assert items == sorted(items, key=sort_key)
    assert [
        s for n, s in enumerate(i.status for i in items) if n == 0 or s != items[n - 1].status
    ] == STATUS_ORDER


def test_filters_match_in_sql(seeded_engine: sqlalchemy.Engine) -> None:
    sample = load_alerts(seeded_engine, AlertFilter(), limit=1).items[0]
    by_asin = load_alerts(
        seeded_engine, AlertFilter(status="all", competitor=sample.competitor_asin.lower())
    ).items
    assert by_asin and {i.competitor_id for i in by_asin} == {sample.competitor_id}
    brand = sample.competitor_brand
    assert brand is not None
    by_brand = load_alerts(seeded_engine, AlertFilter(status="all", competitor=brand.upper()))
    assert {i.competitor_brand for i in by_brand.items} == {brand}
    listing = sample.first_affected_asin
    assert listing is not None
    by_listing = load_alerts(seeded_engine, AlertFilter(status="all", listing=listing)).items
    assert sample.id in {i.id for i in by_listing}
    with seeded_engine.connect() as conn:
        sku = conn.execute(
            text("SELECT sku FROM catalog.listings WHERE asin = :asin"), {"asin": listing}
        ).scalar_one()
    by_sku = load_alerts(seeded_engine, AlertFilter(status="all", listing=sku)).items
    assert [i.id for i in by_sku] == [i.id for i in by_listing]
    nobody = AlertFilter(status="all", competitor="B000NOBODY")
    assert load_alerts(seeded_engine, nobody).items == ()
    assert count_alerts(seeded_engine, nobody) == 0
    stock = load_alerts(seeded_engine, AlertFilter(status="all", text="out of STOCK")).items
    assert stock and {i.alert_type for i in stock} <= {"out_of_stock", "back_in_stock"}


def test_the_count_stops_at_its_cap(seeded_engine: sqlalchemy.Engine) -> None:
    assert count_alerts(seeded_engine, AlertFilter(status="all"), cap=10) == 11
    assert describe_count(11, cap=10) == "10+"
    assert describe_count(10, cap=10) == "10"


@pytest.mark.parametrize("status", ["open", "new", "all"])
def test_the_plain_count_agrees_with_the_filtered_statement(
    seeded_engine: sqlalchemy.Engine, status: str
) -> None:
    """A view without terms is counted by alerts_count_plain; it must mean what alerts_count
    means with every term unused, capped or not."""
    spec = AlertFilter(status=status)
    assert spec.is_plain
    unused = {"severity_rank": None, "kind": None, "competitor_ids": None, "listing_ids": None}
    for cap in (5, 1_000_000):
        with seeded_engine.connect() as conn:
            filtered = conn.execute(
                query("alerts_count"),
                unused | {"pattern": None, "statuses": list(spec.statuses), "cap": cap + 1},
            ).scalar_one()
        assert count_alerts(seeded_engine, spec, cap=cap) == min(filtered, cap + 1)


def test_details_bring_the_competitor_its_daily_history_and_our_listings(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    item = load_alerts(seeded_engine, AlertFilter(), limit=1).items[0]
    details = load_details(seeded_engine, item.id, FIXED_NOW)
    assert details is not None and details.item.id == item.id
    assert details.seller_name and details.current_price is not None
    days = [p.day for p in details.history]
    assert days == sorted(set(days))  # one point per day, oldest first
    assert FIXED_NOW - timedelta(days=HISTORY_DAYS + 1) <= days[0] and days[-1] <= FIXED_NOW
    assert 60 <= len(days) <= HISTORY_DAYS + 1
    assert len(details.listings) == item.affected_count
    assert item.first_affected_asin in {x.asin for x in details.listings}
    assert all(x.price is not None for x in details.listings)
    assert load_details(seeded_engine, uuid.uuid4(), FIXED_NOW) is None


@pytest.mark.parametrize("page", [1, 2, 3])
def test_alerts_that_tie_on_time_and_severity_page_in_id_order(
    seeded_engine: sqlalchemy.Engine, page: int
) -> None:
    """Seven new critical alerts of one instant: only the id tiebreak orders them, and a window
    boundary inside the tie neither skips nor repeats one (issue 16)."""
    tie = FIXED_NOW + timedelta(minutes=5)  # newer than every seeded alert: the top of the view
    with seeded_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO competitors.alerts (competitor_id, alert_type, previous_value,"
                " new_value, change_pct, severity, status, created_at)"
                " SELECT (SELECT id FROM competitors.products ORDER BY asin LIMIT 1),"
                " 'price_drop', '£20', '£15', -25, 'critical', 'new', :at"
                " FROM generate_series(1, 7)"
            ),
            {"at": tie},
        )
        tied = (
            conn.execute(
                text("SELECT id FROM competitors.alerts WHERE created_at = :at ORDER BY id DESC"),
                {"at": tie},
            )
            .scalars()
            .all()
        )
    items = read_all(seeded_engine, AlertFilter(), page=page)
    assert [item.id for item in items[:7]] == list(tied)
    assert (
        len({item.id for item in items}) == len(items) == count_alerts(seeded_engine, AlertFilter())
    )
