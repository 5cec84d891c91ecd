"""Seed 000: the digital products factory and the common tasks / approvals_queue foundation.

Seed 000's timestamps are ``TIMESTAMP`` without time zone; they get naive UTC datetimes.
Every approvals_queue row holds a task whose confidence is below 7, the seed's threshold.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid, pick
from hotdash_tui.demo.text import OPERATORS

PRODUCTS = Table.of(
    "public.products",
    "id niche title description price_usd status confidence_score created_at metadata",
)
PRODUCT_VERSIONS = Table.of(
    "public.product_versions",
    "id product_id version artifacts_path changelog created_at",
)
DIGITAL_LISTINGS = Table.of(
    "public.listings",
    "id product_id platform platform_listing_id url tags seo_title thumbnail_url status"
    " created_at metadata",
)
SALES = Table.of(
    "public.sales",
    "id listing_id platform amount_gross platform_fee amount_net sale_date refunded metadata",
)
TASKS = Table.of(
    "public.tasks",
    "id type status priority input output evidence confidence_score error_message"
    " created_at completed_at",
)
APPROVALS = Table.of(
    "public.approvals_queue",
    "id task_id reason context status reviewed_at reviewed_by created_at review_reason",
)
TABLES = (
    PRODUCTS,
    PRODUCT_VERSIONS,
    DIGITAL_LISTINGS,
    SALES,
    TASKS,
    APPROVALS,
)  # the tables this module fills, parents first

APPROVAL_THRESHOLD = 7
_NICHES = (
    "budget planners",
    "wedding templates",
    "fitness trackers",
    "resume templates",
    "notion dashboards",
    "printable wall art",
    "meal planners",
    "social media kits",
    "kids worksheets",
    "small business invoices",
)
_KINDS = ("Printable", "Editable Canva", "Digital", "Minimalist", "Bundle of 12")
_TASK_TYPES = (
    "niche_research",
    "product_generation",
    "enhancement",
    "listing_creation",
    "seo_optimization",
    "pricing_review",
)
_REJECTIONS = (
    "Too close to a trademarked design",
    "Price is above the niche median",
    "Thumbnail text is unreadable at small size",
    "Duplicate of an existing product",
)
_FEES = {"etsy": (Decimal("0.065"), Decimal("0.20")), "gumroad": (Decimal("0.10"), Decimal("0.50"))}
_CENT = Decimal("0.01")


def seed_factory(ctx: SeedContext) -> dict[date, tuple[int, int, int]]:
    """Fill seed 000's tables; return sales per day as (gross cents, net cents, units)."""
    rng = ctx.rng("factory")
    clock = ctx.clock
    products: list[tuple[uuid.UUID, str, str, Decimal, str]] = []
    rows: list[Row] = []
    for i in range(ctx.sizes.products):
        niche = _NICHES[i % len(_NICHES)]
        title = f"{_KINDS[i % len(_KINDS)]} {niche.title()} Pack {i // len(_NICHES) + 1}"
        price = Decimal(rng.choice((4.99, 7.99, 9.99, 12.99, 14.99, 19.99, 29.99))).quantize(_CENT)
        status = (
            "draft" if i % 6 == 5 else pick(rng, [("listed", 70), ("approved", 15), ("paused", 15)])
        )
        product_id = new_uuid(rng)
        products.append((product_id, niche, title, price, status))
        rows.append(
            (
                product_id,
                niche,
                title,
                f"{title}: instant download, {niche} for every season.",
                price,
                status,
                rng.randint(3, 10),
                clock.naive_ago(rng.randint(20, 400) * DAY),
                json.dumps({"source": "trend_scan", "keywords": niche.split()}),
            )
        )
    ctx.writer.copy(PRODUCTS, rows)
    ctx.writer.copy(
        PRODUCT_VERSIONS,
        (
            (
                new_uuid(rng),
                product_id,
                version,
                f"s3://factory-artifacts/{product_id}/v{version}/",
                "Initial generation" if version == 1 else "Enhanced layout and fonts",
                clock.naive_ago((60 - version * 15) * DAY + rng.randint(0, DAY)),
            )
            for product_id, *_ in products
            for version in range(1, rng.randint(1, 3) + 1)
        ),
    )
    listings: list[tuple[uuid.UUID, str, Decimal]] = []
    listing_rows: list[Row] = []
    for product_id, niche, title, price, status in products:
        if status not in {"listed", "paused"}:
            continue
        for platform in ("etsy", "gumroad")[: rng.randint(1, 2)]:
            listing_id = new_uuid(rng)
            code = f"{rng.randint(10**9, 10**10 - 1)}"
            live = "live" if status == "listed" else "paused"
            if live == "live":  # only live listings sell
                listings.append((listing_id, platform, price))
            listing_rows.append(
                (
                    listing_id,
                    product_id,
                    platform,
                    code,
                    f"https://{platform}.example/l/{code}",
                    [*niche.split(), "digital download"],
                    f"{title} | {niche.title()}",
                    f"https://cdn.example/thumbs/{code}.png",
                    live,
                    clock.naive_ago(rng.randint(10, 300) * DAY),
                    json.dumps({"currency": "USD"}),
                )
            )
    ctx.writer.copy(DIGITAL_LISTINGS, listing_rows)
    daily: dict[date, tuple[int, int, int]] = {}
    ctx.writer.copy(SALES, _sales(ctx, rng, listings, daily))
    _tasks_and_approvals(ctx, rng, products)
    return daily


def _sales(
    ctx: SeedContext,
    rng: random.Random,
    listings: list[tuple[uuid.UUID, str, Decimal]],
    daily: dict[date, tuple[int, int, int]],
) -> Iterator[Row]:
    for listing_id, platform, price in listings:
        rate = rng.uniform(0.1, 1.2)
        rate_pct, fixed = _FEES[platform]
        for day in range(90):
            for _ in range(int(rate + rng.random())):
                fee = (price * rate_pct + fixed).quantize(_CENT, ROUND_HALF_UP)
                refunded = rng.random() < 0.03
                if not refunded:
                    gross, net, units = daily.get(ctx.clock.day(day), (0, 0, 0))
                    daily[ctx.clock.day(day)] = (
                        gross + int(price * 100),
                        net + int((price - fee) * 100),
                        units + 1,
                    )
                yield (
                    new_uuid(rng),
                    listing_id,
                    platform,
                    price,
                    fee,
                    price - fee,
                    ctx.clock.naive_ago(day * DAY + rng.randrange(DAY)),
                    refunded,
                    json.dumps({"country": rng.choice(("US", "GB", "DE", "CA", "AU"))}),
                )


def _tasks_and_approvals(
    ctx: SeedContext, rng: random.Random, products: list[tuple[uuid.UUID, str, str, Decimal, str]]
) -> None:
    clock = ctx.clock
    held = ctx.sizes.approvals
    tasks: list[Row] = []
    approvals: list[Row] = []
    for i in range(held + held * 2 // 3):
        product_id, niche, title, price, _ = products[rng.randrange(len(products))]
        kind = _TASK_TYPES[i % len(_TASK_TYPES)]
        is_held = i < held
        confidence = rng.randint(2, APPROVAL_THRESHOLD - 1) if is_held else rng.randint(7, 10)
        # The newest 40% of held tasks still wait for a reviewer.
        decision = (
            "pending" if i < held * 2 // 5 else pick(rng, [("approved", 65), ("rejected", 35)])
        )
        age = (
            rng.randint(600, 3 * DAY)
            if decision == "pending" and is_held
            else rng.randint(3 * DAY, 60 * DAY)
        )
        task_input = {"product_id": str(product_id), "niche": niche, "title": title}
        output = {"title": f"{title} (enhanced)", "price_usd": str(price), "tags": niche.split()}
        evidence = {
            "comparable_listings": rng.randint(3, 40),
            "trend_score": round(rng.uniform(0.2, 0.95), 2),
            "sources": ["etsy_search", "google_trends"],
        }
        status, error = "completed", None
        completed: datetime | None = clock.naive_ago(age - 300)
        if is_held:
            status = {
                "pending": "awaiting_approval",
                "approved": "completed",
                "rejected": "rejected",
            }[decision]
            completed = None if decision == "pending" else clock.naive_ago(age - 7200)
        elif i % 7 == 0:
            status, error, completed = "failed", "Image generation timed out after 120 s", None
        task_id = new_uuid(rng)
        tasks.append(
            (
                task_id,
                kind,
                status,
                rng.randint(1, 10),
                json.dumps(task_input),
                json.dumps(output) if status != "failed" else None,
                json.dumps(evidence),
                confidence,
                error,
                clock.naive_ago(age),
                completed,
            )
        )
        if not is_held:
            continue
        reviewed = decision != "pending"
        approvals.append(
            (
                new_uuid(rng),
                task_id,
                f"Confidence {confidence}/10 is below the auto-approve threshold of "
                f"{APPROVAL_THRESHOLD}",
                json.dumps(
                    {
                        "product_id": str(product_id),
                        "product_title": title,
                        "niche": niche,
                        "task_type": kind,
                        "confidence_score": confidence,
                        "proposed": output,
                        "evidence": evidence,
                    }
                ),
                decision,
                clock.naive_ago(age - 7000) if reviewed else None,
                rng.choice(OPERATORS[:4]) if reviewed else None,
                clock.naive_ago(age - 60),
                rng.choice(_REJECTIONS) if decision == "rejected" else None,
            )
        )
    ctx.writer.copy(TASKS, tasks)
    ctx.writer.copy(APPROVALS, approvals)
