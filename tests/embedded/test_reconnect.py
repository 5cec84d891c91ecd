"""The dashboard outlives its database server (issue 5): a private server is stopped and
started again under a running App, with a write attempted while it is down."""

from __future__ import annotations

import os
import signal
from dataclasses import replace

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.approvals import approve_item
from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.migrate import apply_migrations
from hotdash_tui.demo.seed import seed_demo_data
from hotdash_tui.embedded.server import EmbeddedServer
from tests.conftest import FIXED_NOW, create_database, database_url
from tests.ui.conftest import make_app
from tests.ui.test_live import header, open_queue, wait_until

STATUS = {
    "tasks": text("SELECT status FROM public.approvals_queue WHERE id = :id"),
    "agents": text('SELECT status FROM public."AgentApproval" WHERE id = :id'),
}
AUDIT_ROWS = text("SELECT count(*) FROM system.audit_log")


def _state(engine: sqlalchemy.Engine, source: str, item_id: object) -> tuple[str, int]:
    with engine.connect() as conn:
        status = conn.execute(STATUS[source], {"id": item_id}).scalar_one()
        return status, conn.execute(AUDIT_ROWS).scalar_one()


@pytest.mark.slow
async def test_the_app_reconnects_after_a_restart_and_a_write_meanwhile_is_not_saved(
    server: EmbeddedServer,
) -> None:
    admin_url = server.start()
    url = database_url(admin_url, create_database(admin_url))
    engine = create_db_engine(url)
    other = create_db_engine(url)  # another operator
    try:
        apply_migrations(engine)
        seed_demo_data(engine, now=FIXED_NOW)
        app = make_app(engine, url, live=True)
        async with app.run_test(size=(120, 40)) as pilot:
            table = await open_queue(pilot)
            assert await wait_until(pilot, lambda: app.listening)
            assert "connected" in header(app)
            target = table.current
            assert target is not None
            before = _state(engine, target.source, target.id)
            assert before[0] == "pending"

            server.stop()
            assert await wait_until(pilot, lambda: "reconnecting" in header(app))
            assert app.is_running

            await pilot.press("a")  # approve while the server is down
            assert await wait_until(pilot, lambda: any(n.title == "Not saved" for n in app.notices))
            assert target.key in {item.key for item in table.items}  # not shown as done
            assert table.in_flight == set()
            assert "reconnecting" in header(app)

            server.start()
            assert await wait_until(pilot, lambda: "connected" in header(app), tries=300)
            assert await wait_until(pilot, lambda: app.listening, tries=300)
            assert _state(engine, target.source, target.id) == before  # nothing written

            # Listening again: another operator's decision reaches the screen unasked.
            approve_item(other, target.source, target.id, "someone else", now=FIXED_NOW)
            assert await wait_until(
                pilot, lambda: target.key not in {item.key for item in table.items}
            )
    finally:
        other.dispose()
        engine.dispose()


@pytest.mark.slow
async def test_the_app_starts_its_own_embedded_server_again_after_a_kill(
    server: EmbeddedServer,
) -> None:
    """kill -9 of the postmaster: the App that owns the embedded server starts it again
    instead of saying "reconnecting" for ever (issue 17)."""
    admin_url = server.start()
    url = database_url(admin_url, create_database(admin_url))
    engine = create_db_engine(url)
    try:
        apply_migrations(engine)
        seed_demo_data(engine, now=FIXED_NOW)
        plain = make_app(engine, url, live=True)
        app = HotdashApp(replace(plain.database, server=server), clock=plain.clock, live=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_queue(pilot)
            assert await wait_until(pilot, lambda: app.listening)
            pid = server.status().pid
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            assert await wait_until(pilot, lambda: "reconnecting" in header(app))
            assert await wait_until(pilot, lambda: "connected" in header(app), tries=400)
            assert server.status().running and server.status().pid != pid
    finally:
        engine.dispose()
