"""Stock-out risk on a real database: each SKU-location's latest snapshot, its lead time and
supplier as the seeds join them, and the risk rules checked against SQL's own arithmetic."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.stock.model import StockCounts, StockFilter, StockPosition
from hotdash_tui.db.stock.read import load_details, load_positions
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()


def sql(engine: sqlalchemy.Engine, statement: str, **params: Any) -> list[Any]:
    with engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return list(result) if result.returns_rows else []


def test_each_sku_location_shows_its_latest_snapshot(seeded_engine: sqlalchemy.Engine) -> None:
    latest = {
        (r.sku, r.location): (r.snapshot_date, r.on_hand)
        for r in sql(
            seeded_engine,
            "SELECT DISTINCT ON (sku, location) sku, location, snapshot_date, on_hand"
            " FROM public.inventory_snapshots ORDER BY sku, location, snapshot_date DESC",
        )
    }
    positions = load_positions(seeded_engine, TODAY)
    assert {(p.sku, p.location): (p.snapshot_date, p.on_hand) for p in positions} == latest


def test_a_sku_location_without_a_recent_snapshot_is_left_out(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    first = load_positions(seeded_engine, TODAY)[0]
    sql(
        seeded_engine,
        "DELETE FROM public.inventory_snapshots WHERE sku = :s AND location = :l"
        " AND snapshot_date > :cut",
        s=first.sku, l=first.location, cut=TODAY - timedelta(days=31),
    )  # fmt: skip
    keys = {p.key for p in load_positions(seeded_engine, TODAY)}
    assert first.key not in keys


def test_lead_time_comes_from_the_skus_own_supplier_row_first(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    own = sql(
        seeded_engine,
        "SELECT sku, max(lead_time_days) AS lead FROM public.supplier_lead_times"
        " WHERE sku IS NOT NULL GROUP BY sku",
    )
    ordered = {r.sku: r.lead for r in own}
    reorder = {
        r.sku: r.lead_time_days
        for r in sql(seeded_engine, "SELECT sku, lead_time_days FROM public.reorder_points")
    }
    positions = load_positions(seeded_engine, TODAY)
    assert any(p.sku in ordered for p in positions)
    for p in positions:
        assert p.lead_time_days == ordered.get(p.sku, reorder.get(p.sku, p.lead_time_days))


def test_risks_follow_the_rules_and_the_most_urgent_come_first(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    positions = load_positions(seeded_engine, TODAY)
    for p in positions:
        days = None if not p.avg_daily_sales else Decimal(p.on_hand) / p.avg_daily_sales
        out = days is not None and p.lead_time_days is not None and days < p.lead_time_days
        assert ("out" in p.risks) == out, p
        at_point = p.reorder_point is not None and p.on_hand <= p.reorder_point
        assert ("reorder" in p.risks) == at_point, p
    slack = [
        p.days_of_supply - p.lead_time_days
        for p in positions
        if p.days_of_supply is not None and p.lead_time_days is not None
    ]
    assert slack == sorted(slack)
    counts = StockCounts.of(positions)
    assert counts.out == sum("out" in p.risks for p in positions) > 0
    assert counts.reorder > 0


def test_the_filter_narrows_by_risk_sku_and_text(seeded_engine: sqlalchemy.Engine) -> None:
    positions = load_positions(seeded_engine, TODAY)
    at_risk = [p for p in positions if StockFilter(risk="any").matches(p)]
    assert at_risk and all(p.risk != "ok" for p in at_risk)
    assert len(at_risk) < len(positions)
    one = positions[0]
    by_sku = [p for p in positions if StockFilter(sku=one.sku).matches(p)]
    assert {p.sku for p in by_sku} == {one.sku}


def test_details_hold_the_skus_history_and_suppliers(seeded_engine: sqlalchemy.Engine) -> None:
    position: StockPosition = load_positions(seeded_engine, TODAY)[0]
    details = load_details(seeded_engine, position, TODAY)
    days = sql(
        seeded_engine,
        "SELECT count(*) AS n FROM public.inventory_snapshots WHERE sku = :s",
        s=position.sku,
    )[0].n
    assert len(details.history) == days > 0
    assert details.suppliers
    assert all(line.supplier for line in details.suppliers)
    assert all(day.day <= TODAY for day in details.history)
