"""The guards in the WHERE clauses of three writes, tested on their own (issue 16): each
statement must refuse by itself, whatever the Python around it checked first, as the board
move's race test already shows for moves."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.sql import run
from tests.conftest import FIXED_NOW


def _one(engine: sqlalchemy.Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).one()


def _requeue(engine: sqlalchemy.Engine, job_id: uuid.UUID) -> int:
    with engine.begin() as conn:
        return len(run(conn, "runs_system_requeue", {"id": job_id, "now": FIXED_NOW}).all())


def test_the_requeue_statement_takes_only_a_failed_job_with_attempts_left(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    pick = "SELECT id, status FROM system.jobs WHERE {} ORDER BY created_at LIMIT 1"
    done = _one(seeded_engine, pick.format("status = 'completed'"))
    used = _one(seeded_engine, pick.format("status = 'failed' AND attempt_count >= max_attempts"))
    left = _one(seeded_engine, pick.format("status = 'failed' AND attempt_count < max_attempts"))
    assert _requeue(seeded_engine, done.id) == 0
    assert _requeue(seeded_engine, used.id) == 0
    status = "SELECT status FROM system.jobs WHERE id = :id"
    assert _one(seeded_engine, status, id=done.id).status == "completed"
    assert _one(seeded_engine, status, id=used.id).status == "failed"
    assert _requeue(seeded_engine, left.id) == 1
    assert _one(seeded_engine, status, id=left.id).status == "pending"


def _update_price(engine: sqlalchemy.Engine, listing_id: uuid.UUID, expected: Decimal) -> int:
    margins = {
        "referral_fee": Decimal("1.00"),
        "gross_margin": Decimal("2.00"),
        "gross_margin_pct": Decimal("20.00"),
        "net_margin": Decimal("1.00"),
        "net_margin_pct": Decimal("10.00"),
    }
    params = {"listing_id": listing_id, "price": Decimal("10.00"), **margins}
    with engine.begin() as conn:
        updated = run(conn, "prices_update_price", {**params, "expected_price": expected})
        return len(updated.all())


def test_the_price_update_statement_takes_only_the_price_that_was_seen(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    row = _one(seeded_engine, "SELECT listing_id, price FROM pricing.current_prices LIMIT 1")
    price = "SELECT price FROM pricing.current_prices WHERE listing_id = :id"
    assert _update_price(seeded_engine, row.listing_id, row.price + Decimal("0.01")) == 0
    assert _one(seeded_engine, price, id=row.listing_id).price == row.price
    assert _update_price(seeded_engine, row.listing_id, row.price) == 1
    assert _one(seeded_engine, price, id=row.listing_id).price == Decimal("10.00")


def _update_task(engine: sqlalchemy.Engine, task: Any, seen: Any) -> int:
    params = {
        "task_id": task.id,
        "title": "Renamed by the guard test",
        "description": task.description,
        "task_type": task.task_type,
        "priority_score": task.priority_score,
        "due_date": task.due_date,
        "tags": task.tags,
        "listing_id": task.listing_id,
        "expected_updated_at": seen,
    }
    with engine.begin() as conn:
        return len(run(conn, "board_update_task", params).all())


def test_the_task_update_statement_takes_only_the_version_that_was_seen(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    task = _one(
        seeded_engine,
        "SELECT id, description, task_type, priority_score, due_date, tags, listing_id,"
        " updated_at, title FROM workflow.tasks ORDER BY created_at LIMIT 1",
    )
    title = "SELECT title FROM workflow.tasks WHERE id = :id"
    assert _update_task(seeded_engine, task, task.updated_at - timedelta(seconds=1)) == 0
    assert _one(seeded_engine, title, id=task.id).title == task.title
    assert _update_task(seeded_engine, task, task.updated_at) == 1
    assert _one(seeded_engine, title, id=task.id).title == "Renamed by the guard test"
