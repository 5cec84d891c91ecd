"""`enter` on a run: its timeline, attempts, errors, metrics, checks and artifacts, per source.

- pipeline: every stage row of the run_id in the order it ran, summed in SQL;
- jobs: the bot job's events and artifacts;
- system: the job's created / scheduled / started / finished moments and its audit rows;
- agents: the run's LLM calls ("AgentQuery") and its quality checks (agent_qc);
- tasks: a failed task of seed 000: its error, input, output and evidence.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import sqlalchemy
from sqlalchemy import Connection, Row

from hotdash_tui.db.engine import reading
from hotdash_tui.db.runs.model import Artifact, Check, RunDetails, RunLine, Step
from hotdash_tui.db.sql import run


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _step(row: Row[Any]) -> Step:
    fields = row._asdict()
    return Step(
        at=fields.get("at"),
        name=fields.get("name") or "",
        status=fields.get("status") or "",
        attempt=_int(fields.get("attempt")),
        duration_ms=_int(fields.get("duration_ms")),
        tokens=_int(fields.get("tokens")),
        cost_usd=fields.get("cost_usd"),
        cache_hit=fields.get("cache_hit"),
        note=fields.get("note"),
    )


def millis(value: Any) -> str:
    """``850 ms``, ``12.4 s``, ``3m 05s``: a duration as a person reads it."""
    if value is None:
        return "-"
    ms = int(value)
    if ms < 1000:
        return f"{ms} ms"
    if ms < 60_000:
        return f"{ms / 1000:.1f} s"
    minutes, seconds = divmod(ms // 1000, 60)
    return f"{minutes}m {seconds:02d}s"


def money(value: Decimal | None) -> str:
    return "-" if value is None else f"${value:.4f}"


def _pipeline(conn: Connection, line: RunLine) -> RunDetails:
    rows = run(conn, "runs_pipeline_stages", {"run_id": line.run_ref}).all()
    totals = run(conn, "runs_pipeline_totals", {"run_id": line.run_ref}).one()
    artifacts = tuple(
        Artifact(kind=row.name, name=str(row.output_refs.get("artifact_id")))
        for row in rows
        if isinstance(row.output_refs, dict) and row.output_refs.get("artifact_id")
    )
    return RunDetails(
        line=line,
        title=f"Pipeline run {line.run_ref}",
        facts=(
            ("Stages", " > ".join(dict.fromkeys(row.name for row in rows)) or "-"),
            ("Rows", str(totals.steps)),
            ("Retries", str(totals.retries)),
            ("Failures", str(totals.failures)),
        ),
        metrics=(
            ("Latency", millis(totals.duration_ms)),
            ("Tokens", f"{int(totals.tokens or 0):,}"),
            ("Cost", money(totals.cost_usd)),
            ("Cache hits", f"{totals.cache_hits} of {totals.steps}"),
        ),
        steps=tuple(_step(row) for row in rows),
        artifacts=artifacts,
        documents=(("Inputs", rows[0].input_refs),) if rows else (),
    )


def _bot_job(conn: Connection, line: RunLine) -> RunDetails | None:
    job = run(conn, "runs_bot_job", {"run_id": line.run_ref}).one_or_none()
    if job is None:
        return None
    events = run(conn, "runs_bot_events", {"run_id": line.run_ref}).all()
    files = run(conn, "runs_bot_artifacts", {"run_id": line.run_ref}).all()
    steps = tuple(
        _step(row)
        if row.progress is None or row.note
        else Step(row.at, row.name, row.status, note=f"progress {row.progress}")
        for row in events
    )
    return RunDetails(
        line=line,
        title=f"Bot job {job.run_id}",
        facts=(
            ("Status", f"{line.status} ({job.status})"),
            ("Project", str((job.project_spec or {}).get("name", "-"))),
            ("Attempts", f"{1 + job.retries if job.started_at else 0} ({job.retries} retried)"),
            ("Error", job.error_message or "-"),
        ),
        metrics=(
            ("Duration", millis(job.duration_ms)),
            ("Events", str(job.events)),
            ("Artifacts", f"{job.artifacts} ({int(job.artifact_bytes or 0):,} bytes)"),
        ),
        steps=steps,
        artifacts=tuple(
            Artifact(f.kind, f.name, f.url, _int(f.file_size), f.content_type) for f in files
        ),
        documents=(("Project spec", job.project_spec),),
    )


def _system_job(conn: Connection, line: RunLine) -> RunDetails | None:
    job_id = uuid.UUID(line.run_ref)
    job = run(conn, "runs_system_job", {"id": job_id}).one_or_none()
    if job is None:
        return None
    timeline = run(conn, "runs_system_timeline", {"id": job_id}).all()
    attempts = f"{job.attempt_count or 0} of {job.max_attempts or 3}"
    return RunDetails(
        line=line,
        title=f"System job {job.job_type} {job.id}",
        facts=(
            ("Status", f"{line.status} ({job.status})"),
            ("Attempts", attempts),
            ("Error", job.error_message or "-"),
        ),
        metrics=(("Duration", millis(job.duration_ms)),),
        steps=tuple(_step(row) for row in timeline),
        documents=(("Input", job.input_data), ("Result", job.result_data)),
    )


def _agent_run(conn: Connection, line: RunLine) -> RunDetails | None:
    run_id = uuid.UUID(line.run_ref)
    agent = run(conn, "runs_agent_run", {"id": run_id}).one_or_none()
    if agent is None:
        return None
    calls = run(conn, "runs_agent_queries", {"id": run_id}).all()
    checks = run(conn, "runs_agent_checks", {"id": run_id}).all()
    return RunDetails(
        line=line,
        title=f"Agent run {agent.agent_name} {agent.id}",
        facts=(
            ("Status", f"{line.status} ({agent.status})"),
            ("Type", agent.run_type or "-"),
            ("Model", agent.model or "-"),
            ("Error", agent.error_message or "-"),
        ),
        metrics=(
            ("Duration", millis(agent.duration_ms)),
            ("Tokens", f"{agent.input_tokens or 0:,} in, {agent.output_tokens or 0:,} out"),
            ("Cost", money(agent.cost_usd)),
            ("LLM calls", f"{agent.calls} (mean latency {millis(agent.avg_latency_ms)})"),
            ("QC", f"{agent.checks_passed} of {agent.checks} checks passed"),
        ),
        steps=tuple(_step(row) for row in calls),
        checks=tuple(Check(c.name, c.passed, c.score, c.checked_by, c.note) for c in checks),
        documents=(("Metadata", agent.metadata),),
    )


def _task_steps(task: Row[Any]) -> tuple[Step, ...]:
    created = Step(task.created_at, "created", "queued", None, None, None, None, None, None)
    if task.completed_at is None:
        return (created,)
    failed = Step(
        task.completed_at, "failed", "failure", None, None, None, None, None, task.error_message
    )
    return (created, failed)


def _task(conn: Connection, line: RunLine) -> RunDetails | None:
    task = run(conn, "runs_task", {"id": uuid.UUID(line.run_ref)}).one_or_none()
    if task is None:
        return None
    return RunDetails(
        line=line,
        title=f"Task {task.type} {task.id}",
        facts=(
            ("Status", f"{line.status} ({task.status})"),
            ("Priority", "-" if task.priority is None else str(task.priority)),
            ("Confidence", "-" if task.confidence_score is None else str(task.confidence_score)),
            ("Error", task.error_message or "-"),
        ),
        metrics=(("Duration", millis(task.duration_ms)),),
        steps=_task_steps(task),
        documents=(("Input", task.input), ("Output", task.output), ("Evidence", task.evidence)),
    )


def load_run_details(engine: sqlalchemy.Engine, line: RunLine) -> RunDetails | None:
    """The run a line belongs to, or None when it no longer exists."""
    with reading(engine, each_statement=True) as conn:
        if line.source == "pipeline":
            details = _pipeline(conn, line)
            return details if details.steps else None
        if line.source == "jobs":
            return _bot_job(conn, line)
        if line.source == "system":
            return _system_job(conn, line)
        if line.source == "tasks":
            return _task(conn, line)
        return _agent_run(conn, line)
