"""Seed 001's prices: each listing's current price, buy box and margins, and price rules.

Margins come from :func:`compute_margins` (:mod:`hotdash_tui.db.prices.margin`), the one
formula every seeded and every saved price goes through;
landed costs are the BOM's (seed_costs). Every seventh listing is priced under its margin
floor on purpose.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hotdash_tui.db.prices.margin import REFERRAL_RATE, compute_margins
from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid, pick
from hotdash_tui.demo.catalog import Listing
from hotdash_tui.demo.text import OUR_SELLER, RIVAL_SELLERS

CURRENT_PRICES = Table.of(
    "pricing.current_prices",
    "id listing_id price currency sale_price sale_start_date sale_end_date has_buy_box"
    " buy_box_price buy_box_seller buy_box_percentage landed_cost landed_cost_updated"
    " gross_margin gross_margin_pct net_margin net_margin_pct referral_fee fba_fee"
    " optimal_price price_confidence last_optimized_at min_price max_price margin_floor_pct"
    " updated_at",
)
PRICE_RULES = Table.of(
    "pricing.price_rules",
    "id name description applies_to scope_value rule_type config priority is_active"
    " created_at updated_at",
)
TABLES = (CURRENT_PRICES, PRICE_RULES)  # the tables this module fills, parents first

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class PriceState:
    """A listing's current price, in pence, where its price history ends."""

    listing: Listing
    price: int
    sale_price: int | None
    buy_box_price: int
    has_buy_box: bool
    below_floor: bool


def _pence(value: Decimal) -> int:
    return int((value * 100).to_integral_value(ROUND_HALF_UP))


def seed_prices(
    ctx: SeedContext, listings: list[Listing], landed: list[Decimal]
) -> list[PriceState]:
    rng = ctx.rng("prices")
    states: list[PriceState] = []
    rows: list[Row] = []
    for i, (listing, cost) in enumerate(zip(listings, landed, strict=True)):
        state, row = _price(ctx, rng, i, listing, cost)
        states.append(state)
        rows.append(row)
    ctx.writer.copy(CURRENT_PRICES, rows)
    ctx.writer.copy(PRICE_RULES, _price_rules(ctx, rng))
    return states


def _price(
    ctx: SeedContext, rng: random.Random, i: int, listing: Listing, landed: Decimal
) -> tuple[PriceState, tuple[Any, ...]]:
    floor = Decimal(pick(rng, [(15, 20), (20, 60), (25, 20)]))
    # Every seventh listing is priced under its margin floor, so the prices screen has work.
    below = i % 7 == 3
    low, high = (2.0, float(floor) - 3) if below else (float(floor) + 2, 38.0)
    target = Decimal(rng.uniform(low, high))
    fba = Decimal(listing.template.fba_fee_pence) / 100 if listing.fba else None
    fixed = landed + (fba or Decimal(0))
    raw = fixed / (1 - REFERRAL_RATE - target / 100)
    # The usual .99 ending, rounded away from the floor so the rounding never crosses it.
    price = Decimal(math.floor(raw) if below else math.ceil(raw)) - Decimal("0.01")
    sale = None
    if not below and target > floor + 12 and rng.random() < 0.3:
        sale = (price * Decimal("0.9")).quantize(_CENT, ROUND_HALF_UP)
    m = compute_margins(price, sale, landed, fba)
    paid = sale if sale is not None else price
    has_bb = rng.random() < 0.7
    buy_box = paid if has_bb else (paid * Decimal(rng.uniform(0.9, 0.99))).quantize(_CENT)
    min_price = (fixed / (1 - REFERRAL_RATE - floor / 100)).quantize(_CENT, ROUND_HALF_UP)
    optimal = max(min_price, paid if has_bb else buy_box - Decimal("0.01"))
    clock = ctx.clock
    row = (
        new_uuid(rng),
        listing.id,
        price,
        "GBP",
        sale,
        clock.day(rng.randint(1, 10)) if sale else None,
        clock.day(-rng.randint(3, 20)) if sale else None,
        has_bb,
        buy_box,
        OUR_SELLER if has_bb else rng.choice(RIVAL_SELLERS),
        round(rng.uniform(75, 100) if has_bb else rng.uniform(0, 40), 2),
        landed,
        clock.ago(rng.randint(1, 20) * DAY),
        m.gross_margin,
        m.gross_margin_pct,
        m.net_margin,
        m.net_margin_pct,
        m.referral_fee,
        fba,
        optimal.quantize(_CENT),
        round(rng.uniform(55, 95), 2),
        clock.ago(rng.randint(1, 48) * 3600),
        min_price,
        # The ceiling is over both the price and the floor's minimum: a listing priced under
        # its floor must still have a valid price to be raised to.
        (max(price, min_price) * Decimal("1.5")).quantize(_CENT),
        floor,
        clock.ago(rng.randint(0, 72) * 3600),
    )
    state = PriceState(
        listing,
        _pence(price),
        _pence(sale) if sale else None,
        _pence(buy_box),
        has_bb,
        m.net_margin_pct < floor,
    )
    return state, row


def _price_rules(ctx: SeedContext, rng: random.Random) -> Iterator[Row]:
    rules = (
        ("Global margin floor", "all", None, "margin_floor", '{"min_margin_pct": 20}', 1000),
        ("Fixings floor", "category", "screws", "margin_floor", '{"min_margin_pct": 25}', 900),
        (
            "Match Amazon on drills",
            "tag",
            "price_watch",
            "competitor_match",
            '{"competitor_asin": "B08KTZ8249", "match_type": "match"}',
            500,
        ),
        (
            "Beat rivals on accessories",
            "category",
            "accessories",
            "competitor_beat",
            '{"match_type": "beat", "beat_by_pct": 2}',
            400,
        ),
        (
            "Weekday trade pricing",
            "tag",
            "trade",
            "time_based",
            '{"schedule": "0 9 * * 1-5", "price_change_pct": -5}',
            200,
        ),
        (
            "Scarcity uplift",
            "all",
            None,
            "inventory_based",
            '{"when_below": 10, "price_change_pct": 15}',
            300,
        ),
        (
            "Clearance markdown",
            "tag",
            "clearance",
            "time_based",
            '{"schedule": "0 6 * * 1", "price_change_pct": -10}',
            100,
        ),
    )
    for n, (name, applies, scope, kind, config, priority) in enumerate(rules):
        yield (
            new_uuid(rng),
            name,
            f"{name}: {kind.replace('_', ' ')} rule",
            applies,
            scope,
            kind,
            config,
            priority,
            n != 6,
            ctx.clock.ago((300 - n * 20) * DAY),
            ctx.clock.ago((n + 1) * DAY),
        )
