"""Seed 001's catalog: the seller's listings, their content versions, images and keywords."""

from __future__ import annotations

import hashlib
import random
import string
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid, pick
from hotdash_tui.demo.text import BRANDS, LISTING_TAGS, TEMPLATES, ProductTemplate

LISTINGS = Table.of(
    "catalog.listings",
    "id asin sku marketplace_id fnsku title brand manufacturer model_number part_number"
    " category_id category_path browse_node_id bullet_points description search_terms"
    " aplus_enabled aplus_content_id brand_story_enabled status fulfillment_channel"
    " condition_type parent_asin variation_type variation_theme variation_attributes tags"
    " custom_category product_group lifecycle_stage current_score score_updated_at"
    " last_synced_at sp_api_hash created_at updated_at",
)
VERSIONS = Table.of(
    "catalog.listing_versions",
    "id listing_id version_number title bullet_points description search_terms change_type"
    " change_source change_reason score_at_change created_at",
)
IMAGES = Table.of(
    "catalog.listing_images",
    "id listing_id image_type url url_thumb width height quality_score has_text"
    " has_lifestyle has_infographic background_type analysis_data analyzed_at sort_order"
    " created_at updated_at",
)
KEYWORDS = Table.of(
    "catalog.keywords",
    "id listing_id keyword keyword_normalized source search_volume search_volume_trend"
    " organic_rank sponsored_rank relevance_score conversion_rate is_primary is_tracked"
    " last_updated created_at",
)
TABLES = (LISTINGS, VERSIONS, IMAGES, KEYWORDS)  # the tables this module fills, parents first

UK_MARKETPLACE = "A1F83G8C2ARO7P"
_ALNUM = string.ascii_uppercase + string.digits


@dataclass(frozen=True)
class Listing:
    """What later areas need to know about one catalog listing."""

    id: uuid.UUID
    ref: str  # str(id), computed once for the hot loops
    asin: str
    sku: str
    title: str
    template: ProductTemplate
    fba: bool
    status: str
    age_days: int
    score: float


def new_asin(rng: random.Random, taken: set[str]) -> str:
    """A fresh ASIN-shaped identifier (B0 and eight characters) not in ``taken``."""
    while True:
        asin = "B0" + "".join(rng.choices(_ALNUM, k=8))
        if asin not in taken:
            taken.add(asin)
            return asin


def _bullets(template: ProductTemplate, variant: str, brand: str) -> list[str]:
    return [
        f"{template.noun.upper()}: {variant}, built for everyday DIY and trade use",
        f"QUALITY: {brand} design, tested to UK and EU safety standards",
        "COMFORT: balanced weight and a soft-grip finish reduce fatigue on long jobs",
        "VALUE: everything you need in the box, ready to use out of the packaging",
        f"GUARANTEE: 3-year {brand} warranty and UK-based customer support",
    ]


def seed_listings(ctx: SeedContext) -> list[Listing]:
    rng = ctx.rng("catalog")
    clock = ctx.clock
    asins: set[str] = set()
    listings: list[Listing] = []
    rows: list[Row] = []
    for i in range(ctx.sizes.listings):
        template = TEMPLATES[i % len(TEMPLATES)]
        variant = template.variants[(i // len(TEMPLATES)) % len(template.variants)]
        brand = BRANDS[i % len(BRANDS)]
        title = f"{brand} {template.noun} {variant}"
        listing_id = new_uuid(rng)
        asin = new_asin(rng, asins)
        sku = f"HX-{template.category[:3].upper()}-{i + 1:05d}"
        fba = rng.random() < 0.55
        status = pick(rng, [("active", 85), ("inactive", 5), ("suppressed", 5), ("incomplete", 5)])
        age_days = rng.randint(60, 900)
        score = round(rng.uniform(38, 96), 2)
        listings.append(
            Listing(
                listing_id,
                str(listing_id),
                asin,
                sku,
                title,
                template,
                fba,
                status,
                age_days,
                score,
            )
        )
        rows.append(
            (
                listing_id,
                asin,
                sku,
                UK_MARKETPLACE,
                ("X00" + "".join(rng.choices(_ALNUM, k=7))) if fba else None,
                title,
                brand,
                f"{brand} Tools Ltd",
                f"{brand[:2].upper()}-{i + 101}",
                f"P{rng.randint(100_000, 999_999)}",
                79_903_031 + i % 7,
                list(template.path),
                1_939_140_031 + i % 11,
                _bullets(template, variant, brand),
                f"The {title} is part of the {brand} range for home improvement and trade users.",
                list(template.keywords),
                rng.random() < 0.4,
                f"APLUS-{i + 1:04d}",
                rng.random() < 0.3,
                status,
                "FBA" if fba else "FBM",
                "new_new",
                None,
                "standalone",
                None,
                None,
                rng.sample(LISTING_TAGS, rng.randint(0, 3)),
                template.category,
                "Home Improvement" if template.category in {"decorating", "plumbing"} else "Tools",
                pick(
                    rng,
                    [
                        ("launch", 10),
                        ("growth", 30),
                        ("mature", 40),
                        ("decline", 15),
                        ("discontinue", 5),
                    ],
                ),
                score,
                clock.ago(rng.randint(1, 6) * DAY // 2),
                clock.ago(rng.randint(5, 240) * 60),
                hashlib.sha256(f"{asin}:{title}".encode()).hexdigest(),
                clock.ago(age_days * DAY),
                clock.ago(rng.randint(1, 30) * DAY // 3),
            )
        )
    ctx.writer.copy(LISTINGS, rows)
    ctx.writer.copy(VERSIONS, _versions(ctx, rng, listings))
    ctx.writer.copy(IMAGES, _images(ctx, rng, listings))
    ctx.writer.copy(KEYWORDS, _keywords(ctx, rng, listings))
    return listings


def _versions(ctx: SeedContext, rng: random.Random, listings: list[Listing]) -> Iterator[Row]:
    reasons = {
        "manual": "Rewrote title to lead with the main keyword",
        "auto": "Automation rule added missing backend search terms",
        "sync": "Imported changes made in Seller Central",
        "rollback": "Rolled back: conversion dropped after the last edit",
    }
    for listing in listings:
        count = rng.randint(1, 4)
        for version in range(1, count + 1):
            change = (
                "sync"
                if version == 1
                else pick(rng, [("manual", 40), ("auto", 35), ("sync", 15), ("rollback", 10)])
            )
            source = {
                "manual": "user",
                "auto": "automation_rule",
                "sync": "sp_api_sync",
                "rollback": "user",
            }[change]
            age = listing.age_days * (count - version + 1) // (count + 1)
            title = listing.title if version == count else f"{listing.title} (v{version})"
            yield (
                new_uuid(rng),
                listing.id,
                version,
                title,
                _bullets(listing.template, listing.title, listing.title.split()[0]),
                f"Content version {version} of {listing.sku}.",
                list(listing.template.keywords),
                change,
                source,
                reasons[change],
                round(rng.uniform(35, 95), 2),
                ctx.clock.ago(age * DAY + rng.randint(0, DAY)),
            )


def _images(ctx: SeedContext, rng: random.Random, listings: list[Listing]) -> Iterator[Row]:
    for listing in listings:
        kinds = ["main"] + [f"pt{n:02d}" for n in range(1, rng.randint(2, 7))]
        for order, kind in enumerate(kinds):
            image = "".join(rng.choices(_ALNUM, k=11))
            lifestyle = kind != "main" and rng.random() < 0.4
            analyzed = rng.random() < 0.8
            yield (
                new_uuid(rng),
                listing.id,
                kind,
                f"https://m.media-amazon.com/images/I/{image}.jpg",
                f"https://m.media-amazon.com/images/I/{image}._SL160_.jpg",
                2000 if kind == "main" else 1500,
                2000 if kind == "main" else 1500,
                round(rng.uniform(50, 98), 2) if analyzed else None,
                kind != "main" and rng.random() < 0.5,
                lifestyle,
                kind != "main" and not lifestyle and rng.random() < 0.6,
                "white" if kind == "main" else ("lifestyle" if lifestyle else "other"),
                '{"model": "vision-v1"}' if analyzed else None,
                ctx.clock.ago(rng.randint(1, 60) * DAY) if analyzed else None,
                order,
                ctx.clock.ago(listing.age_days * DAY),
                ctx.clock.ago(rng.randint(1, 90) * DAY),
            )


def _keywords(ctx: SeedContext, rng: random.Random, listings: list[Listing]) -> Iterator[Row]:
    extras = ("uk", "heavy duty", "professional", "set", "cheap", "best", "for wood", "kit")
    sources = ("title", "bullets", "backend", "competitor", "suggested", "manual")
    for listing in listings:
        words = list(listing.template.keywords)
        words += [f"{words[0]} {extra}" for extra in rng.sample(extras, rng.randint(1, 4))]
        for n, word in enumerate(words):
            keyword = word.title() if n % 3 == 0 else word
            yield (
                new_uuid(rng),
                listing.id,
                keyword,
                word.strip().lower(),
                "title" if n == 0 else sources[n % len(sources)],
                rng.randint(200, 60_000) if n < 4 else rng.choice([None, rng.randint(50, 900)]),
                round(rng.uniform(-35, 60), 2),
                rng.randint(1, 120),
                rng.choice([None, rng.randint(1, 30)]),
                round(rng.uniform(40, 99), 2),
                round(rng.uniform(0.02, 0.19), 4),
                n == 0,
                rng.random() < 0.85,
                ctx.clock.ago(rng.randint(1, 14) * DAY),
                ctx.clock.ago(listing.age_days * DAY // 2),
            )
