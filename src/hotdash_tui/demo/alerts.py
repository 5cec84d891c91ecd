"""Seed 001's competitor alerts: every type, severity and status, newest first.

One of the tables ``rows=N`` grows, loaded as binary COPY (seed_binary). Each competitor
gets a small pool of alerts it could plausibly raise (its own prices, BSR, stock), and the
hot loop only picks one, a time and a status that fits the alert's age.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from hotdash_tui.demo import binary as wire
from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, money, pick, rising_ids
from hotdash_tui.demo.history import HISTORY_SPAN, Competitor
from hotdash_tui.demo.text import OPERATORS

ALERTS = Table.of(
    "competitors.alerts",
    "id competitor_id alert_type previous_value new_value change_pct severity"
    " affected_listings status actioned_at action_taken created_at actioned_by",
)
TABLES = (ALERTS,)  # the tables this module fills, parents first

_KINDS: tuple[tuple[tuple[str, str], float], ...] = (
    (("price_drop", "critical"), 3),
    (("price_drop", "high"), 6),
    (("price_drop", "medium"), 10),
    (("price_drop", "low"), 8),
    (("price_increase", "low"), 10),
    (("price_increase", "medium"), 4),
    (("bsr_change", "low"), 12),
    (("bsr_change", "medium"), 8),
    (("bsr_change", "high"), 3),
    (("new_competitor", "high"), 3),
    (("new_competitor", "medium"), 3),
    (("listing_change", "low"), 10),
    (("listing_change", "medium"), 4),
    (("out_of_stock", "medium"), 5),
    (("out_of_stock", "high"), 2),
    (("back_in_stock", "medium"), 5),
    (("back_in_stock", "critical"), 1),
)
Variant = tuple[bytes | None, ...]
_DROP = {"critical": (15, 30), "high": (8, 15), "medium": (3, 8), "low": (1, 3)}
_ACTIONS = {
    "price_drop": "Matched the new price within the margin floor",
    "price_increase": "Raised our price by 2%",
    "bsr_change": "Opened a competitive review task",
    "new_competitor": "Added the seller to high-priority tracking",
    "listing_change": "Compared listing content and updated bullets",
    "out_of_stock": "Raised price 5% while the rival is out of stock",
    "back_in_stock": "Restored the previous price",
}


def _variant(rng: random.Random, c: Competitor, kind: str, severity: str) -> Variant:
    """One alert this competitor could raise, binary-encoded: (alert_type, previous_value,
    new_value, change_pct, severity, action_taken when actioned)."""
    before: str | None = None
    after: str | None = None
    pct: int | None = None  # hundredths of a percent
    if kind in {"price_drop", "price_increase"}:
        low, high = _DROP[severity]
        pct = round(rng.uniform(low, high) * (-100 if kind == "price_drop" else 100))
        before, after = f"£{money(c.price * 10_000 // (10_000 + pct))}", f"£{money(c.price)}"
    elif kind == "bsr_change":
        old_bsr = int(c.bsr * rng.uniform(1.3, 4.0))
        before, after, pct = str(old_bsr), str(c.bsr), (c.bsr - old_bsr) * 10_000 // old_bsr
    elif kind == "new_competitor":
        after = f"{c.seller} now sells {c.asin}"
    elif kind == "listing_change":
        before, after = "title", "title and main image changed"
    else:
        stock = ("In stock", "Out of stock")
        before, after = stock if kind == "out_of_stock" else stock[::-1]
    return (
        wire.string(kind),
        None if before is None else wire.string(before),
        None if after is None else wire.string(after),
        None if pct is None else wire.numeric(pct),
        wire.string(severity),
        wire.string(_ACTIONS[kind]),
    )


def seed_alerts(ctx: SeedContext, competitors: list[Competitor], rows: int) -> None:
    rng = ctx.rng("alerts")
    pools: list[list[Variant]] = []
    for c in competitors:
        # One variant of each severity first, so the newest alerts can show every severity.
        forced = [
            ("price_drop", "critical"),
            ("out_of_stock", "high"),
            ("bsr_change", "medium"),
            ("listing_change", "low"),
        ]
        kinds = forced + [pick(rng, _KINDS) for _ in range(12)]
        pools.append([_variant(rng, c, kind, sev) for kind, sev in kinds])
    ctx.writer.copy(ALERTS, _alerts(ctx, rng, competitors, pools, rows), bulk=True, binary=True)


_NEW, _VIEWED, _ACTIONED, _DISMISSED = (
    wire.string(s) for s in ("new", "viewed", "actioned", "dismissed")
)


def _alerts(
    ctx: SeedContext,
    rng: random.Random,
    competitors: list[Competitor],
    pools: list[list[Variant]],
    rows: int,
) -> Iterator[Row]:
    rnd, next_id = rng.random, rising_ids(rng, rows)
    refs = [wire.uuid(c.id.int) for c in competitors]
    affected = [wire.uuid_array([t.id.int for t in c.tracked]) for c in competitors]
    operators = [wire.string(o) for o in OPERATORS]
    now, stamp = ctx.clock.ts, wire.timestamptz
    step = max(1, HISTORY_SPAN // rows)
    count = len(competitors)
    for k in range(rows):
        created = now - 120 - k * step - int(rnd() * step)
        c = int(rnd() * count)
        if k < 8:  # the eight newest: new, and every severity twice
            kind, before, after, pct, severity, action = pools[c][k % 4]
            status = _NEW
        else:
            kind, before, after, pct, severity, action = pools[c][int(rnd() * 16)]
            age, roll = now - created, rnd()
            if age < 2 * DAY:
                status = _NEW if roll < 0.8 else _VIEWED
            elif age < 14 * DAY:
                status = (_NEW, _VIEWED, _ACTIONED, _DISMISSED)[min(3, int(roll * 4))]
            else:
                status = (
                    _NEW
                    if roll < 0.01
                    else (_VIEWED, _ACTIONED, _DISMISSED)[min(2, int(roll * 2.6))]
                )
        actioned_at = by = None
        if status is not _NEW:
            by = operators[int(rnd() * len(operators))]
            if status is not _VIEWED:
                actioned_at = stamp(min(now, created + 600 + int(rnd() * DAY)))
        yield (
            wire.uuid(next_id()),
            refs[c],
            kind,
            before,
            after,
            pct,
            severity,
            affected[c],
            status,
            actioned_at,
            action if status is _ACTIONED else None,
            stamp(created),
            by,
        )
