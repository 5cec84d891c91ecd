"""Seed 004's operations tables: store inventory, knowledge base, support replies,
observability logs and (fake) encrypted credentials."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from decimal import Decimal

from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, hex_id, new_uuid
from hotdash_tui.demo.catalog import Listing
from hotdash_tui.demo.text import OPERATORS, SUPPLIERS

SNAPSHOTS = Table.of(
    "public.inventory_snapshots",
    "id sku location snapshot_date on_hand available inbound reserved avg_daily_sales created_at",
)
REORDER_POINTS = Table.of(
    "public.reorder_points",
    "id sku reorder_point reorder_quantity safety_stock avg_daily_demand lead_time_days"
    " calculated_at created_at updated_at",
)
LEAD_TIMES = Table.of(
    "public.supplier_lead_times",
    "id supplier_name sku lead_time_days lead_time_stddev_days sample_size observed_from"
    " observed_to created_at updated_at",
)
DOCUMENTS = Table.of(
    "public.knowledge_documents",
    "id source title document_type content content_hash created_at updated_at",
)
CHUNKS = Table.of(
    "public.knowledge_chunks",
    "id document_id chunk_index content token_count created_at",
)
DOC_METADATA = Table.of("public.knowledge_metadata", "id document_id key value created_at")
REPLIES = Table.of(
    "public.support_curated_replies",
    "id title body category tags language chatwoot_canned_response_id is_active approved_by"
    " approved_at usage_count created_at updated_at",
)
LOGS = Table.of(
    "public.observability_logs",
    "level service message context trace_id created_at",
)
CREDS = Table.of(
    "public.creds_meta",
    "id service credential_name encrypted_value encryption_key_id scopes expires_at"
    " last_rotated_at last_used_at created_at updated_at",
)
TABLES = (
    SNAPSHOTS,
    REORDER_POINTS,
    LEAD_TIMES,
    DOCUMENTS,
    CHUNKS,
    DOC_METADATA,
    REPLIES,
    LOGS,
    CREDS,
)  # the tables this module fills, parents first

SNAPSHOT_DAYS = 30
_DOCS = (
    ("Shipping policy", "policy"),
    ("Returns and refunds", "policy"),
    ("Cordless drill care guide", "guide"),
    ("Choosing the right wall plug", "guide"),
    ("Warranty terms", "policy"),
    ("Trade account FAQ", "faq"),
    ("Battery safety", "guide"),
    ("Order tracking FAQ", "faq"),
    ("Bulk discount rules", "policy"),
    ("Sanding grit explained", "guide"),
    ("Click and collect", "faq"),
    ("Damaged parcel procedure", "policy"),
)
_REPLIES = (
    ("Where is my order", "shipping"),
    ("Late delivery apology", "shipping"),
    ("Return label", "returns"),
    ("Refund issued", "returns"),
    ("Warranty claim steps", "warranty"),
    ("Battery not charging", "product"),
    ("Missing screws in box", "product"),
    ("Trade account approved", "account"),
    ("Bulk quote request", "sales"),
    ("Damaged on arrival", "returns"),
    ("Change delivery address", "shipping"),
    ("VAT invoice", "account"),
    ("Stock back in", "sales"),
    ("Compatible batteries", "product"),
)
# (level, weight, messages)
_LOG_LEVELS = (
    ("DEBUG", 10, ("cache lookup", "token refreshed")),
    ("INFO", 70, ("request completed", "sync finished", "webhook received", "job enqueued")),
    ("WARN", 12, ("slow query over 500 ms", "rate limit at 80%", "retrying request")),
    ("ERROR", 7, ("upstream returned 502", "webhook signature invalid", "job failed")),
    ("FATAL", 1, ("worker crashed: out of memory",)),
)
_SERVICES = ("api", "worker", "shopify-sync", "agent-runner", "chatwoot-webhook", "ads-sync")


def seed_ops(ctx: SeedContext, listings: list[Listing]) -> None:
    rng = ctx.rng("ops")
    skus = [listing.sku for listing in listings[:40]]
    ctx.writer.copy(SNAPSHOTS, _snapshots(ctx, rng, skus))
    ctx.writer.copy(
        REORDER_POINTS,
        (
            (
                new_uuid(rng),
                sku,
                40 + n * 7 % 90,
                200 + n * 13 % 400,
                15 + n % 20,
                Decimal(rng.randint(50, 900)) / 100,
                4 + n % 40,
                ctx.clock.ago(rng.randint(1, 20) * 3600),
                ctx.clock.ago(200 * DAY),
                ctx.clock.ago(rng.randint(1, 20) * 3600),
            )
            for n, sku in enumerate(skus)
        ),
    )
    ctx.writer.copy(LEAD_TIMES, _lead_times(ctx, rng, skus))
    _knowledge(ctx, rng)
    ctx.writer.copy(
        REPLIES,
        (
            (
                new_uuid(rng),
                title,
                f"Hi {{name}}, thanks for getting in touch about {title.lower()}.",
                category,
                [category, "curated"],
                "en",
                7000 + n,
                n != 5,
                OPERATORS[n % 4],
                ctx.clock.ago((100 - n) * DAY),
                rng.randint(0, 600),
                ctx.clock.ago((120 - n) * DAY),
                ctx.clock.ago(n * DAY),
            )
            for n, (title, category) in enumerate(_REPLIES)
        ),
    )
    ctx.writer.copy(LOGS, _logs(ctx, rng))
    ctx.writer.copy(
        CREDS,
        (
            (
                new_uuid(rng),
                service,
                name,
                rng.randbytes(64),
                "kms-key-2025-01",
                scopes,
                ctx.clock.ago(-90 * DAY),
                ctx.clock.ago(30 * DAY),
                ctx.clock.ago(3600),
                ctx.clock.ago(400 * DAY),
                ctx.clock.ago(30 * DAY),
            )
            for service, name, scopes in (
                ("shopify", "admin_api_token", ["read_orders", "write_products"]),
                ("meta_ads", "access_token", ["ads_read", "ads_management"]),
                ("chatwoot", "api_key", []),
            )
        ),
    )


def _snapshots(ctx: SeedContext, rng: random.Random, skus: list[str]) -> Iterator[Row]:
    for n, sku in enumerate(skus):
        daily = rng.uniform(0.5, 12)
        for location in ("main", "warehouse-2") if n % 3 == 0 else ("main",):
            # Walk stock forward from 30 days ago; every fifth SKU runs low by today.
            stock = rng.randint(100, 900) if n % 5 else rng.randint(40, 120)
            for day in range(SNAPSHOT_DAYS - 1, -1, -1):
                stock = max(0, stock - int(daily * rng.uniform(0.5, 1.5)))
                if stock < 20 and n % 5 and rng.random() < 0.3:
                    stock += rng.randint(200, 600)  # a delivery arrived
                reserved = min(stock, rng.randint(0, 12))
                yield (
                    new_uuid(rng),
                    sku,
                    location,
                    ctx.clock.day(day),
                    stock,
                    stock - reserved,
                    rng.choice((0, 0, 0, 200, 400)),
                    reserved,
                    f"{daily:.2f}",
                    ctx.clock.ago(day * DAY),
                )


def _lead_times(ctx: SeedContext, rng: random.Random, skus: list[str]) -> Iterator[Row]:
    for n, (_, name, _, lead, _) in enumerate(SUPPLIERS):
        for sku in (None, *skus[n :: len(SUPPLIERS)][:2]):
            yield (
                new_uuid(rng),
                name,
                sku,
                lead + rng.randint(-2, 5),
                Decimal(rng.randint(50, 600)) / 100,
                rng.randint(3, 60),
                ctx.clock.day(365),
                ctx.clock.day(rng.randint(1, 30)),
                ctx.clock.ago(300 * DAY),
                ctx.clock.ago(rng.randint(1, 30) * DAY),
            )


def _knowledge(ctx: SeedContext, rng: random.Random) -> None:
    documents: list[Row] = []
    chunks: list[Row] = []
    metadata: list[Row] = []
    for n, (title, kind) in enumerate(_DOCS):
        doc_id = new_uuid(rng)
        parts = [
            f"{title}, section {k + 1}: what customers ask and what we answer."
            for k in range(rng.randint(3, 8))
        ]
        content = "\n\n".join(parts)
        slug = title.lower().replace(" ", "-")
        documents.append(
            (
                doc_id,
                f"https://help.example/{slug}",
                title,
                kind,
                content,
                hashlib.sha256(content.encode()).hexdigest(),
                ctx.clock.ago((200 - n) * DAY),
                ctx.clock.ago(n * DAY),
            )
        )
        # Embeddings stay NULL: the embedding job fills them; the schema allows it.
        chunks.extend(
            (new_uuid(rng), doc_id, k, part, len(part.split()) * 4 // 3, ctx.clock.ago(n * DAY))
            for k, part in enumerate(parts)
        )
        metadata.extend(
            (new_uuid(rng), doc_id, key, value, ctx.clock.ago(n * DAY))
            for key, value in (("category", kind), ("language", "en"), ("version", str(1 + n % 3)))
        )
    ctx.writer.copy(DOCUMENTS, documents)
    ctx.writer.copy(CHUNKS, chunks)
    ctx.writer.copy(DOC_METADATA, metadata)


def _logs(ctx: SeedContext, rng: random.Random) -> Iterator[Row]:
    """Oldest first, so the identity ids grow with time as a live system's would."""
    count = ctx.sizes.logs
    span = 7 * DAY
    levels = [level for level, weight, _ in _LOG_LEVELS for _ in range(weight)]
    messages = {level: texts for level, _, texts in _LOG_LEVELS}
    for k in range(count - 1, -1, -1):
        # The last few minutes always show errors, so the logs view has a fresh one.
        level = "ERROR" if k in (3, 17) else levels[rng.randrange(len(levels))]
        service = _SERVICES[rng.randrange(len(_SERVICES))]
        yield (
            level,
            service,
            rng.choice(messages[level]),
            json.dumps({"duration_ms": rng.randint(1, 2500), "host": f"web-{k % 3 + 1}"}),
            hex_id(rng.getrandbits(128)),
            ctx.clock.text(ctx.clock.ts - 30 - k * span // count),
        )
