"""Saving a price: one guarded transaction writing the price, its margins, a manual point
of the price history and one audit row; bad input, an unconfirmed floor and a lost race
write nothing at all."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.prices.margin import compute_margins
from hotdash_tui.db.prices.read import PriceRow, PriceView, load_price_window
from hotdash_tui.db.prices.write import (
    NeedsConfirmation,
    PriceLostRace,
    PriceRefused,
    PriceSaved,
    save_price,
)
from tests.conftest import FIXED_NOW
from tests.prices_support import price_state


def listing(engine: sqlalchemy.Engine, *, below: bool = False) -> PriceRow:
    """A listing above its floor (by price, dearest first) or one below it."""
    rows = load_price_window(engine, PriceView(sort="price", below_floor=below), limit=50).rows
    return next(r for r in rows if r.below_floor == below and r.sale_price is None)


def a_valid_price(row: PriceRow) -> Decimal:
    """A price above the floor within the limits: halfway between the price and the max."""
    assert row.max_price is not None
    return ((row.price + row.max_price) / 2).quantize(Decimal("0.01"))


def test_a_valid_price_writes_price_margins_history_and_audit(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    row = listing(seeded_engine)
    new = a_valid_price(row)
    before = price_state(seeded_engine, row.listing_id)
    outcome = save_price(seeded_engine, row.listing_id, row.price, str(new), "ann")
    assert isinstance(outcome, PriceSaved) and outcome.price == new
    assert row.landed_cost is not None
    m = compute_margins(new, None, row.landed_cost, row.fba_fee)
    with seeded_engine.connect() as conn:
        cp = conn.execute(
            text("SELECT * FROM pricing.current_prices WHERE listing_id = :id"),
            {"id": row.listing_id},
        ).one()
        point = conn.execute(
            text(
                "SELECT * FROM pricing.price_history WHERE listing_id = :id"
                " ORDER BY time DESC LIMIT 1"
            ),
            {"id": row.listing_id},
        ).one()
        audit = conn.execute(
            text(
                "SELECT * FROM system.audit_log WHERE entity_type = 'price'"
                " AND entity_id = :id ORDER BY created_at DESC LIMIT 1"
            ),
            {"id": row.listing_id},
        ).one()
    assert cp.price == new
    assert (cp.referral_fee, cp.gross_margin, cp.gross_margin_pct) == (
        m.referral_fee,
        m.gross_margin,
        m.gross_margin_pct,
    )
    assert (cp.net_margin, cp.net_margin_pct) == (m.net_margin, m.net_margin_pct)
    assert cp.landed_cost == row.landed_cost and cp.fba_fee == row.fba_fee  # untouched
    assert (point.price, point.source, point.time) == (new, "manual", outcome.history_time)
    assert point.has_buy_box == row.has_buy_box and point.buy_box_price == row.buy_box_price
    assert (audit.actor, audit.action, audit.source) == ("ann", "update", "hotdash")
    changes = audit.changes if isinstance(audit.changes, dict) else json.loads(audit.changes)
    assert changes["price"] == {"old": str(row.price), "new": str(new)}
    assert changes["net_margin_pct"]["new"] == str(m.net_margin_pct)
    after = price_state(seeded_engine, row.listing_id)
    assert after["history"] == before["history"] + 1 and after["audit"] == before["audit"] + 1


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("twelve", "must be an amount"),
        ("-4.00", "must be positive"),
        ("12.999", "at most two decimals"),
        ("min", "at least"),
        ("max", "at most"),
        ("same", "is the price already"),
    ],
)
def test_a_refused_price_writes_nothing(
    seeded_engine: sqlalchemy.Engine, raw: str, reason: str
) -> None:
    row = listing(seeded_engine)
    assert row.min_price is not None and row.max_price is not None
    typed = {
        "min": str(row.min_price - Decimal("0.01")),
        "max": str(row.max_price + Decimal("0.01")),
        "same": str(row.price),
    }.get(raw, raw)
    before = price_state(seeded_engine, row.listing_id)
    outcome = save_price(seeded_engine, row.listing_id, row.price, typed, "ann")
    assert isinstance(outcome, PriceRefused) and reason in outcome.reason
    assert price_state(seeded_engine, row.listing_id) == before


def test_under_the_floor_nothing_is_written_until_confirmed(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    row = listing(seeded_engine)
    assert row.min_price is not None
    # The seed puts min_price exactly on the floor, so only a listing without a minimum can
    # be priced under its floor.
    with seeded_engine.begin() as conn:
        conn.execute(
            text("UPDATE pricing.current_prices SET min_price = NULL WHERE listing_id = :id"),
            {"id": row.listing_id},
        )
    low = row.min_price - Decimal("0.50")
    before = price_state(seeded_engine, row.listing_id)
    first = save_price(seeded_engine, row.listing_id, row.price, str(low), "ann")
    assert isinstance(first, NeedsConfirmation) and first.check.below_floor
    assert price_state(seeded_engine, row.listing_id) == before
    done = save_price(
        seeded_engine, row.listing_id, row.price, str(low), "ann", confirmed_below_floor=True
    )
    assert isinstance(done, PriceSaved) and done.price == low
    with seeded_engine.connect() as conn:
        changes = conn.execute(
            text("SELECT changes FROM system.audit_log WHERE entity_id = :id AND actor = 'ann'"),
            {"id": row.listing_id},
        ).scalar_one()
    assert changes["confirmed_below_floor"] == {"old": False, "new": True}


def test_a_price_changed_meanwhile_is_a_lost_race_naming_who(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    row = listing(seeded_engine)
    new = a_valid_price(row)
    assert isinstance(
        save_price(seeded_engine, row.listing_id, row.price, str(new), "bob"), PriceSaved
    )
    before = price_state(seeded_engine, row.listing_id)
    late = save_price(seeded_engine, row.listing_id, row.price, str(new + 1), "ann")
    assert isinstance(late, PriceLostRace)
    assert (late.actor, late.price, late.seen_price) == ("bob", new, row.price)
    sentence = late.sentence(FIXED_NOW)
    assert (
        sentence.startswith("bob changed this price from £") and "nothing was changed" in sentence
    )
    assert price_state(seeded_engine, row.listing_id) == before


def test_a_change_without_an_audit_row_is_named_by_its_price_history(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    row = listing(seeded_engine)
    with seeded_engine.begin() as conn:
        conn.execute(
            text("UPDATE pricing.current_prices SET price = price + 1 WHERE listing_id = :id"),
            {"id": row.listing_id},
        )
        conn.execute(
            text(
                "INSERT INTO pricing.price_history (time, listing_id, price, source)"
                " SELECT clock_timestamp(), listing_id, price, 'sp_api'"
                " FROM pricing.current_prices WHERE listing_id = :id"
            ),
            {"id": row.listing_id},
        )
    late = save_price(seeded_engine, row.listing_id, row.price, str(row.price + 2), "ann")
    assert isinstance(late, PriceLostRace)
    assert late.source == "sp_api" and late.actor is None and late.price == row.price + 1
    assert "(sp_api, at" in late.sentence(FIXED_NOW)
