"""Live updates, polling, read-only and the header's warnings (issue 5), driven by the Pilot.

Waits for something another session did are bounded loops of ``pilot.pause``: the assertion
is about what the screen shows once it arrives, never about how long it took.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import psycopg.conninfo
import pytest
import sqlalchemy
from psycopg import sql
from sqlalchemy import text
from textual.pilot import Pilot

from hotdash_tui.app import HotdashApp
from hotdash_tui.config import DatabaseChoice, DsnSource, Settings
from hotdash_tui.db.approvals import approve_item
from hotdash_tui.db.bootstrap import OpenDatabase, open_database
from hotdash_tui.db.engine import connection_target, create_db_engine
from hotdash_tui.screens.approvals.screen import ApprovalsScreen
from hotdash_tui.screens.approvals.table import ApprovalsTable
from hotdash_tui.screens.board.screen import BoardScreen
from hotdash_tui.widgets.header_line import HeaderLine
from tests.conftest import FIXED_NOW
from tests.pgbouncer import PgBouncer
from tests.ui.conftest import REVIEWER, make_app

STATUS = text("SELECT status FROM public.approvals_queue WHERE id = :id")
AUDIT_ROWS = text("SELECT count(*) FROM system.audit_log")


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], tries: int = 150) -> bool:
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


async def open_queue(pilot: Pilot[Any]) -> ApprovalsTable:
    # No workers.wait_for_complete(): a reload (a poll) may cancel the read it would await.
    await pilot.pause()
    await pilot.press("1")
    screen = pilot.app.screen
    assert isinstance(screen, ApprovalsScreen)
    assert await wait_until(pilot, lambda: bool(screen.table.items) and screen.total is not None)
    return screen.table


def header(app: HotdashApp) -> str:
    return str(app.screen.query_one(HeaderLine).render())


def footer_keys(app: HotdashApp) -> set[str]:
    return {binding.description for (_, binding, enabled, _) in app.active_bindings.values()}


@pytest.fixture
def second_engine(seeded_db_url: str) -> Iterator[sqlalchemy.Engine]:
    """Another operator's session on the same database."""
    engine = create_db_engine(seeded_db_url)
    yield engine
    engine.dispose()


async def test_a_decision_in_another_session_reaches_the_open_queue(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str, second_engine: sqlalchemy.Engine
) -> None:
    app = make_app(seeded_engine, seeded_db_url, live=True)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_queue(pilot)
        assert await wait_until(pilot, lambda: app.listening)
        await pilot.press("space", "j")  # mark the first row; the cursor ends on the third
        marked = table.items[0].key
        cursor = table.current
        assert cursor is not None and table.cursor_row == 2
        gone = next(item for item in table.items[3:] if item.source == "tasks")

        approve_item(second_engine, gone.source, gone.id, "someone else", now=FIXED_NOW)

        assert await wait_until(pilot, lambda: gone.key not in {i.key for i in table.items})
        assert table.current is not None and table.current.key == cursor.key
        assert table.marked == {marked}
        assert "connected" in header(app)


async def test_a_change_to_a_table_the_screen_does_not_show_reads_nothing(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str, second_engine: sqlalchemy.Engine
) -> None:
    app = make_app(seeded_engine, seeded_db_url, live=True)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_queue(pilot)
        assert await wait_until(pilot, lambda: app.listening)
        screen = app.screen
        assert isinstance(screen, ApprovalsScreen)
        reloads: list[str] = []
        original = screen.reload

        def counted() -> None:
            reloads.append("approvals")
            original()

        screen.reload = counted  # type: ignore[method-assign]
        with second_engine.begin() as conn:
            conn.execute(text("UPDATE workflow.tasks SET title = title || '!'"))
        await pilot.pause(1.5)  # time for the notification to arrive (if it made a reload)
        assert reloads == []
        # A later change to the queue proves notifications were flowing meanwhile.
        item = next(i for i in table.items if i.source == "tasks")
        approve_item(second_engine, item.source, item.id, "someone else", now=FIXED_NOW)
        assert await wait_until(pilot, lambda: bool(reloads))
        assert reloads == ["approvals"]


@pytest.mark.slow
async def test_behind_a_transaction_pooler_the_app_polls(
    pgbouncer: PgBouncer,
    seeded_db_url: str,
    second_engine: sqlalchemy.Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real PgBouncer in transaction mode on a port of its own: the App tells it from the
    connection's behaviour, polls, and says so in words, never ``connected``."""
    monkeypatch.setattr("hotdash_tui.app.POLL_SECONDS", 0.3)
    settings = Settings.from_options(dsn=pgbouncer.url(seeded_db_url), as_user=REVIEWER, environ={})
    database = open_database(settings)
    try:
        assert database.transaction_pooler
        app = HotdashApp(database, clock=lambda: FIXED_NOW, live=True)
        assert app.polling
        async with app.run_test(size=(200, 40)) as pilot:
            table = await open_queue(pilot)
            said = "live: polling every 5 s, behind a transaction pooler"
            assert await wait_until(pilot, lambda: said in header(app))
            assert "connected" not in header(app)
            assert not app.listening
            gone = next(item for item in table.items if item.source == "tasks")
            approve_item(second_engine, gone.source, gone.id, "someone else", now=FIXED_NOW)
            assert await wait_until(pilot, lambda: gone.key not in {i.key for i in table.items})
    finally:
        database.close()


async def test_at_80_columns_the_polling_state_keeps_its_first_words(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str
) -> None:
    settings = Settings(database=DatabaseChoice(DsnSource.OPTION, seeded_db_url), identity=REVIEWER)
    database = OpenDatabase(
        engine=seeded_engine,
        target=connection_target(seeded_engine),
        settings=settings,
        transaction_pooler=True,
    )
    app = HotdashApp(database, clock=lambda: FIXED_NOW, live=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: "live: polling every 5 s" in header(app))
        assert header(app).rstrip().endswith("live: polling every 5 s")
        assert "you: reviewer" in header(app)


def test_a_direct_connection_listens(seeded_engine: sqlalchemy.Engine, seeded_db_url: str) -> None:
    assert not make_app(seeded_engine, seeded_db_url).polling


async def test_read_only_hides_the_write_keys_and_writes_nothing(seeded_db_url: str) -> None:
    engine = create_db_engine(seeded_db_url, read_only=True)
    try:
        app = make_app(engine, seeded_db_url, read_only=True)
        async with app.run_test(size=(120, 40)) as pilot:
            table = await open_queue(pilot)
            assert "read-only" in header(app)
            assert "Approve" not in footer_keys(app)
            assert "Filter" in footer_keys(app)
            first = table.items[0]
            with engine.connect() as conn:
                audits = conn.execute(AUDIT_ROWS).scalar_one()
            await pilot.press("a", "r", "u")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            with engine.connect() as conn:
                assert conn.execute(AUDIT_ROWS).scalar_one() == audits
                if first.source == "tasks":
                    assert conn.execute(STATUS, {"id": first.id}).scalar_one() == "pending"
            assert table.in_flight == set()
            await pilot.press("2")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen)
            assert not {"New", "Edit", "Move ◀", "Move ▶"} & footer_keys(app)
    finally:
        engine.dispose()


async def test_without_read_only_the_write_keys_are_there(snapshot_app: HotdashApp) -> None:
    async with snapshot_app.run_test(size=(120, 40)) as pilot:
        await open_queue(pilot)
        assert "Approve" in footer_keys(snapshot_app)
        assert "read-only" not in header(snapshot_app)


async def test_the_header_warns_when_the_role_bypasses_rls(seeded_db_url: str) -> None:
    settings = Settings.from_options(dsn=seeded_db_url, as_user=REVIEWER, environ={})
    database = open_database(settings)
    try:
        assert database.bypasses_rls  # the test server's superuser
        app = HotdashApp(database, clock=lambda: FIXED_NOW, live=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_queue(pilot)
            assert "RLS bypassed" in header(app)
    finally:
        database.close()


async def test_a_role_under_rls_gets_no_warning(seeded_db_url: str) -> None:
    role = f"hd_plain_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(seeded_db_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    as_role = psycopg.conninfo.make_conninfo(seeded_db_url, user=role)
    settings = Settings.from_options(dsn=as_role, as_user=REVIEWER, environ={})
    # The plain role may not read the migration history, so the schema check is left out.
    database = open_database(settings, check_schema=False)
    try:
        assert not database.bypasses_rls
        app = HotdashApp(database, clock=lambda: FIXED_NOW, live=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert "role hd_plain_" in header(app)
            assert "RLS" not in header(app)
    finally:
        database.close()
        with psycopg.connect(seeded_db_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


async def test_a_marked_row_decided_elsewhere_stays_marked_and_is_reported(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str, second_engine: sqlalchemy.Engine
) -> None:
    """Live refresh takes bob's row off the list; the bulk key still reports it (issue 17)."""
    app = make_app(seeded_engine, seeded_db_url, live=True)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_queue(pilot)
        assert await wait_until(pilot, lambda: app.listening)
        await pilot.press("space", "space", "space")
        marked = table.items[:3]
        assert await wait_until(pilot, lambda: "3 marked" in header(app))
        bobs = marked[1]
        approve_item(second_engine, bobs.source, bobs.id, "bob", now=FIXED_NOW)
        assert await wait_until(pilot, lambda: bobs.key not in {i.key for i in table.items})
        assert "3 marked (1 no longer listed)" in header(app)
        await pilot.press("a")
        assert await wait_until(
            pilot,
            lambda: any("2 approved, 1 already approved by bob" in n.message for n in app.notices),
        )
        assert not table.marked
