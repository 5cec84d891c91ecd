"""``hotdash migrate`` and friends as a user runs them: subprocesses, exit codes, output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import psycopg.conninfo
import pytest

from hotdash_tui.db.migrate import load_migration_files

PASSWORD = "s3cret-pw-never-shown"


def hotdash(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DATABASE_URL"))}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "hotdash_tui", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def history_versions(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT version FROM supabase_migrations.schema_migrations ORDER BY version"
        ).fetchall()
    return [r[0] for r in rows]


def test_migrate_applies_then_says_nothing_to_apply(empty_db_url: str) -> None:
    first = hotdash("migrate", "--dsn", empty_db_url)
    assert first.returncode == 0, first.stderr
    files = load_migration_files()
    assert f"{len(files)} migration(s) applied" in first.stdout
    second = hotdash("migrate", "--dsn", empty_db_url)
    assert second.returncode == 0
    assert "Nothing to apply" in second.stdout and "nothing was changed" in second.stdout
    assert history_versions(empty_db_url) == [f.version for f in files]


def test_status_and_dry_run_change_nothing(empty_db_url: str) -> None:
    files = load_migration_files()
    dry = hotdash("migrate", "--dry-run", "--dsn", empty_db_url)
    assert dry.returncode == 0, dry.stderr
    assert all(f"Would apply {f.path.name}" in dry.stdout for f in files)
    status = hotdash("migrate", "--status", "--dsn", empty_db_url)
    assert status.returncode == 0
    assert status.stdout.count("pending") == len(files)
    with psycopg.connect(empty_db_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog',"
            " 'information_schema', 'supabase_migrations')"
        ).fetchone()
    assert tables == (0,)


def test_five_migrate_processes_at_once_all_succeed(empty_db_url: str) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "hotdash_tui", "migrate", "--dsn", empty_db_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for _ in range(5)
    ]
    outcomes = [(p.wait(timeout=120), p.communicate()) for p in processes]
    assert [code for code, _ in outcomes] == [0] * 5, [err for _, (_, err) in outcomes]
    versions = history_versions(empty_db_url)
    assert versions == sorted(set(versions))
    assert len(versions) == len(load_migration_files())
    # Each file was applied by exactly one of them (the lock is per file, so they may share).
    applied = [
        line.split()[1]
        for _, (out, _) in outcomes
        for line in out.splitlines()
        if line.startswith("Applied ")
    ]
    assert sorted(applied) == [f.path.name for f in load_migration_files()]


def test_unreachable_server_is_one_sentence_exit_2_without_password() -> None:
    url = f"postgresql://someone:{PASSWORD}@127.0.0.1:1/nowhere"
    result = hotdash("migrate", "--dsn", url)
    assert result.returncode == 2
    assert "Cannot connect to the database" in result.stderr
    assert PASSWORD not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    # One sentence, after the one-line warning that a password stands on the command line.
    warning, error = result.stderr.strip().splitlines()
    assert warning.startswith("hotdash: warning: a password in --dsn")
    assert error.startswith("hotdash: ")


def test_a_refused_connection_is_reported_without_the_password(pg_admin_url: str) -> None:
    # The server refuses this one after reading the password (an unknown database).
    url = psycopg.conninfo.make_conninfo(pg_admin_url, password=PASSWORD, dbname="no_such_db")
    result = hotdash("migrate", "--dsn", url)
    assert result.returncode == 2
    assert PASSWORD not in result.stderr + result.stdout
    assert "no_such_db" in result.stderr


def test_database_url_with_password_in_the_environment_is_redacted() -> None:
    result = hotdash("migrate", env={"DATABASE_URL": f"postgresql://u:{PASSWORD}@127.0.0.1:1/db"})
    assert result.returncode == 2
    assert PASSWORD not in result.stderr + result.stdout


def test_a_garbled_dsn_is_one_sentence() -> None:
    result = hotdash("migrate", "--dsn", f"host='unterminated password={PASSWORD}")
    assert result.returncode == 2
    assert "neither a postgresql:// URL nor libpq key=value pairs" in result.stderr
    assert PASSWORD not in result.stderr


def test_dashboard_on_an_unmigrated_database_says_run_migrate(empty_db_url: str) -> None:
    result = hotdash("--dsn", empty_db_url)
    assert result.returncode == 2
    assert "not migrated" in result.stderr and "hotdash migrate" in result.stderr
    assert "Traceback" not in result.stderr


def test_seed_on_an_unmigrated_database_says_run_migrate(empty_db_url: str) -> None:
    result = hotdash("seed", "--dsn", empty_db_url)
    assert result.returncode == 2
    assert "hotdash migrate" in result.stderr


def test_every_command_help_shows_an_example() -> None:
    for command in (
        ["migrate"],
        ["seed"],
        ["db", "start"],
        ["db", "stop"],
        ["db", "status"],
        ["db", "url"],
        [],
    ):
        result = hotdash(*command, "--help")
        assert result.returncode == 0, command
        assert "Example" in result.stdout, command


@pytest.mark.parametrize(("package", "at_least"), [("db", 20), ("demo", 15), ("embedded", 3)])
def test_the_layers_below_the_ui_do_not_import_textual(package: str, at_least: int) -> None:
    # Every module of the package, found rather than listed, so a new one is covered too;
    # the CLI, the filter language and the formats are shared and must stay as light.
    code = (
        "import sys, pkgutil, importlib, hotdash_tui.cli.main, hotdash_tui.filters,"
        " hotdash_tui.formatting\n"
        f"import hotdash_tui.{package} as package\n"
        f"found = list(pkgutil.walk_packages(package.__path__, 'hotdash_tui.{package}.'))\n"
        "for info in found:\n"
        "    importlib.import_module(info.name)\n"
        f"print(len(found) >= {at_least}, 'textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]


def test_the_wheel_carries_migrations_and_sql(tmp_path: Path) -> None:
    import zipfile

    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for migration in load_migration_files():
        assert f"hotdash_tui/_resources/migrations/{migration.path.name}" in names
    assert "hotdash_tui/_resources/sql/overview.sql" in names
    assert "hotdash_tui/app.tcss" in names


def test_status_exits_1_when_it_reports_drift(empty_db_url: str) -> None:
    assert hotdash("migrate", "--dsn", empty_db_url).returncode == 0
    clean = hotdash("migrate", "--status", "--dsn", empty_db_url)
    assert clean.returncode == 0, clean.stderr
    first = load_migration_files()[0].version
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE supabase_migrations.schema_migrations SET statements = '{SELECT 1}'"
            " WHERE version = %s",
            (first,),
        )
    drifted = hotdash("migrate", "--status", "--dsn", empty_db_url)
    assert drifted.returncode == 1
    assert f"{first}  drifted" in drifted.stdout
