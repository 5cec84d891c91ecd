"""R on the runs screen: a failed system job goes back to the queue in one transaction with one
audit row; every refusal (gone, not failed, attempts used, someone first) writes nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.runs import ENTITY_TYPE, retry_system_job
from tests.conftest import FIXED_NOW

JOB = (
    "SELECT status, error_message, scheduled_for, started_at, completed_at, attempt_count"
    " FROM system.jobs WHERE id = :id"
)


def job(engine: sqlalchemy.Engine, job_id: uuid.UUID) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(JOB), {"id": job_id}).one()


def ours(engine: sqlalchemy.Engine) -> list[Any]:
    """The audit rows this dashboard wrote (the seed's own carry other sources)."""
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT entity_type, entity_id, action, actor, changes FROM system.audit_log"
                    " WHERE source = 'hotdash' ORDER BY created_at"
                )
            ).all()
        )


def failed_job(engine: sqlalchemy.Engine, *, exhausted: bool = False) -> uuid.UUID:
    guard = ">=" if exhausted else "<"
    with engine.connect() as conn:
        found: uuid.UUID = conn.execute(
            text(
                "SELECT id FROM system.jobs WHERE status = 'failed'"
                " AND attempt_count " + guard + " max_attempts ORDER BY created_at DESC LIMIT 1"
            )
        ).scalar_one()
    return found


def test_a_failed_job_is_queued_again_with_one_audit_row(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    job_id = failed_job(seeded_engine)
    before = job(seeded_engine, job_id)
    assert before.error_message and before.completed_at
    result = retry_system_job(seeded_engine, job_id, "reviewer", now=FIXED_NOW)
    assert result.queued and (result.attempts, result.max_attempts) == (before.attempt_count, 3)
    after = job(seeded_engine, job_id)
    assert after.status == "pending" and after.error_message is None
    assert after.scheduled_for == FIXED_NOW
    assert (after.started_at, after.completed_at) == (None, None)
    assert after.attempt_count == before.attempt_count  # the worker counts the next run
    [row] = ours(seeded_engine)
    assert (row.entity_type, row.entity_id, row.action, row.actor) == (
        ENTITY_TYPE,
        job_id,
        "retry",
        "reviewer",
    )
    assert row.changes["status"] == {"old": "failed", "new": "pending"}
    assert row.changes["error_message"] == {"old": before.error_message, "new": None}


def test_someone_first_is_named_and_nothing_is_written(seeded_engine: sqlalchemy.Engine) -> None:
    job_id = failed_job(seeded_engine)
    retry_system_job(seeded_engine, job_id, "bob", now=FIXED_NOW - timedelta(minutes=79))
    state = job(seeded_engine, job_id)
    result = retry_system_job(seeded_engine, job_id, "reviewer", now=FIXED_NOW)
    assert (result.outcome, result.status, result.by) == ("changed", "pending", "bob")
    assert result.at is not None
    assert job(seeded_engine, job_id) == state
    assert [r.actor for r in ours(seeded_engine)] == ["bob"]


def test_a_job_that_is_not_failed_is_refused_with_its_own_times(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    with seeded_engine.connect() as conn:
        job_id, completed = conn.execute(
            text(
                "SELECT id, completed_at FROM system.jobs WHERE status = 'completed'"
                " ORDER BY created_at DESC LIMIT 1"
            )
        ).one()
        conn.execute(text("DELETE FROM system.audit_log WHERE entity_id = :id"), {"id": job_id})
        conn.commit()
    state = job(seeded_engine, job_id)
    result = retry_system_job(seeded_engine, job_id, "reviewer", now=FIXED_NOW)
    assert (result.outcome, result.status, result.by, result.at) == (
        "changed",
        "completed",
        None,
        completed,
    )
    assert job(seeded_engine, job_id) == state and ours(seeded_engine) == []


def test_used_attempts_and_a_missing_job_are_refused(seeded_engine: sqlalchemy.Engine) -> None:
    job_id = failed_job(seeded_engine, exhausted=True)
    state = job(seeded_engine, job_id)
    result = retry_system_job(seeded_engine, job_id, "reviewer", now=FIXED_NOW)
    assert (result.outcome, result.attempts, result.max_attempts) == ("exhausted", 3, 3)
    assert job(seeded_engine, job_id) == state
    gone = retry_system_job(seeded_engine, uuid.uuid4(), "reviewer", now=FIXED_NOW)
    assert gone.outcome == "missing"
    assert ours(seeded_engine) == []
