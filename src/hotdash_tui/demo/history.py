"""Seed 001's time series and competitors: price histories and competitor products.

These are the tables ``rows=N`` grows, so their loops are written for speed: rows go in as
binary COPY (seed_binary), values are encoded once and reused (a price is encoded again
only when it changes), and rows are produced newest first, which appends to the
(time DESC) and (created_at DESC) indexes instead of inserting all over them.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from hotdash_tui.demo import binary as wire
from hotdash_tui.demo.base import (
    DAY,
    Row,
    SeedContext,
    Table,
    money,
    new_uuid,
)
from hotdash_tui.demo.catalog import UK_MARKETPLACE, Listing, new_asin
from hotdash_tui.demo.prices import PriceState
from hotdash_tui.demo.text import RIVAL_BRANDS, RIVAL_SELLERS

PRICE_HISTORY = Table.of(
    "pricing.price_history",
    "time listing_id price sale_price buy_box_price has_buy_box source",
)
COMPETITORS = Table.of(
    "competitors.products",
    "id asin marketplace_id title brand seller_name seller_id category_path current_price"
    " current_bsr review_count rating buy_box_price buy_box_seller is_amazon_seller"
    " threat_score tracking_priority tracked_for_listings last_synced_at keepa_domain_id"
    " created_at updated_at",
)
COMPETITOR_HISTORY = Table.of(
    "competitors.price_history",
    "time competitor_id price buy_box_price bsr source",
)
TABLES = (
    PRICE_HISTORY,
    COMPETITORS,
    COMPETITOR_HISTORY,
)  # the tables this module fills, parents first

HISTORY_SPAN = 90 * DAY


@dataclass(frozen=True)
class Competitor:
    id: uuid.UUID
    ref: str
    asin: str
    seller: str
    price: int  # pence
    buy_box: int  # pence
    bsr: int
    tracked: tuple[Listing, ...]


def seed_price_history(ctx: SeedContext, states: list[PriceState], rows: int) -> None:
    rng = ctx.rng("price_history")
    points = max(2, math.ceil(rows / len(states)))
    step = max(60, HISTORY_SPAN // points)
    ctx.writer.copy(
        PRICE_HISTORY, _price_walk(ctx, rng, states, points, step), bulk=True, binary=True
    )


def _price_walk(
    ctx: SeedContext, rng: random.Random, states: list[PriceState], points: int, step: int
) -> Iterator[Row]:
    """Each listing's price walked back in time from today's, one row per listing and step.

    Binary-encoded (see seed_binary); a price is encoded again only when it changes.
    """
    rnd, numeric = rng.random, wire.numeric
    refs = [wire.uuid(s.listing.id.int) for s in states]
    price = [s.price for s in states]
    sale: list[int | None] = [s.sale_price for s in states]
    has_bb = [s.has_buy_box for s in states]
    bb = [s.buy_box_price for s in states]
    price_w = [numeric(p) for p in price]
    sale_w = [numeric(p) if p else None for p in sale]
    bb_w = [numeric(p) for p in bb]
    manual, keepa, sp_api = wire.string("manual"), wire.string("keepa"), wire.string("sp_api")
    now = ctx.clock.ts
    for k in range(points):
        ts = wire.timestamptz(now - k * step)
        for j in range(len(refs)):
            roll = rnd()
            # A point where the price changed was a manual edit; keepa fills some gaps.
            source = manual if roll < 0.05 else (keepa if 0.85 < roll <= 0.95 else sp_api)
            yield (
                ts,
                refs[j],
                price_w[j],
                sale_w[j],
                bb_w[j],
                wire.TRUE if has_bb[j] else wire.FALSE,
                source,
            )
            if roll < 0.05:  # the price before this point was different
                price[j] = max(199, int(price[j] * (0.93 + rnd() * 0.15)) // 100 * 100 + 99)
                price_w[j] = numeric(price[j])
                on_sale = None if rnd() < 0.7 else price[j] * 9 // 10
                sale[j], sale_w[j] = on_sale, numeric(on_sale) if on_sale else None
            if roll < 0.05 or roll > 0.95:  # and so was the buy box
                has_bb[j] = rnd() < 0.7
                paid = sale[j] or price[j]
                bb[j] = paid if has_bb[j] else int(paid * (0.9 + rnd() * 0.09))
                bb_w[j] = numeric(bb[j])


def seed_competitors(
    ctx: SeedContext, listings: list[Listing], states: list[PriceState]
) -> list[Competitor]:
    rng = ctx.rng("competitors")
    clock = ctx.clock
    by_template: dict[str, list[PriceState]] = {}
    for state in states:
        by_template.setdefault(state.listing.template.noun, []).append(state)
    taken = {listing.asin for listing in listings}
    competitors: list[Competitor] = []
    rows: list[Row] = []
    for i in range(ctx.sizes.competitors):
        anchor = states[(i * 7) % len(states)]
        peers = by_template[anchor.listing.template.noun]
        tracked = tuple(s.listing for s in rng.sample(peers, min(len(peers), rng.randint(1, 3))))
        if anchor.listing not in tracked:
            tracked = (anchor.listing, *tracked[1:])
        asin = new_asin(rng, taken)
        seller = RIVAL_SELLERS[i % len(RIVAL_SELLERS)]
        price = max(299, int(anchor.price * rng.uniform(0.8, 1.15)) // 100 * 100 + 49)
        bsr = rng.randint(150, 60_000)
        threat = round(rng.uniform(10, 95), 2)
        buy_box = price if rng.random() < 0.6 else price - 50
        competitor_id = new_uuid(rng)
        competitors.append(
            Competitor(
                competitor_id, str(competitor_id), asin, seller, price, buy_box, bsr, tracked
            )
        )
        brand = RIVAL_BRANDS[i % len(RIVAL_BRANDS)]
        rows.append(
            (
                competitor_id,
                asin,
                UK_MARKETPLACE,
                f"{brand} {anchor.listing.template.noun} {anchor.listing.title.split()[-1]}",
                brand,
                seller,
                "A" + "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=13)),
                list(anchor.listing.template.path),
                money(price),
                bsr,
                rng.randint(3, 12_000),
                round(rng.uniform(3.4, 4.9), 2),
                money(buy_box),
                seller,
                seller == "Amazon",
                threat,
                "high" if threat > 70 else ("normal" if threat > 30 else "low"),
                [t.id for t in tracked],
                clock.ago(rng.randint(10, 600) * 60),
                3,
                clock.ago(rng.randint(30, 500) * DAY),
                clock.ago(rng.randint(0, 48) * 3600),
            )
        )
    ctx.writer.copy(COMPETITORS, rows)
    return competitors


def seed_competitor_history(ctx: SeedContext, competitors: list[Competitor], rows: int) -> None:
    rng = ctx.rng("competitor_history")
    points = max(2, math.ceil(rows / len(competitors)))
    step = max(60, HISTORY_SPAN // points)
    ctx.writer.copy(
        COMPETITOR_HISTORY,
        _competitor_walk(ctx, rng, competitors, points, step),
        bulk=True,
        binary=True,
    )


def _competitor_walk(
    ctx: SeedContext, rng: random.Random, competitors: list[Competitor], points: int, step: int
) -> Iterator[Row]:
    """Binary-encoded, like _price_walk."""
    rnd, numeric, int4 = rng.random, wire.numeric, wire.int4
    refs = [wire.uuid(c.id.int) for c in competitors]
    price = [c.price for c in competitors]
    bsr = [c.bsr for c in competitors]
    price_w = [numeric(p) for p in price]
    bb_w = [numeric(c.buy_box) for c in competitors]
    keepa, now = wire.string("keepa"), ctx.clock.ts
    for k in range(points):
        ts = wire.timestamptz(now - k * step)
        for j in range(len(refs)):
            # Yield today's state first, then step back to the one before it.
            yield (ts, refs[j], price_w[j], bb_w[j], int4(bsr[j]), keepa)
            roll = rnd()
            if roll < 0.06:
                price[j] = max(199, int(price[j] * (0.9 + rnd() * 0.2)) // 100 * 100 + 49)
                price_w[j] = bb_w[j] = numeric(price[j])
            elif roll > 0.97:
                bb_w[j] = numeric(price[j] - 100 if price[j] > 400 else price[j])
            bsr[j] = max(1, int(bsr[j] * (0.92 + rnd() * 0.16)))
