"""`R`: put a failed ``system.jobs`` job back in the queue, in one transaction with a guard and
one ``system.audit_log`` row.

The job is locked first, so the reasons for a refusal are read from the row the update would
have changed: it no longer exists, it is not failed any more (someone re-queued or changed it
first: the audit log or the row's own times say who and when), or it has used all of its
``max_attempts``. The update itself keeps the guard (``status = 'failed' AND attempt_count <
max_attempts``), so nothing else can slip through. ``attempt_count`` is left alone: it counts
runs, and the worker that picks the job up raises it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy
from sqlalchemy import Connection, Row

from hotdash_tui.db.audit import latest_audit, record_audit
from hotdash_tui.db.runs.model import RetryResult
from hotdash_tui.db.sql import run

# The entity type seed 001's audit rows give system jobs (its re-queue rows look like ours).
ENTITY_TYPE = "job"
DEFAULT_MAX_ATTEMPTS = 3  # system.jobs.max_attempts' default, for a row that has NULL


def _changed(conn: Connection, job_id: uuid.UUID, row: Row[Any]) -> RetryResult:
    """Not failed any more: who changed it and when, from the audit log or the row itself."""
    entry = latest_audit(conn, ENTITY_TYPE, job_id)
    moments = [m for m in (row.completed_at, row.started_at, row.scheduled_for) if m]
    at = entry.at if entry is not None else max(moments, default=None)
    return RetryResult(
        job_id,
        "changed",
        row.status,
        row.attempt_count,
        row.max_attempts,
        by=entry.actor or entry.source if entry is not None else None,
        at=at,
    )


def retry_system_job(
    engine: sqlalchemy.Engine, job_id: uuid.UUID, actor: str, *, now: datetime | None = None
) -> RetryResult:
    """Re-queues one failed system job to run at ``now``; a refusal changes nothing."""
    now = now or datetime.now(UTC)
    with engine.begin() as conn:
        row = run(conn, "runs_system_lock", {"id": job_id}).one_or_none()
        if row is None:
            return RetryResult(job_id, "missing")
        attempts = row.attempt_count or 0
        limit = DEFAULT_MAX_ATTEMPTS if row.max_attempts is None else row.max_attempts
        if row.status != "failed":
            return _changed(conn, job_id, row)
        if attempts >= limit:
            return RetryResult(job_id, "exhausted", row.status, attempts, limit)
        done = run(conn, "runs_system_requeue", {"id": job_id, "now": now}).one_or_none()
        if done is None:  # cannot happen while the row is locked; refuse rather than guess
            return _changed(conn, job_id, row)
        record_audit(
            conn,
            entity_type=ENTITY_TYPE,
            entity_id=job_id,
            action="retry",
            actor=actor,
            changes={
                "status": ("failed", "pending"),
                "error_message": (row.error_message, None),
                "scheduled_for": (row.scheduled_for, done.scheduled_for),
                "started_at": (row.started_at, None),
                "completed_at": (row.completed_at, None),
            },
        )
    return RetryResult(job_id, "queued", "pending", attempts, limit, actor, now)
