"""The prices screen's reads on the demo data: every order, f, the `/` terms and the digital
tab's 30-day sums, each checked against the same figures computed in Python from the rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.prices.digital import (
    DigitalRow,
    DigitalView,
    count_digital,
    load_digital_window,
)
from hotdash_tui.db.prices.margin import compute_margins
from hotdash_tui.db.prices.read import (
    PriceView,
    count_prices,
    load_price_window,
)
from tests.conftest import FIXED_NOW
from tests.paging import walk


def all_rows(engine: sqlalchemy.Engine, view: PriceView, limit: int = 7) -> list[Any]:
    """Every row of a view, read window after window."""
    windows = walk(
        load_price_window(engine, view, limit=limit),
        lambda cursor: load_price_window(engine, view, after=cursor, limit=limit),
    )
    return [row for window in windows for row in window.rows]


def priced(engine: sqlalchemy.Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT l.id, l.sku, l.asin, l.title, p.price, p.net_margin_pct,"
                    " p.margin_floor_pct FROM pricing.current_prices p"
                    " JOIN catalog.listings l ON l.id = p.listing_id"
                )
            )
        )


@pytest.mark.parametrize("sort", ["margin", "price", "title"])
def test_each_order_pages_through_every_priced_listing_once_in_order(
    seeded_engine: sqlalchemy.Engine, sort: Any
) -> None:
    rows = all_rows(seeded_engine, PriceView(sort=sort))
    expected = priced(seeded_engine)
    assert sorted(r.listing_id for r in rows) == sorted(r.id for r in expected)
    if sort == "margin":
        keys = [(r.net_margin_pct, str(r.listing_id)) for r in rows]
        assert keys == sorted(keys)
    elif sort == "price":
        prices = [r.price for r in rows]
        assert prices == sorted(prices, reverse=True)
    else:
        with seeded_engine.connect() as conn:
            # The database's collation decides the order of titles, not Python's.
            in_order = conn.execute(
                text(
                    "SELECT l.id FROM catalog.listings l JOIN pricing.current_prices p"
                    " ON p.listing_id = l.id ORDER BY l.title, l.id"
                )
            ).scalars()
            assert [r.listing_id for r in rows] == list(in_order)


def test_f_keeps_exactly_the_listings_under_their_floor(seeded_engine: sqlalchemy.Engine) -> None:
    view = PriceView(below_floor=True)
    rows = all_rows(seeded_engine, view)
    expected = {r.id for r in priced(seeded_engine) if r.net_margin_pct < r.margin_floor_pct}
    assert expected and {r.listing_id for r in rows} == expected
    assert all(r.below_floor for r in rows)
    assert count_prices(seeded_engine, view) == len(expected)
    assert count_prices(seeded_engine, PriceView()) == len(priced(seeded_engine))


def test_the_stored_margins_follow_the_one_formula(seeded_engine: sqlalchemy.Engine) -> None:
    for row in all_rows(seeded_engine, PriceView(), limit=100):
        assert row.landed_cost is not None and not row.landed_from_bom
        m = compute_margins(row.price, row.sale_price, row.landed_cost, row.fba_fee)
        assert (m.referral_fee, m.net_margin, m.net_margin_pct) == (
            row.referral_fee,
            row.net_margin,
            row.net_margin_pct,
        )
        assert row.fees == row.referral_fee + (row.fba_fee or 0)


def test_without_its_own_landed_cost_a_listing_shows_the_bom_estimate(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    with seeded_engine.begin() as conn:
        listing = conn.execute(
            text(
                "SELECT listing_id FROM pricing.current_prices WHERE listing_id IN"
                " (SELECT listing_id FROM inventory.listing_landed_costs) ORDER BY listing_id"
                " LIMIT 1"
            )
        ).scalar_one()
        estimate = conn.execute(
            text(
                "SELECT round(estimated_landed_cost, 2) FROM inventory.listing_landed_costs"
                " WHERE listing_id = :id"
            ),
            {"id": listing},
        ).scalar_one()
        conn.execute(
            text("UPDATE pricing.current_prices SET landed_cost = NULL WHERE listing_id = :id"),
            {"id": listing},
        )
    row = next(r for r in all_rows(seeded_engine, PriceView()) if r.listing_id == listing)
    assert row.landed_from_bom and row.landed_cost == estimate


@pytest.mark.parametrize("needle", ["drill", 'it\'s a "quoted" 50%_\\ title', "HX-", "b0"], ids=str)
def test_text_is_found_literally_in_sku_asin_or_title(
    seeded_engine: sqlalchemy.Engine, needle: str
) -> None:
    if "quoted" in needle:
        with seeded_engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE catalog.listings SET title = 'Odd ' || :t"
                    " WHERE id = (SELECT min(listing_id::text)::uuid"
                    " FROM pricing.current_prices)"
                ),
                {"t": needle},
            )
    rows = all_rows(seeded_engine, PriceView(text=needle))
    low = needle.lower()
    expected = {
        r.id for r in priced(seeded_engine) if low in f"{r.sku}\n{r.asin}\n{r.title}".lower()
    }
    assert expected and {r.listing_id for r in rows} == expected


def test_a_wildcard_matches_only_itself(seeded_engine: sqlalchemy.Engine) -> None:
    assert all_rows(seeded_engine, PriceView(text="%")) == []
    assert all_rows(seeded_engine, PriceView(text="_")) == []


def test_sku_and_asin_terms_match_their_own_column(seeded_engine: sqlalchemy.Engine) -> None:
    one = priced(seeded_engine)[0]
    assert [r.listing_id for r in all_rows(seeded_engine, PriceView(asin=one.asin))] == [one.id]
    assert [r.listing_id for r in all_rows(seeded_engine, PriceView(sku=one.sku))] == [one.id]
    assert all_rows(seeded_engine, PriceView(sku=one.asin)) == []


def test_the_digital_tab_sums_30_days_of_sales_per_listing(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    since = (FIXED_NOW - timedelta(days=30)).replace(tzinfo=None)
    with seeded_engine.connect() as conn:
        sales = list(
            conn.execute(
                text(
                    "SELECT listing_id, amount_gross, platform_fee, amount_net, refunded,"
                    " sale_date FROM public.sales"
                )
            )
        )
        listings = conn.execute(text("SELECT count(*) FROM public.listings")).scalar_one()
    windows = walk(
        load_digital_window(seeded_engine, DigitalView(), FIXED_NOW, limit=9),
        lambda cursor: load_digital_window(
            seeded_engine, DigitalView(), FIXED_NOW, after=cursor, limit=9
        ),
    )
    rows: list[DigitalRow] = [row for window in windows for row in window.rows]
    assert len(rows) == listings == count_digital(seeded_engine, DigitalView())
    with seeded_engine.connect() as conn:
        in_order = conn.execute(
            text("SELECT id FROM public.listings ORDER BY COALESCE(seo_title, ''), id")
        ).scalars()
        assert [r.id for r in rows] == list(in_order)
    for row in rows:
        mine = [
            s
            for s in sales
            if s.listing_id == row.id and since <= s.sale_date < FIXED_NOW.replace(tzinfo=None)
        ]
        kept = [s for s in mine if not s.refunded]
        assert row.units == len(kept)
        assert row.refunds == len(mine) - len(kept)
        assert row.gross == sum((s.amount_gross for s in kept), Decimal(0))
        assert row.fees == sum((s.platform_fee for s in kept), Decimal(0))
        assert row.net == sum((s.amount_net for s in kept), Decimal(0))
    assert any(r.units for r in rows)


def test_the_digital_filter_takes_a_platform_and_text(seeded_engine: sqlalchemy.Engine) -> None:
    etsy = load_digital_window(seeded_engine, DigitalView(platform="etsy"), FIXED_NOW).rows
    assert etsy and {r.platform for r in etsy} == {"etsy"}
    word = etsy[0].title.split()[0]
    found = load_digital_window(seeded_engine, DigitalView(text=word), FIXED_NOW).rows
    assert found and all(word.lower() in r.title.lower() for r in found)


TIED_ORDER = {
    "margin": "ORDER BY COALESCE(p.net_margin_pct, 1000), p.listing_id",
    "price": "ORDER BY p.price DESC, p.listing_id DESC",
    "title": "ORDER BY l.title, l.id",
}


@pytest.mark.parametrize("sort", sorted(TIED_ORDER))
@pytest.mark.parametrize("page", [1, 2, 3])
def test_listings_that_tie_on_the_sort_key_page_in_id_order(
    seeded_engine: sqlalchemy.Engine, sort: Any, page: int
) -> None:
    """Seven listings share a margin, a price and a title: only the id tiebreak orders them,
    and a window boundary inside the tie neither skips nor repeats one (issue 16)."""
    with seeded_engine.begin() as conn:
        tied = (
            conn.execute(
                text("SELECT listing_id FROM pricing.current_prices ORDER BY listing_id LIMIT 7")
            )
            .scalars()
            .all()
        )
        conn.execute(
            text(
                "UPDATE pricing.current_prices SET net_margin_pct = 12.34, price = 19.99"
                " WHERE listing_id = ANY(:ids)"
            ),
            {"ids": list(tied)},
        )
        conn.execute(
            text("UPDATE catalog.listings SET title = 'Tied title' WHERE id = ANY(:ids)"),
            {"ids": list(tied)},
        )
        expected = (
            conn.execute(
                text(
                    "SELECT p.listing_id FROM pricing.current_prices p"
                    " JOIN catalog.listings l ON l.id = p.listing_id " + TIED_ORDER[sort]
                )
            )
            .scalars()
            .all()
        )
    rows = all_rows(seeded_engine, PriceView(sort=sort), limit=page)
    assert [r.listing_id for r in rows] == list(expected)
