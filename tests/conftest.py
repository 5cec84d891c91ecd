"""Test databases on a real Postgres.

The session starts the embedded server in a temporary folder (or uses the server named
by ``HOTDASH_TEST_DSN``, which must allow CREATE DATABASE). Migrations run once into a
template database; each test gets its own copy, which is cheap (a file copy).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo
import pytest
import sqlalchemy
from psycopg import sql

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.migrate import apply_migrations
from tests.pgbouncer import PgBouncer, pgbouncer_binary, start_pgbouncer
from tests.roles import RoleUrls, make_login_roles, role_urls

# Demo data in tests is pinned to one instant so snapshots and counts never drift.
FIXED_NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)

MakeDatabase = Callable[..., str]


def database_url(admin_url: str, dbname: str) -> str:
    return psycopg.conninfo.make_conninfo(admin_url, dbname=dbname)


def _admin(admin_url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(admin_url, autocommit=True)


def create_database(admin_url: str, template: str | None = None) -> str:
    name = f"hd_{uuid.uuid4().hex[:12]}"
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with _admin(admin_url) as conn:
        conn.execute(statement)
    return name


def drop_database(admin_url: str, name: str) -> None:
    with _admin(admin_url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="session", autouse=True)
def own_config_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A developer's own config file (theme, keymap, default --as) must not reach the tests,
    nor a test's write reach it: the session, and every process it starts, reads its own."""
    path = tmp_path_factory.mktemp("config") / "config.toml"
    before = os.environ.get("HOTDASH_CONFIG")
    os.environ["HOTDASH_CONFIG"] = str(path)
    yield path
    if before is None:
        os.environ.pop("HOTDASH_CONFIG", None)
    else:
        os.environ["HOTDASH_CONFIG"] = before


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A superuser URL of the test server's ``postgres`` database."""
    configured = os.environ.get("HOTDASH_TEST_DSN")
    if configured:
        yield configured
        return
    from hotdash_tui.embedded.server import EmbeddedServer

    # A short path keeps the Unix socket path under the kernel's 107-byte limit.
    parent = Path(tempfile.mkdtemp(prefix="hdtest", dir="/tmp"))
    # As root the server runs as an unprivileged account, which must be able to enter here.
    parent.chmod(0o755)
    data_dir = parent / "pg"
    server = EmbeddedServer(data_dir)
    url = server.acquire()
    try:
        yield url
    finally:
        server.release()
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_template(pg_admin_url: str) -> Iterator[str]:
    """A database with every migration applied, used only as a template."""
    name = create_database(pg_admin_url)
    engine = create_db_engine(database_url(pg_admin_url, name))
    try:
        apply_migrations(engine)
    finally:
        engine.dispose()
    yield name
    drop_database(pg_admin_url, name)


@pytest.fixture(scope="session")
def seeded_template(pg_admin_url: str, migrated_template: str) -> Iterator[str]:
    """A migrated database holding the default demo data as of FIXED_NOW."""
    from hotdash_tui.demo.seed import seed_demo_data

    name = create_database(pg_admin_url, template=migrated_template)
    engine = create_db_engine(database_url(pg_admin_url, name))
    try:
        seed_demo_data(engine, now=FIXED_NOW)
    finally:
        engine.dispose()
    yield name
    drop_database(pg_admin_url, name)


@pytest.fixture
def make_database(pg_admin_url: str) -> Iterator[MakeDatabase]:
    """Creates databases for one test (empty, or a copy of a template) and drops them after."""
    created: list[str] = []

    def make(template: str | None = None) -> str:
        name = create_database(pg_admin_url, template)
        created.append(name)
        return database_url(pg_admin_url, name)

    yield make
    for name in created:
        drop_database(pg_admin_url, name)


@pytest.fixture
def empty_db_url(make_database: MakeDatabase) -> str:
    return make_database()


@pytest.fixture
def db_url(make_database: MakeDatabase, migrated_template: str) -> str:
    """A fresh, migrated, empty database for this test."""
    return make_database(migrated_template)


@pytest.fixture
def seeded_db_url(make_database: MakeDatabase, seeded_template: str) -> str:
    """A fresh copy of the migrated demo database for this test."""
    return make_database(seeded_template)


def _engine(url: str) -> Iterator[sqlalchemy.Engine]:
    engine = create_db_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def db_engine(db_url: str) -> Iterator[sqlalchemy.Engine]:
    yield from _engine(db_url)


@pytest.fixture
def seeded_engine(seeded_db_url: str) -> Iterator[sqlalchemy.Engine]:
    yield from _engine(seeded_db_url)


@pytest.fixture
def empty_engine(empty_db_url: str) -> Iterator[sqlalchemy.Engine]:
    yield from _engine(empty_db_url)


@pytest.fixture(scope="session")
def pgbouncer(pg_admin_url: str) -> Iterator[PgBouncer]:
    """A real PgBouncer in transaction mode in front of the test server."""
    binary = pgbouncer_binary()
    if binary is None:
        pytest.skip("pgbouncer is not installed (Debian's package pgbouncer; .ci/run installs it)")
    bouncer = start_pgbouncer(binary, pg_admin_url)
    try:
        yield bouncer
    finally:
        bouncer.stop()


@pytest.fixture(scope="session")
def login_roles(pg_admin_url: str, migrated_template: str) -> None:
    """hd_reader, hd_reviewer and hd_member exist (after the migrations made their groups)."""
    make_login_roles(pg_admin_url)


@pytest.fixture
def seeded_role_urls(seeded_db_url: str, login_roles: None) -> RoleUrls:
    """The seeded copy of this test, as each least-privilege login."""
    return role_urls(seeded_db_url)
