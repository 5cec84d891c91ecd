"""Seed 001's analytics: daily listing scores, performance metrics and attribution events."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, money, new_uuid
from hotdash_tui.demo.prices import PriceState

SCORES = Table.of(
    "analytics.listing_scores",
    "time listing_id total_score seo_score content_score image_score competitive_score"
    " compliance_score score_breakdown scoring_version",
)
PERFORMANCE = Table.of(
    "analytics.performance_metrics",
    "time listing_id sessions page_views page_views_pct units_ordered unit_session_pct"
    " ordered_product_sales currency buy_box_pct bsr bsr_category report_date",
)
ATTRIBUTION = Table.of(
    "analytics.attribution_events",
    "id listing_id change_type change_id change_timestamp metrics_before metrics_after"
    " impact_score confidence analysis_date analysis_notes created_at",
)
TABLES = (SCORES, PERFORMANCE, ATTRIBUTION)  # the tables this module fills, parents first

ANALYTICS_DAYS = 30


def seed_analytics(ctx: SeedContext, states: list[PriceState]) -> dict[date, tuple[int, int]]:
    """Fill the analytics tables; return Amazon revenue per day as (pence, units)."""
    rng = ctx.rng("analytics")
    ctx.writer.copy(SCORES, _scores(ctx, rng, states))
    revenue: dict[date, tuple[int, int]] = {}
    ctx.writer.copy(PERFORMANCE, _performance(ctx, rng, states, revenue))
    ctx.writer.copy(ATTRIBUTION, _attribution(ctx, rng, states))
    return revenue


def _midnight_ts(ctx: SeedContext, days_ago: int) -> int:
    return ctx.clock.ts - ctx.clock.ts % DAY - days_ago * DAY


def _scores(ctx: SeedContext, rng: random.Random, states: list[PriceState]) -> Iterator[Row]:
    weights = (0.25, 0.25, 0.20, 0.15, 0.15)  # system.settings 'scoring.weights'
    for state in states:
        total = state.listing.score
        for day in range(ANALYTICS_DAYS):
            parts = [min(100.0, max(0.0, total + rng.uniform(-12, 12))) for _ in weights]
            # Scale the parts so the weighted sum is the day's total, as the scorer computes it.
            weighted = sum(p * w for p, w in zip(parts, weights, strict=True)) or 1.0
            parts = [min(100.0, p * total / weighted) for p in parts]
            breakdown = {
                "title_length": rng.randint(50, 100),
                "bullet_count": 100,
                "image_count": rng.randint(40, 100),
                "main_image_quality": rng.randint(60, 98),
            }
            yield (
                ctx.clock.text(_midnight_ts(ctx, day)),
                state.listing.ref,
                round(total, 2),
                *(round(p, 2) for p in parts),
                json.dumps(breakdown),
                "v2.3",
            )
            total = min(99.0, max(20.0, total + rng.uniform(-1.5, 1.4)))


def _performance(
    ctx: SeedContext,
    rng: random.Random,
    states: list[PriceState],
    revenue: dict[date, tuple[int, int]],
) -> Iterator[Row]:
    for state in states:
        base_sessions = rng.randint(15, 400)
        conversion = rng.uniform(0.03, 0.16)
        bsr = rng.randint(300, 40_000)
        paid = state.sale_price or state.price
        for day in range(ANALYTICS_DAYS):
            report = ctx.clock.day(day)
            sessions = max(0, int(base_sessions * rng.uniform(0.6, 1.4)))
            units = int(sessions * conversion * rng.uniform(0.6, 1.4))
            pence = units * paid
            gross, sold = revenue.get(report, (0, 0))
            revenue[report] = (gross + pence, sold + units)
            bsr = max(1, int(bsr * rng.uniform(0.9, 1.1)))
            yield (
                ctx.clock.text(_midnight_ts(ctx, day)),
                state.listing.ref,
                sessions,
                int(sessions * rng.uniform(1.1, 1.8)),
                Decimal(rng.randint(1, 99)) / 10_000,
                units,
                Decimal(int(units * 10_000 / sessions) if sessions else 0) / 10_000,
                money(pence),
                "GBP",
                round(rng.uniform(80, 100) if state.has_buy_box else rng.uniform(0, 45), 2),
                bsr,
                state.listing.template.path[-1],
                report,
            )


def _attribution(ctx: SeedContext, rng: random.Random, states: list[PriceState]) -> Iterator[Row]:
    changes = ("title_update", "bullet_update", "price_change", "image_add")
    for n, state in enumerate(states):
        if n % 2:
            continue
        days_ago = rng.randint(15, 80)
        before = {
            "sessions_avg": rng.randint(20, 300),
            "conversion_rate": round(rng.uniform(0.03, 0.15), 3),
            "bsr_avg": rng.randint(500, 30_000),
            "revenue_total": round(rng.uniform(100, 4000), 2),
        }
        lift = rng.uniform(-0.25, 0.4)
        after = {
            k: round(v * (1 + lift), 3) if isinstance(v, float) else int(v * (1 + lift))
            for k, v in before.items()
        }
        yield (
            new_uuid(rng),
            state.listing.id,
            changes[n % len(changes)],
            new_uuid(rng),
            ctx.clock.ago(days_ago * DAY),
            json.dumps(before),
            json.dumps(after),
            round(lift * 20, 2),
            round(rng.uniform(40, 95), 2),
            ctx.clock.day(days_ago - 14),
            "Positive lift after the change" if lift > 0 else "No lift; consider rolling back",
            ctx.clock.ago((days_ago - 14) * DAY),
        )
