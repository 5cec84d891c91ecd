"""Seed 004's agent system: agent runs, their QC checks and the LLM queries they made."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid, pick
from hotdash_tui.demo.text import OPERATORS

RUNS = Table.of(
    "public.agent_run",
    "id agent_name run_type status started_at finished_at duration_ms model input_tokens"
    " output_tokens cost_usd error_message metadata created_at",
)
QC = Table.of(
    "public.agent_qc",
    "id agent_run_id check_name passed score details checked_by created_at",
)
QUERIES = Table.of(
    "public.AgentQuery",
    "id agent_run_id agent_name provider model prompt response input_tokens output_tokens"
    " latency_ms cost_usd status error_message created_at",
)
TABLES = (RUNS, QC, QUERIES)  # the tables this module fills, parents first
AGENTS = ("support-agent", "pricing-agent", "inventory-agent", "ads-agent", "content-agent")
_MODELS = (
    ("openai", "gpt-4o-mini", Decimal("0.0000006")),
    ("anthropic", "claude-sonnet-4", Decimal("0.000015")),
    ("openai", "gpt-4.1", Decimal("0.000008")),
)


@dataclass(frozen=True)
class AgentRun:
    id: uuid.UUID
    agent: str
    age: int  # seconds since it started


def seed_agent_runs(ctx: SeedContext) -> list[AgentRun]:
    """Agent runs with their QC checks and LLM queries; a few running, some failed."""
    rng = ctx.rng("agents")
    runs: list[AgentRun] = []
    rows: list[Row] = []
    qc: list[Row] = []
    queries: list[Row] = []
    spacing = 30 * DAY // ctx.sizes.agent_runs
    for i in range(ctx.sizes.agent_runs):
        agent = AGENTS[i % len(AGENTS)]
        age = 120 + i * spacing + rng.randrange(spacing)
        status = (
            "running"
            if i < 2
            else (
                "failed"
                if i % 11 == 3
                else pick(rng, [("succeeded", 92), ("failed", 5), ("cancelled", 3)])
            )
        )
        provider, model, per_token = _MODELS[i % len(_MODELS)]
        tokens_in, tokens_out = rng.randint(500, 12_000), rng.randint(100, 3_000)
        duration = rng.randint(2_000, 90_000)
        finished = None if status == "running" else ctx.clock.ago(max(0, age - duration // 1000))
        cost = (per_token * (tokens_in + tokens_out)).quantize(Decimal("0.000001"))
        error = (
            "Tool call failed: Shopify API 429 Too Many Requests" if status == "failed" else None
        )
        run = AgentRun(new_uuid(rng), agent, age)
        runs.append(run)
        rows.append(
            (
                run.id,
                agent,
                rng.choice(("scheduled", "event", "manual")),
                status,
                ctx.clock.ago(age),
                finished,
                None if finished is None else duration,
                model,
                tokens_in,
                tokens_out,
                cost,
                error,
                json.dumps({"trigger": "cron" if i % 3 else "webhook"}),
                ctx.clock.ago(age),
            )
        )
        for n in range(rng.randint(1, 4)):
            ok = status != "failed" or n == 0
            queries.append(
                (
                    new_uuid(rng),
                    run.id,
                    agent,
                    provider,
                    model,
                    f"[{agent}] step {n + 1}: decide the next action",
                    "Done." if ok else None,
                    tokens_in // 2,
                    tokens_out // 2,
                    rng.randint(300, 9_000),
                    (cost / 2).quantize(Decimal("0.000001")),
                    "ok" if ok else "timeout",
                    None if ok else "Provider timed out after 30 s",
                    ctx.clock.ago(max(0, age - n * 5)),
                )
            )
        if finished is None:
            continue
        for check in rng.sample(
            ("schema_valid", "policy_compliant", "tone_ok", "numbers_match_source", "no_pii"),
            rng.randint(1, 3),
        ):
            passed = rng.random() < 0.88
            qc.append(
                (
                    new_uuid(rng),
                    run.id,
                    check,
                    passed,
                    round(rng.uniform(60, 100) if passed else rng.uniform(10, 59), 2),
                    json.dumps({"notes": "ok" if passed else f"{check} failed on 1 item"}),
                    "qc-bot" if rng.random() < 0.8 else rng.choice(OPERATORS[:4]),
                    ctx.clock.ago(max(0, age - duration // 1000 - 30)),
                )
            )
    ctx.writer.copy(RUNS, rows)
    ctx.writer.copy(QC, qc)
    ctx.writer.copy(QUERIES, queries)
    return runs
