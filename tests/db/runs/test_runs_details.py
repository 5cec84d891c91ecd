"""`enter` on a run, per source: the timeline, metrics summed in SQL, checks and artifacts."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.runs import (
    RunFilter,
    RunLine,
    load_run_details,
    load_runs,
    retry_system_job,
)
from tests.conftest import FIXED_NOW


def first(engine: sqlalchemy.Engine, spec: RunFilter) -> RunLine:
    return load_runs(engine, spec, FIXED_NOW, limit=1).lines[0]


def test_a_pipeline_run_shows_every_stage_row_in_order_with_its_sums(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    line = first(seeded_engine, RunFilter(source="pipeline", status="retry"))
    with seeded_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT stage, status, attempts, (metrics->>'cost_usd')::numeric AS cost"
                " FROM public.pipeline_runs WHERE run_id = :r ORDER BY created_at, id"
            ),
            {"r": line.run_ref},
        ).all()
    details = load_run_details(seeded_engine, line)
    assert details is not None
    assert [(s.name, s.status, s.attempt) for s in details.steps] == [
        (r.stage, r.status, r.attempts) for r in rows
    ]
    metrics = dict(details.metrics)
    assert metrics["Cost"] == f"${sum((r.cost for r in rows), Decimal(0)):.4f}"
    assert dict(details.facts)["Retries"] == str(sum(r.status == "retry" for r in rows))
    assert details.documents[0][0] == "Inputs" and "channel_id" in details.documents[0][1]


def test_a_bot_job_shows_its_events_and_artifacts(seeded_engine: sqlalchemy.Engine) -> None:
    line = first(seeded_engine, RunFilter(source="jobs", status="success"))
    details = load_run_details(seeded_engine, line)
    assert details is not None
    assert [s.name for s in details.steps][:2] == ["planner", "planner"]
    assert {s.status for s in details.steps} >= {"started", "completed"}
    assert details.artifacts and all(a.url for a in details.artifacts)
    failed = load_run_details(seeded_engine, first(seeded_engine, RunFilter("jobs", "failure")))
    assert failed is not None and failed.steps[-1].status == "failed"
    assert failed.steps[-1].note == dict(failed.facts)["Error"]


def test_a_system_job_shows_its_moments_and_its_audited_changes(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    line = first(seeded_engine, RunFilter(source="system", status="failure"))
    assert line.key_uuid is not None
    retry_system_job(seeded_engine, line.key_uuid, "reviewer", now=FIXED_NOW)
    details = load_run_details(seeded_engine, line)
    assert details is not None
    names = [s.name for s in details.steps]
    assert {"created", "retry"} <= set(names)
    assert details.steps[-1].note == "by reviewer"
    assert dict(details.facts)["Status"] == "failure (pending)"


def test_an_agent_run_shows_its_llm_calls_and_checks(seeded_engine: sqlalchemy.Engine) -> None:
    line = first(seeded_engine, RunFilter(source="agents", status="success"))
    details = load_run_details(seeded_engine, line)
    assert details is not None and details.steps and details.checks
    with seeded_engine.connect() as conn:
        calls = conn.execute(
            text('SELECT count(*) FROM public."AgentQuery" WHERE agent_run_id = :id'),
            {"id": line.key_uuid},
        ).scalar_one()
    assert len(details.steps) == calls
    assert dict(details.metrics)["LLM calls"].startswith(f"{calls} (mean latency")


def test_a_run_that_is_gone_has_no_details(seeded_engine: sqlalchemy.Engine) -> None:
    line = first(seeded_engine, RunFilter(source="pipeline"))
    with seeded_engine.begin() as conn:
        conn.execute(
            text("DELETE FROM public.pipeline_runs WHERE run_id = :r"), {"r": line.run_ref}
        )
    assert load_run_details(seeded_engine, line) is None


def test_a_failed_task_shows_its_error_input_and_output(seeded_engine: sqlalchemy.Engine) -> None:
    line = first(seeded_engine, RunFilter(source="tasks"))
    with seeded_engine.connect() as conn:
        task = conn.execute(
            text("SELECT type, error_message, input FROM public.tasks WHERE id = :id"),
            {"id": line.key_uuid},
        ).one()
    assert (line.status, line.name, line.error) == ("failure", task.type, task.error_message)
    details = load_run_details(seeded_engine, line)
    assert details is not None
    assert ("Error", task.error_message) in details.facts
    assert ("Input", task.input) in details.documents
    assert details.steps[0].name == "created"
