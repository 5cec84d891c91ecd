"""Seed 002: the video pipeline's run logs, channels, costs, research cache and experiments.

``pipeline_runs`` is one of the tables ``rows=N`` grows: one row per run and stage attempt,
runs produced newest first. A run stops at its failing stage; a stage that needed retries
logs a ``retry`` row per failed attempt before its final row.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from decimal import Decimal

from hotdash_tui.demo import binary as wire
from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid, rising_ids

PIPELINE_RUNS = Table.of(
    "public.pipeline_runs",
    "id run_id stage status attempts input_refs output_refs error_summary metrics created_at",
)
CHANNEL_CONFIGS = Table.of(
    "public.channel_configs",
    "id channel_id name tone_profile format_profile kpi_targets created_at",
)
CHANNEL_COSTS = Table.of(
    "public.channel_costs",
    "id channel_id run_id provider cost_usd tokens created_at",
)
RESEARCH_CACHE = Table.of("public.research_cache", "id topic content created_at")
SCRIPTS = Table.of("public.scripts", "id content created_at")
EXPERIMENTS = Table.of(
    "public.metadata_experiments",
    "id video_id experiment_type title_variant thumbnail_variant start_date end_date ctr"
    " avd notes created_at",
)
TABLES = (
    CHANNEL_CONFIGS,
    RESEARCH_CACHE,
    SCRIPTS,
    EXPERIMENTS,
    PIPELINE_RUNS,
    CHANNEL_COSTS,
)  # the tables this module fills, parents first

# (stage, provider, mean latency ms, mean tokens, cost per 1k tokens or per call, error)
_STAGES = (
    ("research", "perplexity", 4_000, 3_000, 0.0010, "Search API returned 503 Service Unavailable"),
    ("script", "openai", 9_000, 6_000, 0.0050, "LLM output failed the script JSON schema"),
    ("qa", "anthropic", 5_000, 4_000, 0.0030, "QA rejected the script: claims without sources"),
    ("voiceover", "elevenlabs", 20_000, 0, 0.1800, "ElevenLabs character quota exceeded"),
    ("render", "ffmpeg", 90_000, 0, 0.0, "ffmpeg exited with code 1: missing audio stream"),
    ("thumbnail", "openai-images", 12_000, 0, 0.0400, "Image safety filter blocked the prompt"),
    ("upload", "youtube", 30_000, 0, 0.0, "YouTube Data API quotaExceeded"),
)
CHANNELS = (
    ("ch_diy_fixes", "DIY Fixes in 60s", "upbeat, practical", "shorts-60s", 0.062, 38),
    ("ch_tool_reviews", "Tool Reviews UK", "honest, detailed", "longform-10m", 0.048, 240),
    ("ch_garden_jobs", "Weekend Garden Jobs", "calm, seasonal", "longform-6m", 0.051, 170),
    ("ch_home_hacks", "Home Hacks Daily", "quick, playful", "shorts-45s", 0.071, 29),
)
_TOPICS = (
    "fixing a dripping tap",
    "choosing wall plugs",
    "cordless drill buying guide",
    "sanding a door",
    "hanging a heavy mirror",
    "bleeding radiators",
    "laying patio slabs",
    "sharpening a chisel",
    "painting skirting boards",
    "fixing a squeaky floorboard",
)


def seed_channels(ctx: SeedContext) -> None:
    rng = ctx.rng("channels")
    ctx.writer.copy(
        CHANNEL_CONFIGS,
        (
            (
                new_uuid(rng),
                channel,
                name,
                tone,
                fmt,
                json.dumps(
                    {
                        "ctr": ctr,
                        "avd_seconds": avd,
                        "rpm_usd": round(rng.uniform(1.5, 6), 2),
                        "cadence_per_week": rng.choice((3, 5, 7)),
                    }
                ),
                ctx.clock.ago((200 - n * 30) * DAY),
            )
            for n, (channel, name, tone, fmt, ctr, avd) in enumerate(CHANNELS)
        ),
    )
    ctx.writer.copy(RESEARCH_CACHE, _research(ctx, rng))
    ctx.writer.copy(
        SCRIPTS,
        (
            (
                new_uuid(rng),
                f"HOOK: Stop doing {topic} the hard way.\nSTEP 1: ...\nCTA: subscribe.",
                ctx.clock.ago(n * DAY // 2 + rng.randrange(3600)),
            )
            for n, topic in enumerate(_TOPICS * 4)
        ),
    )
    ctx.writer.copy(
        EXPERIMENTS,
        (
            (
                new_uuid(rng),
                f"vid_{rng.getrandbits(40):010x}",
                kind,
                f"{_TOPICS[n % len(_TOPICS)].capitalize()} (in 60 seconds)"
                if kind == "title"
                else None,
                f"thumb_v{n % 3 + 1}_bold_text.png" if kind == "thumbnail" else None,
                ctx.clock.ago((n + 10) * DAY),
                ctx.clock.ago((n + 3) * DAY) if n > 2 else None,
                Decimal(rng.randint(300, 900)) / 10_000,
                Decimal(rng.randint(200, 2400)) / 10,
                "Variant B won; keep the question-style title" if n % 4 == 0 else None,
                ctx.clock.ago((n + 10) * DAY),
            )
            for n, kind in enumerate(("title", "thumbnail", "other", "title") * 5)
        ),
    )


def _research(ctx: SeedContext, rng: random.Random) -> Iterator[Row]:
    for n, topic in enumerate(_TOPICS * 3):
        yield (
            new_uuid(rng),
            topic,
            f"Summary of 8 sources on {topic}: tools, steps, safety.",
            ctx.clock.ago(n * DAY // 3 + rng.randrange(3600)),
        )
    for n in range(8):  # the seed's boot log rows
        yield new_uuid(rng), "system", "System Boot", ctx.clock.ago(n * 3 * DAY + 3600)


def seed_pipeline_runs(ctx: SeedContext, rows: int) -> None:
    rng = ctx.rng("pipeline_runs")
    costs: list[Row] = []
    ctx.writer.copy(PIPELINE_RUNS, _runs(ctx, rng, rows, costs), binary=True)
    ctx.writer.copy(CHANNEL_COSTS, costs)


_STATUS = {s: wire.string(s) for s in ("success", "failure", "retry", "skipped")}
_ATTEMPTS = [wire.int4(n) for n in range(8)]


def _runs(ctx: SeedContext, rng: random.Random, rows: int, costs: list[Row]) -> Iterator[Row]:
    """Binary-encoded stage rows (see seed_binary); channel_costs rows go to ``costs``."""
    rnd, bits = rng.random, rng.getrandbits
    next_id, next_cost_id = rising_ids(rng, rows), rising_ids(rng, rows)
    now, stamp, jsonb = ctx.clock.ts, wire.timestamptz, wire.jsonb
    stages = [
        (wire.string(name), latency, tokens, price, wire.string(error))
        for name, _, latency, tokens, price, error in _STAGES
    ]
    runs = max(1, rows * 10 // 63)  # about 6.3 rows per run
    span = min(365 * DAY, max(14 * DAY, runs * DAY // 10))
    interval = max(1, span // runs)
    # The six newest runs fall within the last 24 hours, and all but the first have finished.
    recent = max(900, min(interval, 7200))
    written = r = 0
    while written < rows:
        offset = r * recent if r < 6 else 6 * recent + (r - 6) * interval
        start = now - 240 - offset - int(rnd() * min(recent, interval) * 0.2)
        when = ctx.clock.text(start)
        run_id = f"run-{when[:10].replace('-', '')}-{when[11:19].replace(':', '')}-{bits(16):04x}"
        run_ref = wire.string(run_id)
        channel = CHANNELS[int(rnd() * len(CHANNELS))][0]
        inputs = jsonb(
            f'{{"channel_id": "{channel}", "topic_id": "t-{bits(24):06x}", '
            f'"cache_key": "rc-{bits(32):08x}"}}'
        )
        # Forced fates keep the newest runs interesting: one still running, two failed.
        last = 3 if r == 0 else len(_STAGES)
        fail_at = (
            (1 + r) % len(_STAGES)
            if r in (1, 4)
            else (int(rnd() * len(_STAGES)) if rnd() < 0.1 else -1)
        )
        t, cost, tokens = start, 0.0, 0
        for s in range(last):
            stage, latency, mean_tokens, price, error = stages[s]
            retries = 1 + int(rnd() * 2) if rnd() < 0.08 or (r == 2 and s == 1) else 0
            skipped = s == 0 and fail_at != 0 and rnd() < 0.2  # research served from cache
            for attempt in range(1, retries + 2):
                lat = int(latency * (0.5 + rnd()))
                tok = int(mean_tokens * (0.6 + rnd() * 0.8))
                usd = price * tok / 1000 if mean_tokens else price
                final = attempt == retries + 1
                status = (
                    "skipped"
                    if skipped
                    else "failure"
                    if final and s == fail_at
                    else "success"
                    if final
                    else "retry"
                )
                if skipped:
                    lat, tok, usd = 40, 0, 0.0
                t += lat // 1000 + 1
                cost, tokens = cost + usd, tokens + tok
                ok = status in {"success", "skipped"}
                yield (
                    wire.uuid(next_id()),
                    run_ref,
                    stage,
                    _STATUS[status],
                    _ATTEMPTS[attempt],
                    inputs,
                    jsonb(f'{{"artifact_id": "{_STAGES[s][0]}-{bits(32):08x}"}}') if ok else None,
                    None if ok else error,
                    jsonb(
                        f'{{"latency_ms": {lat}, "tokens": {tok}, "cost_usd": {usd:.4f}, '
                        f'"cache_hit": {"true" if skipped else "false"}}}'
                    ),
                    stamp(t),
                )
                written += 1
                if skipped:
                    break
            if s == fail_at:
                break
        costs.append(
            (
                f"{next_cost_id():032x}",
                channel,
                run_id,
                "openai" if r % 3 else "anthropic",
                f"{cost:.4f}",
                tokens,
                ctx.clock.text(t),
            )
        )
        r += 1
