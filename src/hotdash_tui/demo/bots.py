"""Seed 003: the bot pipeline's jobs, their events and artifacts (owner-scoped), and prompts.

Events and artifacts carry the owner_id of their job, as the row level security policies
require of rows written through the API.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid, pick

BOT_JOBS = Table.of(
    "public.jobs",
    "run_id project_spec owner_id status started_at completed_at error_message created_at"
    " updated_at",
)
JOB_EVENTS = Table.of(
    "public.job_events",
    "id run_id bot_name event_type payload owner_id created_at",
)
ARTIFACTS = Table.of(
    "public.artifacts",
    "id run_id kind url meta owner_id file_size content_type checksum created_at",
)
PROMPTS = Table.of(
    "public.prompts",
    "id category context prompt_text created_at updated_at",
)
TABLES = (BOT_JOBS, JOB_EVENTS, ARTIFACTS, PROMPTS)  # the tables this module fills, parents first

_BOTS = ("planner", "architect", "coder", "tester", "packager")
_TEMPLATES = ("nextjs-saas", "fastapi-service", "shopify-app", "chrome-extension", "cli-tool")
_ERRORS = {
    "coder": "Generated code failed to compile: 3 type errors in src/api.ts",
    "tester": "4 of 57 tests failed (auth flow)",
    "packager": "Bundle exceeds the 50 MB artifact limit",
}
_ARTIFACT_KINDS = (
    ("zip", "bundle.zip", "application/zip", 2_000_000, 40_000_000),
    ("file", "README.md", "text/markdown", 2_000, 20_000),
    ("log", "build.log", "text/plain", 10_000, 900_000),
)
_PROMPTS = (
    ("planner.system", "system", "planner bot", "You plan a software project as ordered tasks."),
    ("architect.system", "system", "architect bot", "You choose a stack and a folder layout."),
    ("coder.system", "system", "coder bot", "You write complete files, never placeholders."),
    ("tester.system", "system", "tester bot", "You write tests that fail before the fix."),
    ("packager.system", "system", "packager bot", "You bundle the project with a README."),
    ("email.job_done", "copy", "job completed email", "Your project {name} is ready."),
    ("email.job_failed", "copy", "job failed email", "Your project {name} hit a problem."),
    ("ui.empty_state", "copy", "dashboard, no jobs", "Describe an app and we build it."),
    ("ui.spec_help", "copy", "spec editor help", "List features one per line."),
    ("sales.upsell", "copy", "upgrade dialog", "Unlock private repositories and faster runs."),
)


@dataclass(frozen=True)
class _Job:
    run_id: str
    owner: uuid.UUID
    status: str
    failed_bot: str  # the bot that failed, "" when none did
    age: int  # seconds since the job was created
    duration: int  # seconds it ran (so far)


def seed_bot_jobs(ctx: SeedContext) -> None:
    rng = ctx.rng("bot_jobs")
    owners = [new_uuid(rng) for _ in range(4)]
    count = ctx.sizes.bot_jobs
    spacing = 30 * DAY // count
    jobs: list[_Job] = []
    rows: list[Row] = []
    for i in range(count):
        age = 900 + i * spacing + rng.randrange(spacing)
        status = (
            ("running", "pending", "failed")[i]
            if i < 3
            else pick(
                rng,
                [
                    ("completed", 65),
                    ("failed", 15),
                    ("cancelled", 10),
                    ("pending", 5),
                    ("running", 5),
                ]
                if age < DAY
                else [("completed", 75), ("failed", 15), ("cancelled", 10)],
            )
        )
        stamp = ctx.clock.ago(age)
        run_id = f"job_{stamp:%Y%m%d_%H%M%S}_{rng.getrandbits(24):06x}"
        owner = owners[i % len(owners)]
        duration = rng.randint(120, 2400)
        failed_bot = rng.choice(tuple(_ERRORS)) if status == "failed" else ""
        spec = {
            "name": f"project-{i + 1}",
            "template": _TEMPLATES[i % len(_TEMPLATES)],
            "features": rng.sample(["auth", "billing", "admin", "api", "emails", "search"], 3),
        }
        started = None if status == "pending" else ctx.clock.ago(age - 30)
        finished = None
        if status not in {"pending", "running"}:
            finished = ctx.clock.ago(max(0, age - duration))
        else:
            duration = age - 60
        jobs.append(_Job(run_id, owner, status, failed_bot, age, duration))
        rows.append(
            (
                run_id,
                json.dumps(spec),
                owner,
                status,
                started,
                finished,
                _ERRORS[failed_bot] if failed_bot else None,
                stamp,
                finished or started or stamp,
            )
        )
    ctx.writer.copy(BOT_JOBS, rows)
    ctx.writer.copy(JOB_EVENTS, _events(ctx, rng, jobs))
    ctx.writer.copy(ARTIFACTS, _artifacts(ctx, rng, jobs))
    ctx.writer.copy(
        PROMPTS,
        (
            (key, category, context, text, ctx.clock.ago((90 - n) * DAY), ctx.clock.ago(n * DAY))
            for n, (key, category, context, text) in enumerate(_PROMPTS)
        ),
    )


def _events(ctx: SeedContext, rng: random.Random, jobs: list[_Job]) -> Iterator[Row]:
    for job in jobs:
        if job.status == "pending":
            continue
        run_id, owner, failed_bot = job.run_id, job.owner, job.failed_bot
        bots = _BOTS if job.status in {"completed", "failed"} else _BOTS[:3]
        step = max(1, job.duration // (len(bots) * 2))
        t = job.age - 30
        for bot in bots:
            yield (
                new_uuid(rng),
                run_id,
                bot,
                "started",
                json.dumps({"message": f"{bot} started"}),
                owner,
                ctx.clock.ago(t),
            )
            t -= step
            if bot == failed_bot:
                if rng.random() < 0.5:
                    yield (
                        new_uuid(rng),
                        run_id,
                        bot,
                        "retry",
                        json.dumps({"attempt": 2, "reason": "transient error"}),
                        owner,
                        ctx.clock.ago(t),
                    )
                yield (
                    new_uuid(rng),
                    run_id,
                    bot,
                    "failed",
                    json.dumps({"error": _ERRORS[bot]}),
                    owner,
                    ctx.clock.ago(max(0, t - 5)),
                )
                break
            event = "progress" if job.status == "running" and bot == bots[-1] else "completed"
            yield (
                new_uuid(rng),
                run_id,
                bot,
                event,
                json.dumps({"progress": 100 if event == "completed" else rng.randint(10, 90)}),
                owner,
                ctx.clock.ago(max(0, t)),
            )
            t -= step


def _artifacts(ctx: SeedContext, rng: random.Random, jobs: list[_Job]) -> Iterator[Row]:
    for job in jobs:
        if job.status != "completed":
            continue
        run_id, owner, age, duration = job.run_id, job.owner, job.age, job.duration
        for kind, name, content_type, low, high in _ARTIFACT_KINDS[: rng.randint(1, 3)]:
            yield (
                new_uuid(rng),
                run_id,
                kind,
                f"https://storage.example/artifacts/{run_id}/{name}",
                json.dumps({"name": name, "generated_by": "packager"}),
                owner,
                rng.randint(low, high),
                content_type,
                f"{rng.getrandbits(256):064x}",
                ctx.clock.ago(max(0, age - duration)),
            )
