"""Seed 001's system schema: background jobs (with failures and retries) and the audit log.

system.audit_log is one of the tables ``rows=N`` grows: who changed which seeded entity, and
how, newest first. Each row is a pick from a few thousand prepared changes to real entities
of the other areas (listings, prices, board tasks, rules, jobs, competitors), so the hot
loop only draws an id and a time.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from typing import Any

from hotdash_tui.demo import binary as wire
from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid, pick, rising_ids
from hotdash_tui.demo.text import OPERATORS

SYSTEM_JOBS = Table.of(
    "system.jobs",
    "id job_type status scheduled_for started_at completed_at input_data result_data"
    " error_message attempt_count max_attempts created_at",
)
AUDIT_LOG = Table.of(
    "system.audit_log",
    "id entity_type entity_id action changes source source_id created_at actor",
)
TABLES = (SYSTEM_JOBS, AUDIT_LOG)  # the tables this module fills, parents first

AUDIT_SPAN = 90 * DAY
_POOL = 4096
_CHANNELS = (
    ("user", None, 45),
    ("sp_api_sync", "sp-api-sync", 25),
    ("automation", "rule-engine", 20),
    ("api", "hotdash-api", 10),
)


def _change(rng: random.Random, entity_type: str, stages: list[str]) -> dict[str, Any]:
    if entity_type == "price":
        old = rng.randint(399, 15_000) / 100
        return {"price": {"old": old, "new": round(old * rng.uniform(0.9, 1.08), 2)}}
    if entity_type == "task":
        before, after = rng.sample(stages, 2)
        return {"stage": {"old": before, "new": after}}
    if entity_type == "rule":
        return (
            {"is_active": {"old": False, "new": True}}
            if rng.random() < 0.5
            else {"priority": {"old": 100, "new": rng.choice((200, 300, 500))}}
        )
    if entity_type == "job":
        return {
            "status": {"old": "failed", "new": "pending"},
            "attempt_count": {"old": 1, "new": 2},
        }
    if entity_type == "competitor":
        return {"tracking_priority": {"old": "normal", "new": rng.choice(("high", "low"))}}
    field = rng.choice(("status", "bullet_points", "search_terms", "tags"))
    if field == "status":
        return {"status": {"old": "inactive", "new": "active"}}
    return {field: {"old": rng.randint(2, 4), "new": 5}}


def seed_audit_log(
    ctx: SeedContext, entities: dict[str, list[str]], stages: list[str], rows: int
) -> None:
    """``entities`` maps an entity type to the ids (as text) of real rows of that type."""
    rng = ctx.rng("audit_log")
    kinds = [(kind, ids) for kind, ids in entities.items() if ids]
    pool: list[Row] = []
    for _ in range(_POOL):
        kind, ids = kinds[rng.randrange(len(kinds))]
        action = pick(rng, [("update", 88), ("create", 10), ("delete", 2)])
        source, actor, _ = _CHANNELS[rng.choices(range(4), [c[2] for c in _CHANNELS])[0]]
        if source == "sp_api_sync" and kind not in {"listing", "price"}:
            source, actor = "automation", "rule-engine"  # the sync only touches listings
        changes = _change(rng, kind, stages) if action == "update" else None
        # Binary-encoded (see seed_binary), as the hot loop passes them on untouched.
        pool.append(
            (
                wire.string(kind),
                wire.uuid(int(rng.choice(ids).replace("-", ""), 16)),
                wire.string(action),
                wire.jsonb(json.dumps(changes)) if changes else None,
                wire.string(source),
                wire.string(f"job-{rng.getrandbits(32):08x}") if source != "user" else None,
                wire.string(actor or rng.choice(OPERATORS[:4])),
            )
        )
    ctx.writer.copy(AUDIT_LOG, _entries(ctx, rng, pool, rows), binary=True)


def _entries(ctx: SeedContext, rng: random.Random, pool: list[Row], rows: int) -> Iterator[Row]:
    rnd, next_id = rng.random, rising_ids(rng, rows)
    now, stamp, uuid = ctx.clock.ts, wire.timestamptz, wire.uuid
    step = max(1, AUDIT_SPAN // rows)
    size = len(pool)
    for k in range(rows):
        kind, entity, action, changes, source, source_id, actor = pool[int(rnd() * size)]
        yield (
            uuid(next_id()),
            kind,
            entity,
            action,
            changes,
            source,
            source_id,
            stamp(now - 60 - k * step - int(rnd() * step)),
            actor,
        )


_JOB_TYPES = (
    "sync_listings",
    "sync_orders",
    "calculate_scores",
    "fetch_keepa",
    "recalculate_prices",
    "sync_inventory",
    "generate_report",
)
_JOB_ERRORS = (
    "SP-API throttled the request (QuotaExceeded); retry after 60 s",
    "Keepa token bucket empty: 0 of 21 tokens left",
    "Timed out after 300 s waiting for the report document",
    "Invalid SKU in feed: HX-POW-00412 is not in the catalogue",
    "Connection reset by peer while downloading the settlement report",
)


def seed_system_jobs(ctx: SeedContext) -> list[uuid.UUID]:
    rng = ctx.rng("system_jobs")
    count = ctx.sizes.system_jobs
    spacing = 14 * DAY // count
    ids: list[uuid.UUID] = []
    rows: list[Row] = []
    for i in range(count):
        age = 300 + i * spacing + rng.randrange(spacing)
        kind = _JOB_TYPES[rng.randrange(len(_JOB_TYPES))]
        status = _job_status(rng, i, age)
        attempts, max_attempts = (1, 3)
        error = result = None
        started = completed = None
        if status == "failed":  # some used every attempt, some can still be retried
            attempts, error = rng.randint(1, 3), rng.choice(_JOB_ERRORS)
        elif status == "pending" and (i == 2 or i % 5 == 0):  # a retry waiting for its turn
            attempts, error = rng.randint(1, 2), rng.choice(_JOB_ERRORS)
        elif status == "pending":
            attempts = 0
        if status != "pending":
            started = ctx.clock.ago(age - rng.randint(0, 60))
        if status in {"completed", "failed", "cancelled"}:
            completed = ctx.clock.ago(max(0, age - rng.randint(5, 900)))
        if status == "completed":
            result = json.dumps({"processed": rng.randint(10, 5000), "changed": rng.randint(0, 80)})
        job_id = new_uuid(rng)
        ids.append(job_id)
        rows.append(
            (
                job_id,
                kind,
                status,
                ctx.clock.ago(age - (rng.randint(60, 7200) if status == "pending" else 0)),
                started,
                completed,
                json.dumps({"marketplace": "UK", "batch": i % 13}),
                result,
                error,
                attempts,
                max_attempts,
                ctx.clock.ago(age + 5),
            )
        )
    ctx.writer.copy(SYSTEM_JOBS, rows)
    return ids


def _job_status(rng: random.Random, i: int, age: int) -> str:
    if age < DAY and i % 6 == 1:  # keep failures in the last 24 hours
        return "failed"
    if i < 3:
        return ("running", "pending", "pending")[i]
    if age > 2 * DAY:  # nothing old is still waiting
        return str(pick(rng, [("completed", 85), ("failed", 10), ("cancelled", 5)]))
    return str(pick(rng, [("completed", 70), ("failed", 10), ("running", 5), ("pending", 15)]))
