"""The board's writes: guarded moves, creation and edits, each with its one audit row."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.board.write import (
    LostRace,
    Moved,
    Saved,
    TaskDraft,
    UnknownListing,
    create_task,
    move_task,
    update_task,
)
from hotdash_tui.db.sql import query
from tests.conftest import FIXED_NOW
from tests.db.board.test_board_columns import insert_listing, insert_task, stage_ids


def task_row(engine: sqlalchemy.Engine, task_id: uuid.UUID) -> Any:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT * FROM workflow.tasks WHERE id = :id"), {"id": task_id}
        ).one()


def audit_rows(engine: sqlalchemy.Engine, task_id: uuid.UUID) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT * FROM system.audit_log WHERE entity_id = :id ORDER BY created_at, id"
                ),
                {"id": task_id},
            )
        )


@pytest.fixture
def stages(db_engine: sqlalchemy.Engine) -> dict[str, uuid.UUID]:
    return stage_ids(db_engine)


@pytest.fixture
def task(db_engine: sqlalchemy.Engine, stages: dict[str, uuid.UUID]) -> uuid.UUID:
    with db_engine.begin() as conn:
        found: uuid.UUID = insert_task(
            conn, stages["Monitoring"], "Watch the buy box", priority_score=Decimal("40")
        )
    return found


def test_reaching_the_terminal_stage_sets_completed_at_and_leaving_clears_it(
    db_engine: sqlalchemy.Engine, stages: dict[str, uuid.UUID], task: uuid.UUID
) -> None:
    moved = move_task(db_engine, task, stages["Monitoring"], stages["Done"], "alice", FIXED_NOW)
    assert moved == Moved(task, "Monitoring", "Done", FIXED_NOW)
    row = task_row(db_engine, task)
    assert (row.stage_id, row.completed_at) == (stages["Done"], FIXED_NOW)

    later = FIXED_NOW + timedelta(hours=2)
    back = move_task(db_engine, task, stages["Done"], stages["Monitoring"], "bob", later)
    assert isinstance(back, Moved) and back.completed_at is None
    row = task_row(db_engine, task)
    assert (row.stage_id, row.completed_at) == (stages["Monitoring"], None)

    done, reopened = audit_rows(db_engine, task)
    assert (done.entity_type, done.action, done.source, done.actor) == (
        "task",
        "move",
        "hotdash",
        "alice",
    )
    assert done.changes == {
        "stage": {"old": "Monitoring", "new": "Done"},
        "stage_id": {"old": str(stages["Monitoring"]), "new": str(stages["Done"])},
        "completed_at": {"old": None, "new": str(FIXED_NOW)},
    }
    assert reopened.actor == "bob"
    assert reopened.changes["completed_at"] == {"old": str(FIXED_NOW), "new": None}


def test_a_move_between_open_stages_leaves_completed_at_alone(
    db_engine: sqlalchemy.Engine, stages: dict[str, uuid.UUID], task: uuid.UUID
) -> None:
    moved = move_task(db_engine, task, stages["Monitoring"], stages["Review"], "a", FIXED_NOW)
    assert isinstance(moved, Moved) and moved.completed_at is None
    (entry,) = audit_rows(db_engine, task)
    assert set(entry.changes) == {"stage", "stage_id"}


def test_a_move_whose_stage_changed_meanwhile_changes_nothing_and_names_who(
    db_engine: sqlalchemy.Engine, stages: dict[str, uuid.UUID], task: uuid.UUID
) -> None:
    assert isinstance(
        move_task(db_engine, task, stages["Monitoring"], stages["Review"], "bob", FIXED_NOW),
        Moved,
    )
    before = task_row(db_engine, task)
    # alice still sees the card in Monitoring and moves it on to Done.
    lost = move_task(db_engine, task, stages["Monitoring"], stages["Done"], "alice", FIXED_NOW)
    assert isinstance(lost, LostRace)
    assert (lost.stage, lost.actor, lost.action) == ("Review", "bob", "move")
    assert lost.at is not None
    assert lost.sentence(lost.at).startswith("bob moved this task at ")
    assert lost.sentence(lost.at).endswith("(it is now in Review); nothing was changed.")
    after = task_row(db_engine, task)
    assert (after.stage_id, after.completed_at, after.updated_at) == (
        before.stage_id,
        None,
        before.updated_at,
    )
    assert [r.actor for r in audit_rows(db_engine, task)] == ["bob"]


def test_two_connections_racing_for_one_card_move_it_once(
    db_engine: sqlalchemy.Engine, stages: dict[str, uuid.UUID], task: uuid.UUID
) -> None:
    """bob's move holds the row; alice's waits on it, then finds the guard no longer true."""
    outcome: list[Moved | LostRace] = []
    params = {"task_id": task, "from_stage_id": stages["Monitoring"], "now": FIXED_NOW}
    with db_engine.begin() as bob:
        bob.execute(query("board_move_task"), params | {"to_stage_id": stages["Review"]})
        bob.execute(
            text(
                "INSERT INTO system.audit_log (entity_type, entity_id, action, source, actor)"
                " VALUES ('task', :id, 'move', 'hotdash', 'bob')"
            ),
            {"id": task},
        )
        alice = threading.Thread(
            target=lambda: outcome.append(
                move_task(db_engine, task, stages["Monitoring"], stages["Done"], "alice", FIXED_NOW)
            )
        )
        alice.start()
        with db_engine.connect() as watcher:  # wait until alice is blocked on bob's row lock
            while (
                alice.is_alive()
                and not watcher.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                ).scalar_one()
            ):
                watcher.rollback()
                time.sleep(0.01)
    alice.join()
    (lost,) = outcome
    assert isinstance(lost, LostRace) and (lost.stage, lost.actor) == ("Review", "bob")
    row = task_row(db_engine, task)
    assert (row.stage_id, row.completed_at) == (stages["Review"], None)
    assert [r.actor for r in audit_rows(db_engine, task)] == ["bob"]


def test_a_lost_race_on_a_deleted_task_or_without_audit_still_reads_as_a_sentence(
    db_engine: sqlalchemy.Engine, stages: dict[str, uuid.UUID], task: uuid.UUID
) -> None:
    with db_engine.begin() as conn:
        conn.execute(
            text("UPDATE workflow.tasks SET stage_id = :s WHERE id = :id"),
            {"s": stages["Backlog"], "id": task},
        )
    lost = move_task(db_engine, task, stages["Monitoring"], stages["Done"], "a", FIXED_NOW)
    assert isinstance(lost, LostRace)
    assert lost.sentence(FIXED_NOW) == (
        "This task was changed outside hotdash (it is now in Backlog); nothing was changed."
    )
    gone = move_task(db_engine, uuid.uuid4(), stages["Backlog"], stages["Done"], "a", FIXED_NOW)
    assert isinstance(gone, LostRace)
    assert gone.sentence(FIXED_NOW) == "This task was deleted meanwhile; nothing was changed."


def test_create_puts_a_user_task_in_the_default_stage_with_its_audit_row(
    db_engine: sqlalchemy.Engine, stages: dict[str, uuid.UUID]
) -> None:
    with db_engine.begin() as conn:
        listing = insert_listing(conn, "B0CREATE01")
    draft = TaskDraft(
        title="Fix the main image",
        task_type="optimization",
        priority=Decimal("72.5"),
        due_date=date(2026, 11, 30),
        asin="B0CREATE01",
        tags=("images", "q4"),
        description="White background.",
    )
    saved = create_task(db_engine, draft, "carol")
    assert isinstance(saved, Saved)
    row = task_row(db_engine, saved.task_id)
    assert (row.stage_id, row.created_by, row.listing_id) == (stages["Backlog"], "user", listing)
    assert (row.title, row.task_type, row.priority_score) == (
        "Fix the main image",
        "optimization",
        Decimal("72.50"),
    )
    assert (row.due_date, row.tags, row.description) == (
        date(2026, 11, 30),
        ["images", "q4"],
        "White background.",
    )
    assert row.completed_at is None and row.updated_at == saved.updated_at
    (entry,) = audit_rows(db_engine, saved.task_id)
    assert (entry.action, entry.actor, entry.entity_type) == ("create", "carol", "task")
    assert entry.changes["title"] == {"old": None, "new": "Fix the main image"}
    assert entry.changes["stage"] == {"old": None, "new": "Backlog"}
    assert entry.changes["asin"] == {"old": None, "new": "B0CREATE01"}


def test_create_with_an_unknown_asin_writes_nothing(db_engine: sqlalchemy.Engine) -> None:
    result = create_task(db_engine, TaskDraft("x", "other", asin="B0NOTHERE1"), "carol")
    assert result == UnknownListing("B0NOTHERE1")
    assert result.sentence() == "No listing has the ASIN B0NOTHERE1."
    with db_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM workflow.tasks")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM system.audit_log")).scalar_one() == 0


def _draft_of(row: Any, **changes: Any) -> TaskDraft:
    fields: dict[str, Any] = {
        "title": row.title,
        "task_type": row.task_type,
        "priority": row.priority_score,
        "due_date": row.due_date,
        "tags": tuple(row.tags or ()),
        "description": row.description,
    }
    return TaskDraft(**(fields | changes))


def test_an_edit_writes_only_the_changed_fields_and_one_audit_row(
    db_engine: sqlalchemy.Engine, task: uuid.UUID
) -> None:
    with db_engine.begin() as conn:
        insert_listing(conn, "B0EDIT0001")
    read = task_row(db_engine, task)
    same = update_task(db_engine, task, read.updated_at, _draft_of(read), "dan")
    assert same == Saved(task, read.updated_at, ())
    assert audit_rows(db_engine, task) == [] and task_row(db_engine, task) == read

    draft = _draft_of(read, title="Watch the buy box daily", asin="B0EDIT0001", tags=("x",))
    saved = update_task(db_engine, task, read.updated_at, draft, "dan")
    assert isinstance(saved, Saved) and set(saved.changed) == {"title", "tags", "asin"}
    row = task_row(db_engine, task)
    assert (row.title, row.tags, row.priority_score) == (
        "Watch the buy box daily",
        ["x"],
        Decimal("40.00"),
    )
    assert row.updated_at == saved.updated_at and row.updated_at > read.updated_at
    (entry,) = audit_rows(db_engine, task)
    assert (entry.action, entry.actor) == ("update", "dan")
    assert entry.changes == {
        "title": {"old": "Watch the buy box", "new": "Watch the buy box daily"},
        "tags": {"old": None, "new": ["x"]},
        "asin": {"old": None, "new": "B0EDIT0001"},
    }


def test_an_edit_of_a_task_changed_since_it_was_read_is_refused_with_who_and_when(
    db_engine: sqlalchemy.Engine, stages: dict[str, uuid.UUID], task: uuid.UUID
) -> None:
    read = task_row(db_engine, task)
    move_task(db_engine, task, stages["Monitoring"], stages["Review"], "erin", FIXED_NOW)
    moved = task_row(db_engine, task)
    lost = update_task(db_engine, task, read.updated_at, _draft_of(read, title="Mine"), "dan")
    assert isinstance(lost, LostRace) and (lost.actor, lost.action) == ("erin", "move")
    assert task_row(db_engine, task) == moved
    assert [r.actor for r in audit_rows(db_engine, task)] == ["erin"]


def test_an_edit_naming_an_unknown_asin_writes_nothing(
    db_engine: sqlalchemy.Engine, task: uuid.UUID
) -> None:
    read = task_row(db_engine, task)
    draft = _draft_of(read, title="Changed", asin="B0NOTHERE1")
    assert update_task(db_engine, task, read.updated_at, draft, "dan") == UnknownListing(
        "B0NOTHERE1"
    )
    assert task_row(db_engine, task) == read and audit_rows(db_engine, task) == []


def test_a_lost_race_says_the_day_when_it_was_not_today() -> None:
    lost = LostRace(uuid.uuid4(), "Review", "bob", "update", datetime(2026, 10, 30, 9, 5))
    assert lost.sentence(FIXED_NOW) == (
        "bob edited this task at Oct 30 09:05 (it is now in Review); nothing was changed."
    )
