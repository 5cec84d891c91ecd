"""Every command as a least-privilege role (issue 15): real processes, real grants."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import psycopg.conninfo
import pytest
from psycopg import sql

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.migrate import MigrationError, apply_migrations, load_migration_files
from tests.cli.test_cli_schema import hotdash
from tests.roles import RoleUrls

CHECKS = ["approvals", "board", "alerts", "margins", "runs", "roas"]


@pytest.mark.parametrize("login", ["reader", "reviewer"])
@pytest.mark.parametrize("check", CHECKS)
def test_every_quick_check_works_as_reader_and_reviewer(
    seeded_role_urls: RoleUrls, login: str, check: str
) -> None:
    result = hotdash(check, "--dsn", getattr(seeded_role_urls, login), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)


def _pending_ids(url: str, count: int) -> list[str]:
    result = hotdash("approvals", "--dsn", url, "--format", "json", "--source", "tasks")
    return [row["id"] for row in json.loads(result.stdout)[:count]]


def test_the_reviewer_decides_and_the_reader_is_refused_in_one_sentence(
    seeded_role_urls: RoleUrls,
) -> None:
    ids = _pending_ids(seeded_role_urls.reader, 3)
    refused = hotdash("approve", *ids, "--dsn", seeded_role_urls.reader, "--as", "rob")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "hotdash: the database role hd_reader may not make decisions (it cannot write audit "
        "rows; grant it hotdash_reviewer); nothing was changed."
    ]
    decided = hotdash("approve", *ids, "--dsn", seeded_role_urls.reviewer, "--as", "rita")
    assert decided.returncode == 0, decided.stderr
    assert decided.stdout.count(" approved") == 3


@pytest.fixture
def owned_database_url(pg_admin_url: str, login_roles: None) -> Iterator[str]:
    """An empty database owned by hd_owner, a login without CREATEROLE or superuser."""
    owner = "hd_owner"
    name = f"hd_owned_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (owner,)).fetchone() is None:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(owner)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(owner)
            )
        )
    try:
        yield psycopg.conninfo.make_conninfo(pg_admin_url, dbname=name, user=owner)
    finally:
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_migrating_as_a_non_superuser_owner_works_where_the_roles_exist(
    owned_database_url: str,
) -> None:
    """As on Supabase: a database owner without CREATEROLE, Supabase's default privileges
    granted before migrating; the roles exist (another database of the cluster made them)."""
    url = owned_database_url
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
            " GRANT ALL ON TABLES TO anon, authenticated, service_role"
        )
    result = hotdash("migrate", "--dsn", url)
    assert result.returncode == 0, result.stderr
    assert f"{len(load_migration_files())} migration(s) applied" in result.stdout
    member = psycopg.conninfo.make_conninfo(url, user="hd_member")
    with (
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="creds_meta"),
        psycopg.connect(member) as conn,
    ):
        conn.execute("SELECT * FROM public.creds_meta")
    reader = psycopg.conninfo.make_conninfo(url, user="hd_reader")
    assert hotdash("approvals", "--dsn", reader).returncode == 1, "an empty queue, readable"


def test_a_role_that_may_not_create_roles_is_told_what_a_superuser_must_run(
    owned_database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "20250101000000_roles.sql").write_text("CREATE ROLE hd_never_made NOLOGIN;\n")
    engine = create_db_engine(owned_database_url)
    try:
        with pytest.raises(MigrationError, match="a superuser must create them first: CREATE"):
            apply_migrations(engine, load_migration_files(tmp_path))
    finally:
        engine.dispose()
