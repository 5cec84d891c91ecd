"""LISTEN/NOTIFY (issue 5): the migration's triggers, the Listener, and the health checks."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import psycopg.conninfo
import pytest
import sqlalchemy
from psycopg import sql
from sqlalchemy import text

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.health import RoleFacts, ping, role_facts
from hotdash_tui.db.live import NOTIFYING_TABLES, Change, Listener, parse_change

NOTIFY_TRIGGERS = text(
    "SELECT n.nspname || '.' || c.relname, t.tgtype & 1 = 1 AS per_row"
    " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE t.tgname = 'hotdash_notify'"
)
PENDING_TASK_APPROVALS = text(
    "SELECT id FROM public.approvals_queue WHERE status = 'pending' ORDER BY id LIMIT :n"
)
SET_REASON = text("UPDATE public.approvals_queue SET reason = :reason WHERE id = :id")


@pytest.fixture
def listener(seeded_db_url: str) -> Iterator[Listener]:
    with Listener(seeded_db_url) as opened:
        yield opened


def pending_ids(engine: sqlalchemy.Engine, n: int) -> list[uuid.UUID]:
    with engine.connect() as conn:
        return list(conn.execute(PENDING_TASK_APPROVALS, {"n": n}).scalars())


def test_every_watched_table_notifies_and_no_other(db_engine: sqlalchemy.Engine) -> None:
    with db_engine.connect() as conn:
        triggers = {table: bool(per_row) for table, per_row in conn.execute(NOTIFY_TRIGGERS)}
    assert set(triggers) == NOTIFYING_TABLES
    # Bulk-loaded tables notify once per statement, the others once per row.
    assert {table for table, per_row in triggers.items() if not per_row} == {
        "public.pipeline_runs",
        "competitors.alerts",
    }


def test_a_committed_update_arrives_with_its_table_id_and_verb(
    listener: Listener, seeded_engine: sqlalchemy.Engine
) -> None:
    [item] = pending_ids(seeded_engine, 1)
    with seeded_engine.begin() as conn:
        conn.execute(SET_REASON, {"reason": "changed elsewhere", "id": item})
    assert listener.wait(5) == [Change("public.approvals_queue", str(item), "update")]


def test_a_rolled_back_write_sends_nothing(
    listener: Listener, seeded_engine: sqlalchemy.Engine
) -> None:
    [item] = pending_ids(seeded_engine, 1)
    with seeded_engine.connect() as conn:
        conn.execute(SET_REASON, {"reason": "never committed", "id": item})
        conn.rollback()
    assert listener.wait(0.5) == []


def test_a_burst_of_changes_comes_as_one_batch(
    listener: Listener, seeded_engine: sqlalchemy.Engine
) -> None:
    items = pending_ids(seeded_engine, 20)
    with seeded_engine.begin() as conn:
        for item in items:
            conn.execute(SET_REASON, {"reason": "bulk", "id": item})
    batch = listener.wait(5)
    assert sorted(change.id or "" for change in batch) == sorted(str(i) for i in items)


def test_a_bulk_table_notifies_once_per_statement(
    listener: Listener, seeded_engine: sqlalchemy.Engine
) -> None:
    with seeded_engine.begin() as conn:
        conn.execute(
            text("UPDATE public.pipeline_runs SET status = status WHERE status = 'failure'")
        )
    assert listener.wait(5) == [Change("public.pipeline_runs", None, "update")]


def test_jobs_are_named_by_their_run_id(
    listener: Listener, seeded_engine: sqlalchemy.Engine
) -> None:
    with seeded_engine.begin() as conn:
        run_id = conn.execute(
            text(
                "UPDATE public.jobs SET status = status WHERE run_id ="
                " (SELECT min(run_id) FROM public.jobs) RETURNING run_id"
            )
        ).scalar_one()
    assert listener.wait(5) == [Change("public.jobs", run_id, "update")]


def test_a_listener_whose_session_is_ended_raises(
    listener: Listener, seeded_engine: sqlalchemy.Engine
) -> None:
    with seeded_engine.begin() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE query = 'LISTEN hotdash' AND pid <> pg_backend_pid()"
            )
        )
    with pytest.raises(psycopg.OperationalError):
        listener.wait(5)


def test_payloads_that_are_not_ours_are_ignored() -> None:
    assert parse_change("not json") is None
    assert parse_change('["a list"]') is None
    assert parse_change('{"id": 1}') is None
    assert parse_change('{"table": "workflow.tasks", "id": 7, "op": "delete"}') == Change(
        "workflow.tasks", "7", "delete"
    )


def test_ping_answers_and_fails_on_a_stopped_address() -> None:
    engine = create_db_engine("host=/nonexistent-hotdash-socket-dir port=5432 dbname=x")
    try:
        with pytest.raises(sqlalchemy.exc.OperationalError):
            ping(engine)
    finally:
        engine.dispose()


def test_the_superuser_bypasses_rls_and_a_plain_role_does_not(
    seeded_db_url: str, seeded_engine: sqlalchemy.Engine
) -> None:
    ping(seeded_engine)
    assert role_facts(seeded_engine) == RoleFacts(bypasses_rls=True, may_write=True)
    role = f"hd_reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(seeded_db_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    plain = create_db_engine(psycopg.conninfo.make_conninfo(seeded_db_url, user=role))
    try:
        # Nothing granted: it neither bypasses RLS nor may write audit rows.
        assert role_facts(plain) == RoleFacts(bypasses_rls=False, may_write=False)
    finally:
        plain.dispose()
        with psycopg.connect(seeded_db_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
