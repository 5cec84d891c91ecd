"""Opening a database: the embedded default is prepared, any other is only checked."""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import psycopg.conninfo
import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.config import Settings
from hotdash_tui.db.bootstrap import ensure_embedded_database, open_database, prepare_embedded
from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.errors import SchemaNotMigrated
from hotdash_tui.demo.base import Sizes
from hotdash_tui.demo.seed import is_seeded
from hotdash_tui.embedded.server import EmbeddedServer
from tests.conftest import drop_database


def _listings(engine: sqlalchemy.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM catalog.listings")).scalar_one())


@pytest.mark.slow
def test_the_embedded_default_is_migrated_and_seeded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = Path(tempfile.mkdtemp(prefix="hdboot", dir="/tmp"))
    parent.chmod(0o755)  # as root the server runs as an unprivileged account
    monkeypatch.setenv("HOTDASH_DATA_DIR", str(parent / "pg"))
    settings = Settings.from_options(environ={})
    assert settings.database.is_embedded

    first = open_database(settings)
    try:
        assert first.target.dbname == "hotdash"
        listings = _listings(first.engine)
        assert listings > 0
        second = open_database(settings)  # a second hotdash joins the same server
        try:
            assert _listings(second.engine) == listings  # not seeded twice
        finally:
            second.close()
    finally:
        first.close()
    try:
        assert not EmbeddedServer(parent / "pg").status().running  # the last user stopped it
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def test_another_database_is_checked_not_changed(empty_db_url: str) -> None:
    settings = Settings.from_options(dsn=empty_db_url, environ={})
    with pytest.raises(SchemaNotMigrated, match="hotdash migrate"):
        open_database(settings)
    with psycopg.connect(empty_db_url) as conn:
        history = conn.execute(
            "SELECT to_regclass('supabase_migrations.schema_migrations')"
        ).fetchone()
    assert history == (None,)


def test_read_only_and_timeout_bind_the_dashboard_but_not_batch_commands(db_url: str) -> None:
    settings = Settings.from_options(dsn=db_url, read_only=True, environ={})
    dashboard = open_database(settings)
    batch = open_database(settings, interactive=False)
    try:
        with dashboard.engine.connect() as conn:
            assert conn.execute(text("SHOW transaction_read_only")).scalar() == "on"
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "5s"
            # A direct connection is ours alone: the session keeps them, set once (a pooler's
            # sessions never get them: tests/db/test_pooler.py).
            assert conn.execute(text("SHOW default_transaction_read_only")).scalar() == "on"
            conn.rollback()
            raw = conn.connection.driver_connection
            assert raw is not None
            assert raw.execute("SHOW statement_timeout").fetchone() == ("5s",)
        with (
            pytest.raises(sqlalchemy.exc.InternalError, match="read-only transaction"),
            dashboard.engine.begin() as conn,
        ):
            conn.execute(text("INSERT INTO system.settings (key, value) VALUES ('x', '1')"))
        with batch.engine.begin() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "0"
            conn.execute(text("INSERT INTO system.settings (key, value) VALUES ('x', '1')"))
    finally:
        dashboard.close()
        batch.close()


def test_two_first_runs_at_once_load_demo_data_once(db_url: str) -> None:
    engines = [create_db_engine(db_url) for _ in range(2)]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(prepare_embedded, engines))
        with engines[0].connect() as conn:
            pending = conn.execute(
                text("SELECT count(*) FROM approvals_queue WHERE status = 'pending'")
            ).scalar_one()
        alone = create_db_engine(db_url)
        try:
            assert is_seeded(alone)
        finally:
            alone.dispose()
        # A second load would have doubled the queue; the default seed holds it once.
        with engines[1].connect() as conn:
            listings = conn.execute(text("SELECT count(*) FROM catalog.listings")).scalar_one()
        assert listings == Sizes.for_rows(None).listings
        assert pending > 0
    finally:
        for engine in engines:
            engine.dispose()


def test_first_runs_at_once_all_find_the_embedded_database(pg_admin_url: str) -> None:
    """Two CREATE DATABASE at once fail on pg_database's unique index, not as a duplicate
    database (issue 15: one of two first runs exited 2, 5 of 5 tries)."""
    name = f"hd_first_{uuid.uuid4().hex[:8]}"
    start = threading.Barrier(4)

    def first_run(_: int) -> str:
        start.wait(timeout=30)
        return ensure_embedded_database(pg_admin_url, name)

    try:
        for _ in range(3):  # a race: a few rounds make a lost one likely to show
            drop_database(pg_admin_url, name)
            with ThreadPoolExecutor(max_workers=4) as pool:
                urls = list(pool.map(first_run, range(4)))
            assert {psycopg.conninfo.conninfo_to_dict(url)["dbname"] for url in urls} == {name}
            start.reset()
    finally:
        drop_database(pg_admin_url, name)
