"""Least privilege (issue 15): the dashboard as hotdash_reader, hotdash_reviewer and a member of
Supabase's authenticated role, on a real server, with what each may see and do."""

from __future__ import annotations

import uuid
from datetime import timedelta

import psycopg
import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.config import Settings
from hotdash_tui.db.alerts import change_alert
from hotdash_tui.db.approvals import approve_item, undo_decision
from hotdash_tui.db.board.write import move_task
from hotdash_tui.db.bootstrap import OpenDatabase, open_database
from hotdash_tui.db.live import NOTIFYING_TABLES
from hotdash_tui.db.overview import TILE_READS, load_overview
from hotdash_tui.db.prices.write import PriceSaved, save_price
from hotdash_tui.db.runs import retry_system_job
from tests.conftest import FIXED_NOW
from tests.db.prices.test_prices_write import a_valid_price, listing
from tests.roles import READER, REVIEWER, RoleUrls


def _quoted(table: str) -> str:
    schema, name = table.split(".")
    return f'"{schema}"."{name}"'


# The tables the screens watch, and a few more they read: a view, a table outside public.
DASHBOARD_TABLES = (
    *sorted(_quoted(table) for table in NOTIFYING_TABLES),
    '"public"."ads_daily_metrics"',
    '"inventory"."listing_landed_costs"',
    '"system"."audit_log"',
)


def _pending_task_approval(engine: sqlalchemy.Engine) -> uuid.UUID:
    with engine.connect() as conn:
        found: uuid.UUID = conn.execute(
            text("SELECT id FROM public.approvals_queue WHERE status = 'pending' LIMIT 1")
        ).scalar_one()
    return found


def _open(url: str) -> OpenDatabase:
    return open_database(Settings.from_options(dsn=url, environ={}))


def _count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # names of this test
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("table", DASHBOARD_TABLES)
def test_the_reader_reads_every_dashboard_table(seeded_role_urls: RoleUrls, table: str) -> None:
    assert _count(seeded_role_urls.reader, table) > 0


@pytest.mark.parametrize("login", ["reader", "reviewer", "member"])
def test_creds_meta_is_unreachable_to_every_role(seeded_role_urls: RoleUrls, login: str) -> None:
    url = getattr(seeded_role_urls, login)
    with (
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="creds_meta"),
        psycopg.connect(url) as conn,
    ):
        conn.execute("SELECT * FROM public.creds_meta")


def test_the_reader_opens_the_dashboard_read_only_and_every_tile_reads(
    seeded_role_urls: RoleUrls,
) -> None:
    database = _open(seeded_role_urls.reader)
    try:
        assert database.target.user == READER
        assert not database.bypasses_rls
        assert not database.role_may_write
        assert database.read_only
        overview = load_overview(database.engine, FIXED_NOW)
        assert overview.refused == {}
        assert overview.pending_total > 0
    finally:
        database.close()


def test_a_write_refused_to_the_reader_changes_nothing(
    seeded_role_urls: RoleUrls, seeded_engine: sqlalchemy.Engine
) -> None:
    item = _pending_task_approval(seeded_engine)
    database = _open(seeded_role_urls.reader)
    try:
        with pytest.raises(sqlalchemy.exc.ProgrammingError, match="permission denied"):
            approve_item(database.engine, "tasks", item, "mallory", now=FIXED_NOW)
    finally:
        database.close()
    with seeded_engine.connect() as conn:
        assert conn.execute(
            text("SELECT status FROM public.approvals_queue WHERE id = :id"), {"id": item}
        ).scalar_one() == ("pending")
        assert (
            conn.execute(
                text("SELECT count(*) FROM system.audit_log WHERE actor = 'mallory'")
            ).scalar_one()
            == 0
        )


def test_the_reviewer_makes_every_guarded_write(
    seeded_role_urls: RoleUrls, seeded_engine: sqlalchemy.Engine
) -> None:
    task_item = _pending_task_approval(seeded_engine)
    with seeded_engine.connect() as conn:
        agent_item = conn.execute(
            text(
                "SELECT id FROM public.\"AgentApproval\" WHERE status = 'pending'"
                " AND (expires_at IS NULL OR expires_at > :now) LIMIT 1"
            ),
            {"now": FIXED_NOW},
        ).scalar_one()
        card = conn.execute(
            text(
                "SELECT t.id, t.stage_id, (SELECT s2.id FROM workflow.kanban_stages AS s2"
                " WHERE s2.sort_order > s.sort_order AND NOT s2.is_terminal"
                " ORDER BY s2.sort_order LIMIT 1) AS next_stage"
                " FROM workflow.tasks AS t JOIN workflow.kanban_stages AS s ON s.id = t.stage_id"
                " WHERE NOT s.is_terminal ORDER BY s.sort_order LIMIT 1"
            )
        ).one()
        alert = conn.execute(
            text("SELECT id FROM competitors.alerts WHERE status = 'new' LIMIT 1")
        ).scalar_one()
        job = conn.execute(
            text(
                "SELECT id FROM system.jobs WHERE status = 'failed'"
                " AND attempt_count < max_attempts LIMIT 1"
            )
        ).scalar_one()
    priced = listing(seeded_engine)
    database = _open(seeded_role_urls.reviewer)
    engine = database.engine
    try:
        assert database.role_may_write and not database.read_only
        decided = approve_item(engine, "tasks", task_item, "rita", now=FIXED_NOW)
        assert decided.decided
        assert undo_decision(engine, decided, "rita").undone
        assert approve_item(engine, "agents", agent_item, "rita", now=FIXED_NOW).decided
        assert move_task(engine, card.id, card.stage_id, card.next_stage, "rita", FIXED_NOW)
        assert change_alert(engine, alert, "view", "rita", now=FIXED_NOW).done
        new_price = a_valid_price(priced)
        saved = save_price(engine, priced.listing_id, priced.price, str(new_price), "rita")
        assert isinstance(saved, PriceSaved)
        assert retry_system_job(engine, job, "rita", now=FIXED_NOW + timedelta(minutes=1)).queued
    finally:
        database.close()
    with seeded_engine.connect() as conn:
        rows = conn.execute(
            text("SELECT db_role, actor FROM system.audit_log WHERE actor = 'rita'")
        ).all()
    # The database role is recorded beside the declared name, whatever the flag said.
    assert len(rows) >= 6
    assert {row.db_role for row in rows} == {REVIEWER}


def test_an_authenticated_member_sees_what_its_policies_allow(
    seeded_role_urls: RoleUrls, seeded_engine: sqlalchemy.Engine
) -> None:
    database = _open(seeded_role_urls.member)
    try:
        assert not database.bypasses_rls
        overview = load_overview(database.engine, FIXED_NOW)
        # Seed 000's queue is service_role's only: that tile says why; the others still read.
        assert "approvals_queue" in overview.refused["approvals"]
        assert set(overview.refused) < set(TILE_READS)
        with database.engine.connect() as conn:
            agents = conn.execute(text('SELECT count(*) FROM public."AgentApproval"')).scalar()
            jobs = conn.execute(text("SELECT count(*) FROM public.jobs")).scalar()
    finally:
        database.close()
    with seeded_engine.connect() as conn:
        assert agents == conn.execute(text('SELECT count(*) FROM public."AgentApproval"')).scalar()
        assert conn.execute(text("SELECT count(*) FROM public.jobs")).scalar_one() > 0
    assert jobs == 0  # owner-scoped, and this session is nobody's


def test_an_audit_row_names_the_session_role_whatever_the_insert_says(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    with seeded_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO system.audit_log (id, entity_type, entity_id, action, source,"
                " actor, db_role) VALUES (:id, 'task', :id, 'update', 'hotdash', 'x', 'forged')"
            ),
            {"id": uuid.uuid4()},
        )
        role = conn.execute(
            text("SELECT db_role FROM system.audit_log WHERE actor = 'x'")
        ).scalar_one()
        assert role == conn.execute(text("SELECT session_user")).scalar_one() != "forged"
