"""The dashboard as a least-privilege role (issue 15), driven by the Pilot."""

from __future__ import annotations

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.app import HotdashApp
from hotdash_tui.config import Settings
from hotdash_tui.db.bootstrap import open_database
from hotdash_tui.widgets.tile import Tile
from tests.conftest import FIXED_NOW
from tests.pgbouncer import PgBouncer
from tests.roles import RoleUrls
from tests.ui.support import header, notices, settle
from tests.ui.test_live import footer_keys, open_queue


def _tile_text(app: HotdashApp, tile: str) -> str:
    return str(app.screen.query_one(f"#tile-{tile}", Tile).render())


async def test_a_refused_tile_says_why_and_the_others_still_show(
    seeded_role_urls: RoleUrls,
) -> None:
    database = open_database(Settings.from_options(dsn=seeded_role_urls.member, environ={}))
    try:
        app = HotdashApp(database, clock=lambda: FIXED_NOW, live=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            approvals = _tile_text(app, "approvals")
            assert "no access" in approvals
            assert "permission denied for table approvals_queue" in approvals
            # The ROAS tile reads ads tables authenticated may read: it shows figures.
            assert "no access" not in _tile_text(app, "roas")
            assert "spend" in _tile_text(app, "roas")
            assert "loading" not in _tile_text(app, "alerts")
    finally:
        database.close()


async def test_the_reader_gets_the_read_only_dashboard(seeded_role_urls: RoleUrls) -> None:
    database = open_database(Settings.from_options(dsn=seeded_role_urls.reader, environ={}))
    try:
        app = HotdashApp(database, clock=lambda: FIXED_NOW, live=False)
        async with app.run_test(size=(120, 40)) as pilot:
            table = await open_queue(pilot)
            assert table.items
            assert "read-only role" in header(app)
            assert "Approve" not in footer_keys(app)
            assert "Filter" in footer_keys(app)
    finally:
        database.close()


@pytest.mark.slow
async def test_every_screen_opens_through_the_pooler(
    pgbouncer: PgBouncer, seeded_db_url: str
) -> None:
    database = open_database(Settings.from_options(dsn=pgbouncer.url(seeded_db_url), environ={}))
    try:
        assert database.transaction_pooler
        app = HotdashApp(database, clock=lambda: FIXED_NOW, live=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for key in "123456789" * 2:  # twice: more runs than psycopg's prepare threshold
                await pilot.press(key)
                await settle(pilot)
                assert "error" not in header(app), (key, header(app))
            await pilot.press("7", "enter")  # a table's rows: reflection and Core statements
            await settle(pilot)
            assert "by " in header(app) and "error" not in header(app), header(app)
            assert not notices(app)
    finally:
        database.close()


async def test_the_reviewer_approves_from_the_queue(
    seeded_role_urls: RoleUrls, seeded_engine: sqlalchemy.Engine
) -> None:
    database = open_database(
        Settings.from_options(dsn=seeded_role_urls.reviewer, as_user="rita", environ={})
    )
    try:
        app = HotdashApp(database, clock=lambda: FIXED_NOW, live=False)
        async with app.run_test(size=(120, 40)) as pilot:
            table = await open_queue(pilot)
            assert "read-only" not in header(app)
            first = table.items[0]
            await pilot.press("a")
            await settle(pilot)
    finally:
        database.close()
    status = 'public."AgentApproval"' if first.source == "agents" else "public.approvals_queue"
    with seeded_engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT status FROM {status} WHERE id = :id"),  # one of two fixed names
            {"id": first.id},
        ).scalar_one()
        audit = conn.execute(
            text("SELECT db_role FROM system.audit_log WHERE actor = 'rita'")
        ).scalar_one()
    assert row == "approved"
    assert audit == "hd_reviewer"
