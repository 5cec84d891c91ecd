"""Behind a real PgBouncer in transaction mode on a port other than 6543 (issue 15)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.config import Settings
from hotdash_tui.db.bootstrap import open_database
from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.migrate import apply_migrations, load_migration_files
from hotdash_tui.db.pooler import detect_transaction_pooler
from hotdash_tui.db.sql import run
from tests.pgbouncer import POOL_SIZE, PgBouncer

pytestmark = pytest.mark.slow


def _settings(url: str, **environ: str) -> Settings:
    return Settings.from_options(dsn=url, read_only=True, environ=environ)


def test_a_transaction_pooler_is_told_by_behaviour_not_by_port(
    pgbouncer: PgBouncer, db_url: str
) -> None:
    assert pgbouncer.port != 6543
    direct = create_db_engine(db_url)
    pooled = create_db_engine(pgbouncer.url(db_url))
    try:
        assert not detect_transaction_pooler(direct)
        assert detect_transaction_pooler(pooled)
    finally:
        direct.dispose()
        pooled.dispose()


def test_the_setting_overrides_detection(pgbouncer: PgBouncer, db_url: str) -> None:
    said_none = open_database(_settings(pgbouncer.url(db_url), HOTDASH_POOLER="none"))
    said_transaction = open_database(_settings(db_url, HOTDASH_POOLER="transaction"))
    detected = open_database(_settings(pgbouncer.url(db_url)))
    try:
        assert not said_none.transaction_pooler
        assert said_transaction.transaction_pooler
        assert detected.transaction_pooler
    finally:
        for database in (said_none, said_transaction, detected):
            database.close()


def _show(conn: psycopg.Connection[Any], name: str) -> str:
    row = conn.execute(f"SHOW {name}").fetchone()  # a fixed name of this test's
    assert row is not None
    return str(row[0])


def test_timeout_and_read_only_hold_behind_the_pooler_and_leak_to_no_other_client(
    pgbouncer: PgBouncer, seeded_db_url: str
) -> None:
    url = pgbouncer.url(seeded_db_url)
    database = open_database(_settings(url, HOTDASH_STATEMENT_TIMEOUT_MS="300"))
    try:
        assert database.transaction_pooler
        # More runs of one statement than psycopg's prepare threshold (5), on every session.
        for _ in range(4 * POOL_SIZE):
            with database.engine.connect() as conn:
                assert run(conn, "health_ping").scalar_one() == 1
                assert conn.execute(text("SHOW transaction_read_only")).scalar() == "on"
        with (
            pytest.raises(sqlalchemy.exc.OperationalError, match="statement timeout"),
            database.engine.connect() as conn,
        ):
            conn.execute(text("SELECT pg_sleep(2)"))
        with (
            pytest.raises(sqlalchemy.exc.InternalError, match="read-only transaction"),
            database.engine.begin() as conn,
        ):
            conn.execute(text("UPDATE system.settings SET value = value"))
        # Other clients of the pool get the same server sessions, with nothing of ours on them.
        others = [psycopg.connect(url, autocommit=True) for _ in range(POOL_SIZE + 1)]
        try:
            for other in others:
                assert _show(other, "statement_timeout") == "0"
                assert _show(other, "default_transaction_read_only") == "off"
                assert _show(other, "transaction_read_only") == "off"
        finally:
            for other in others:
                other.close()
    finally:
        database.close()


def test_read_only_is_refused_by_postgres_on_a_direct_connection(db_url: str) -> None:
    database = open_database(_settings(db_url))
    try:
        with (
            pytest.raises(sqlalchemy.exc.InternalError, match="read-only transaction"),
            database.engine.begin() as conn,
        ):
            conn.execute(text("INSERT INTO system.settings (key, value) VALUES ('x', '1')"))
        with database.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT count(*) FROM system.settings WHERE key = 'x'")).scalar()
                == 0
            )
    finally:
        database.close()


def test_concurrent_migrations_through_the_pooler_apply_once_and_strand_no_lock(
    pgbouncer: PgBouncer, empty_db_url: str
) -> None:
    # Opened as `hotdash migrate` opens it: detection turns prepared statements off.
    settings = Settings.from_options(dsn=pgbouncer.url(empty_db_url), environ={})
    databases = [
        open_database(settings, prepare=False, check_schema=False, interactive=False)
        for _ in range(4)
    ]
    try:
        assert all(database.transaction_pooler for database in databases)
        with ThreadPoolExecutor(max_workers=4) as pool:
            runs = list(pool.map(apply_migrations, [d.engine for d in databases]))
    finally:
        for database in databases:
            database.close()
    applied = sorted(m.version for run_ in runs for m in run_.applied)
    assert applied == [f.version for f in load_migration_files()]
    with psycopg.connect(empty_db_url, autocommit=True) as direct:
        held = direct.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
        ).fetchone()
        assert held == (0,)
        # A later run, direct, neither hangs nor finds anything to do.
        direct.execute("SET lock_timeout = '2s'")
    later = create_db_engine(empty_db_url)
    try:
        assert apply_migrations(later).applied == ()
    finally:
        later.dispose()
