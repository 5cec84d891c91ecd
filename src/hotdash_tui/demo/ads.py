"""Seed 004's ads and revenue: campaigns, 90 days of daily metrics, legacy ads metrics, the
DashboardFact tiles, and seed 000's metrics_daily for every system.

ads_daily_metrics rows carry only the raw counts: the table's trigger computes CPC, CPA,
ROAS, CTR and conversion rate, so the seed never disagrees with it. Each paid campaign has a
target ROAS and a performance factor that puts it above or below that target.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, money, new_uuid

CAMPAIGNS = Table.of(
    "public.ads_campaigns",
    "id campaign_id platform campaign_name status budget_cents target_roas start_date"
    " end_date utm_source utm_medium utm_campaign created_at updated_at metadata",
)
DAILY = Table.of(
    "public.ads_daily_metrics",
    "id campaign_id metric_date spend_cents impressions clicks conversions revenue_cents"
    " created_at updated_at",
)
LEGACY = Table.of(
    "public.ads_metrics_daily",
    "metric_date platform campaign_name spend revenue impressions clicks conversions roas"
    " created_at id",
)
FACTS = Table.of(
    "public.DashboardFact",
    "id metric fact_date dimension dimension_value value unit source created_at",
)
METRICS_DAILY = Table.of(
    "public.metrics_daily",
    "date system revenue_gross revenue_net units_sold metadata",
)
TABLES = (
    CAMPAIGNS,
    DAILY,
    LEGACY,
    FACTS,
    METRICS_DAILY,
)  # the tables this module fills, parents first

ADS_DAYS = 90
_PLATFORMS = ("meta", "google", "tiktok", "pinterest", "meta", "google", "organic")
_THEMES = (
    "Spring DIY",
    "Power Tools Retargeting",
    "Fixings Bundle",
    "Garden Prep",
    "Brand Search",
    "Trade Accounts",
    "Gift Guide",
    "New Customers",
)


def seed_ads(ctx: SeedContext) -> tuple[list[str], dict[date, tuple[int, int]]]:
    """Fill the ads tables; return the campaign names and the ads-credited revenue per day
    as (cents, conversions)."""
    rng = ctx.rng("ads")
    clock = ctx.clock
    campaigns: list[Row] = []
    daily: list[Row] = []
    store: dict[date, tuple[int, int]] = {}
    for i in range(ctx.sizes.campaigns):
        platform = _PLATFORMS[i % len(_PLATFORMS)]
        paid = platform != "organic"
        # Status by position, so every status is present in the small default.
        status = {3: "paused", 7: "archived", 10: "draft"}.get(i, "active")
        budget = rng.randint(300, 3000) * 100 if paid else 0
        target = Decimal(rng.randint(20, 45)) / 10 if paid else None
        # Alternate campaigns beat and miss their target ROAS.
        factor = rng.uniform(1.1, 1.6) if i % 2 == 0 else rng.uniform(0.45, 0.9)
        start = clock.day(ADS_DAYS + rng.randint(5, 60)) if status != "draft" else clock.day(-7)
        end = clock.day(40) if status == "archived" else None
        stop = 20 if status == "paused" else (40 if status == "archived" else 0)
        theme = _THEMES[i % len(_THEMES)]
        name = f"{theme} - {platform.title()} #{i + 1}"
        campaign_id = new_uuid(rng)
        utm = f"{theme.lower().replace(' ', '_')}_{i + 1}"
        campaigns.append(
            (
                campaign_id,
                f"{platform[:2].upper()}-{i + 1:03d}{rng.randint(10**5, 10**6 - 1)}",
                platform,
                name,
                status,
                budget,
                target,
                start,
                end,
                platform,
                "cpc" if paid else "organic",
                utm,
                clock.ago((ADS_DAYS + 70) * DAY),
                clock.ago(rng.randint(1, 10) * DAY),
                f'{{"objective": "conversions", "index": {i}}}',
            )
        )
        if status == "draft":
            continue
        for day in range(stop, ADS_DAYS):
            # Revenue follows from spend and the campaign's ROAS; the funnel is sized to it.
            spend = int(budget / 30 * rng.uniform(0.7, 1.15)) if paid else 0
            if paid:
                revenue = int(spend * float(target or 0) * factor * rng.uniform(0.75, 1.25))
            else:
                revenue = rng.randint(0, 4) * rng.randint(2500, 9000)
            conversions = max(1, round(revenue / rng.randint(3500, 9000))) if revenue else 0
            visits = int(spend / rng.uniform(40, 120)) if paid else rng.randint(40, 250)
            clicks = max(conversions * rng.randint(20, 60), visits)
            impressions = int(clicks / rng.uniform(0.008, 0.025))
            cents, orders = store.get(clock.day(day), (0, 0))
            store[clock.day(day)] = (cents + revenue, orders + conversions)
            daily.append(
                (
                    new_uuid(rng),
                    campaign_id,
                    clock.day(day),
                    spend,
                    impressions,
                    clicks,
                    conversions,
                    revenue,
                    clock.ago(day * DAY + 600),
                    clock.ago(day * DAY + 600),
                )
            )
    ctx.writer.copy(CAMPAIGNS, campaigns)
    ctx.writer.copy(DAILY, daily)
    ctx.writer.copy(LEGACY, _legacy(ctx, rng, campaigns))
    return [c[3] for c in campaigns], store


def _legacy(ctx: SeedContext, rng: random.Random, campaigns: list[Row]) -> Iterator[Row]:
    """The quarter before the cents tables existed, in decimal units."""
    for campaign in campaigns:
        platform, name, budget = campaign[2], campaign[3], campaign[5]
        if platform == "organic" or campaign[4] == "draft":
            continue
        for day in range(ADS_DAYS, ADS_DAYS + 60):
            spend = int(budget / 30 * rng.uniform(0.7, 1.1))
            revenue = int(spend * rng.uniform(1.2, 4.2))
            impressions = spend * 12
            clicks = impressions // 70
            yield (
                ctx.clock.day(day),
                platform,
                name,
                money(spend),
                money(revenue),
                impressions,
                clicks,
                clicks // 30,
                f"{revenue / spend:.2f}" if spend else None,
                ctx.clock.ago(day * DAY - 7200),
                new_uuid(rng),
            )


def seed_facts(ctx: SeedContext, ads: dict[date, tuple[int, int]]) -> dict[date, tuple[int, int]]:
    """The revenue tile and its neighbours: one row per metric and day, revenue by channel.

    Returns the store's revenue per day as (cents, orders): ads-credited plus direct sales.
    """
    rng = ctx.rng("facts")
    rows: list[Row] = []
    totals: dict[date, tuple[int, int]] = {}
    for day in range(ADS_DAYS):
        fact_date = ctx.clock.day(day)
        ads_cents, ads_orders = ads.get(fact_date, (0, 0))
        direct_cents = rng.randint(80_000, 260_000)  # sales no campaign is credited with
        orders = ads_orders + direct_cents // 5_500
        total = ads_cents + direct_cents
        totals[fact_date] = (total, orders)
        created = ctx.clock.ago(day * DAY + 1800)
        for metric, dim, value, unit, cents in (
            ("revenue", None, None, "USD", total),
            ("revenue", "channel", "online_store", "USD", total * 7 // 10),
            ("revenue", "channel", "pos", "USD", total - total * 7 // 10),
            ("orders", None, None, "count", orders * 100),
            ("aov", None, None, "USD", total // max(1, orders)),
            ("sessions", None, None, "count", orders * rng.randint(28, 45) * 100),
        ):
            rows.append(
                (
                    new_uuid(rng),
                    metric,
                    fact_date,
                    dim,
                    value,
                    money(cents),
                    unit,
                    "shopify",
                    created,
                )
            )
    ctx.writer.copy(FACTS, rows)
    return totals


def seed_metrics_daily(
    ctx: SeedContext,
    digital: dict[date, tuple[int, int, int]],
    amazon: dict[date, tuple[int, int]],
    store: dict[date, tuple[int, int]],
) -> None:
    """One row per day and system, summed from the systems' own rows."""
    rng = ctx.rng("metrics_daily")
    rows: list[Row] = []
    for day in range(ADS_DAYS):
        on = ctx.clock.day(day)
        gross, net, units = digital.get(on, (0, 0, 0))
        rows.append(
            (
                on,
                "digital_products",
                money(gross),
                money(net),
                units,
                '{"platforms": ["etsy", "gumroad"]}',
            )
        )
        if on in amazon:
            pence, sold = amazon[on]
            # Net of referral and FBA fees and landed cost, roughly a third of sales.
            rows.append(
                (
                    on,
                    "amazon_seller",
                    money(pence),
                    money(pence * 31 // 100),
                    sold,
                    '{"currency": "GBP", "marketplace": "UK"}',
                )
            )
        cents = rng.randint(2_000, 9_000)
        rows.append(
            (
                on,
                "video_pipeline",
                money(cents),
                money(cents * 55 // 100),
                0,
                '{"source": "youtube_adsense"}',
            )
        )
        shop_cents, orders = store.get(on, (0, 0))
        rows.append(
            (
                on,
                "hotdash_store",
                money(shop_cents),
                money(shop_cents * 42 // 100),
                orders,
                '{"source": "shopify"}',
            )
        )
    ctx.writer.copy(METRICS_DAILY, rows)
