"""The prices screen's queries stay on indexes at scale: EXPLAIN over 20,000 priced listings,
200,000 points of price history and 2,000 digital listings with 60,000 sales.

Each window must walk its own index in order (no Sort node, no Seq Scan of the tables it
lists); the save's lookups must read one listing's rows through an index.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.prices.digital import (
    DigitalView,
)
from hotdash_tui.db.prices.read import (
    COUNT_CAP,
    NULL_MARGIN_RANK,
    PriceView,
)
from tests.conftest import FIXED_NOW, create_database, database_url, drop_database
from tests.db.plans import explain

LISTINGS = 20_000
HISTORY_PER_LISTING = 10
DIGITAL = 2_000
SALES_PER_LISTING = 30
_LOW, _HIGH = uuid.UUID(int=0), uuid.UUID(int=(1 << 128) - 1)


def main_path(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The nodes that produce the window's rows, without the subplans of its columns (the
    BOM estimate runs per row only where a listing has no landed cost of its own)."""
    yield plan
    for child in plan.get("Plans", []):
        if child.get("Parent Relationship") not in {"SubPlan", "InitPlan"}:
            yield from main_path(child)


def indexes_used(nodes: list[Any]) -> set[str]:
    return {n["Index Name"] for n in nodes if "Index Name" in n}


def assert_no_seq_scan(nodes: list[Any], *tables: str) -> None:
    scans = [n for n in nodes if n["Node Type"] == "Seq Scan" and n["Relation Name"] in tables]
    assert not scans, scans


def assert_walks_in_order(nodes: list[Any], index: str, *tables: str) -> None:
    assert index in indexes_used(nodes), indexes_used(nodes)
    main = list(main_path(nodes[0]))
    assert all(n["Node Type"] != "Sort" for n in main), [n["Node Type"] for n in main]
    assert_no_seq_scan(nodes, *tables)


@pytest.fixture(scope="module")
def big_prices(pg_admin_url: str, migrated_template: str) -> Iterator[sqlalchemy.Engine]:
    """One database for the module: filling it is the slow part, and every test only reads."""
    name = create_database(pg_admin_url, template=migrated_template)
    engine = create_db_engine(database_url(pg_admin_url, name))
    try:
        fill(engine)
        yield engine
    finally:
        engine.dispose()
        drop_database(pg_admin_url, name)


def fill(db_engine: sqlalchemy.Engine) -> None:
    with db_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO catalog.listings (asin, sku, title)"
                " SELECT 'B0' || lpad(g::text, 8, '0'), 'HX-' || g,"
                "  (ARRAY['Drill','Saw','Screws','Sander'])[1 + g % 4] || ' model ' || g"
                " FROM generate_series(1, :n) g"
            ),
            {"n": LISTINGS},
        )
        conn.execute(
            text(
                "INSERT INTO pricing.current_prices (listing_id, price, landed_cost,"
                "  referral_fee, net_margin, net_margin_pct, min_price, max_price,"
                "  margin_floor_pct)"
                " SELECT id, 5 + (hashtext(sku) & 1023) / 10.0, 3, 1, 1,"
                "  CASE WHEN hashtext(sku) % 50 = 0 THEN NULL"
                "   ELSE (hashtext(asin) & 4095) / 100.0 - 5 END, 1, 500, 20"
                " FROM catalog.listings"
            )
        )
        conn.execute(
            text(
                "INSERT INTO pricing.price_history (time, listing_id, price, source)"
                " SELECT TIMESTAMPTZ '2026-11-01' - g * INTERVAL '1 day', id, 9.99, 'sp_api'"
                " FROM catalog.listings, generate_series(1, :h) g"
            ),
            {"h": HISTORY_PER_LISTING},
        )
        conn.execute(
            text(
                "INSERT INTO public.listings (platform, seo_title, status)"
                " SELECT (ARRAY['etsy','gumroad'])[1 + g % 2], 'Planner pack ' || g, 'live'"
                " FROM generate_series(1, :n) g"
            ),
            {"n": DIGITAL},
        )
        conn.execute(
            text(
                "INSERT INTO public.sales (listing_id, platform, amount_gross, platform_fee,"
                "  amount_net, sale_date, refunded)"
                " SELECT l.id, l.platform, 9.99, 1.15, 8.84,"
                "  TIMESTAMP '2026-11-02' - g * INTERVAL '3 days', g % 29 = 0"
                " FROM public.listings l, generate_series(1, :s) g"
            ),
            {"s": SALES_PER_LISTING},
        )
    with db_engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in (
            "catalog.listings",
            "pricing.current_prices",
            "pricing.price_history",
            "public.listings",
            "public.sales",
        ):
            conn.exec_driver_sql(f"VACUUM ANALYZE {table}")


FIRST = {
    "prices_window_by_margin": {"after_rank": Decimal(-1000), "after_id": _LOW},
    "prices_window_by_price": {"after_price": Decimal("1e12"), "after_id": _HIGH},
    "prices_window_by_title": {"after_title": "", "after_id": _LOW},
}
INDEX = {
    "prices_window_by_margin": "idx_prices_window_margin",
    "prices_window_by_price": "idx_prices_window_price",
    "prices_window_by_title": "idx_listings_title_window",
}
DEEP = {  # a cursor far into each order
    "prices_window_by_margin": {"after_rank": Decimal("30.00"), "after_id": _LOW},
    "prices_window_by_price": {"after_price": Decimal("20.00"), "after_id": _HIGH},
    "prices_window_by_title": {"after_title": "Sander", "after_id": _LOW},
}


@pytest.mark.parametrize("name", list(FIRST))
@pytest.mark.parametrize("below_floor", [False, True], ids=["all", "f"])
@pytest.mark.parametrize("depth", ["first", "deep"])
def test_every_order_walks_its_index_without_sorting(
    big_prices: sqlalchemy.Engine, name: str, below_floor: bool, depth: str
) -> None:
    keyset = FIRST[name] if depth == "first" else DEEP[name]
    params = PriceView(below_floor=below_floor).params() | keyset | {"limit": 101}
    with big_prices.connect() as conn:
        nodes = explain(conn, name, params)
    assert_walks_in_order(nodes, INDEX[name], "current_prices", "listings")
    bound = next(n for n in nodes if n.get("Index Name") == INDEX[name])
    assert "Index Cond" in bound  # the keyset is an index bound, not a filter


@pytest.mark.parametrize("name", list(FIRST))
def test_a_text_filter_reads_prices_by_index(big_prices: sqlalchemy.Engine, name: str) -> None:
    """A rare term may be looked for in every listing's SKU, ASIN and title (ILIKE '%..%'
    has no btree; listings are thousands where price history is millions), but the prices
    are still read per listing through an index."""
    params = PriceView(text='Saw "it\'s" 5').params() | FIRST[name] | {"limit": 101}
    with big_prices.connect() as conn:
        nodes = explain(conn, name, params)
    assert_no_seq_scan(nodes, "current_prices")
    assert any(n.get("Relation Name") == "current_prices" for n in nodes)


def test_the_capped_count_stops_at_its_cap(big_prices: sqlalchemy.Engine) -> None:
    with big_prices.connect() as conn:
        nodes = explain(conn, "prices_count", PriceView().params() | {"cap": COUNT_CAP + 1})
    assert nodes[0]["Node Type"] == "Aggregate"
    assert any(n["Node Type"] == "Limit" for n in nodes)


def test_the_save_reads_one_listing_of_the_big_price_history(
    big_prices: sqlalchemy.Engine,
) -> None:
    with big_prices.connect() as conn:
        some = conn.execute(
            text("SELECT listing_id, price FROM pricing.current_prices LIMIT 1")
        ).one()
        lock = explain(
            conn,
            "prices_lock_for_edit",
            {"listing_id": some.listing_id, "expected_price": some.price},
        )
        latest = explain(conn, "prices_latest_history", {"listing_id": some.listing_id})
    assert_no_seq_scan(lock, "current_prices", "bill_of_materials", "settings")
    assert_no_seq_scan(latest, "price_history")
    assert "price_history_pkey" in indexes_used(latest)
    assert all(n["Node Type"] != "Sort" for n in latest)


@pytest.mark.parametrize("view", [DigitalView(), DigitalView(platform="etsy")], ids=["all", "etsy"])
def test_the_digital_window_walks_its_index_and_sums_each_listing_by_index(
    big_prices: sqlalchemy.Engine, view: DigitalView
) -> None:
    params = view.params() | {
        "after_title": "",
        "after_id": _LOW,
        "since": (FIXED_NOW - timedelta(days=30)).replace(tzinfo=None),
        "until": FIXED_NOW.replace(tzinfo=None),
        "limit": 101,
    }
    with big_prices.connect() as conn:
        nodes = explain(conn, "digital_window", params)
    assert_walks_in_order(nodes, "idx_digital_listings_title_window", "listings", "sales")
    assert "idx_sales_listing_date" in indexes_used(nodes)


def test_a_listing_without_a_margin_ranks_after_every_margin() -> None:
    assert Decimal("999.99") < NULL_MARGIN_RANK  # DECIMAL(5,2)'s largest value
