"""The migration runner against a real Postgres: rerun, concurrency, failure, drift."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.migrate import (
    MigrationError,
    MigrationState,
    apply_migrations,
    load_migration_files,
    migration_statuses,
    pending_migrations,
)


def _history(engine: sqlalchemy.Engine) -> list[tuple[str, str, list[str]]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT version, name, statements FROM supabase_migrations.schema_migrations"
                " ORDER BY version"
            )
        )
        return [(r.version, r.name, list(r.statements)) for r in rows]


def _table_exists(engine: sqlalchemy.Engine, name: str) -> bool:
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT to_regclass(:n) IS NOT NULL"), {"n": name}).scalar())


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def test_real_migrations_apply_once_then_a_rerun_changes_nothing(
    empty_engine: sqlalchemy.Engine,
) -> None:
    files = load_migration_files()
    assert files, "the repository must ship migrations"
    first = apply_migrations(empty_engine)
    assert [m.version for m in first.applied] == [f.version for f in files]
    history = _history(empty_engine)
    assert [h[0] for h in history] == [f.version for f in files]
    assert all(h[2] == f.statement_texts for h, f in zip(history, files, strict=True))

    second = apply_migrations(empty_engine)
    assert second.applied == ()
    assert _history(empty_engine) == history
    assert {s.state for s in second.statuses} == {MigrationState.APPLIED}


def test_five_concurrent_runs_on_an_empty_database_all_succeed_once_each(
    empty_db_url: str,
) -> None:
    engines = [create_db_engine(empty_db_url) for _ in range(5)]
    try:
        with ThreadPoolExecutor(max_workers=5) as pool:
            runs = list(pool.map(apply_migrations, engines))
    finally:
        for engine in engines:
            engine.dispose()
    applied = [m.version for run in runs for m in run.applied]
    # Each file was applied by exactly one runner (the lock is taken per file, so the work
    # may be shared); each runner applied its share in version order.
    assert sorted(applied) == [f.version for f in load_migration_files()]
    for run in runs:
        versions = [m.version for m in run.applied]
        assert versions == sorted(versions)
    check = create_db_engine(empty_db_url)
    try:
        versions = [h[0] for h in _history(check)]
    finally:
        check.dispose()
    assert len(versions) == len(set(versions)) == len(load_migration_files())


def test_a_failing_file_leaves_nothing_behind_and_names_statement_and_line(
    empty_engine: sqlalchemy.Engine, tmp_path: Path
) -> None:
    folder = _write(
        tmp_path / "m",
        {
            "20250101000000_good.sql": "CREATE TABLE good_one (x int);\n",
            "20250102000000_bad.sql": (
                "CREATE TABLE half_done (x int);\n"
                "INSERT INTO half_done VALUES (1);\n"
                "CREATE TABLE broken (\n"
                "  y nosuchtype\n"
                ");\n"
            ),
            "20250103000000_after.sql": "CREATE TABLE after_bad (x int);\n",
        },
    )
    with pytest.raises(MigrationError) as failure:
        apply_migrations(empty_engine, load_migration_files(folder))
    message = str(failure.value)
    assert "20250102000000_bad.sql" in message
    assert "statement 3" in message and "line 4" in message
    assert "nosuchtype" in message
    assert _table_exists(empty_engine, "good_one")
    assert not _table_exists(empty_engine, "half_done")
    assert not _table_exists(empty_engine, "after_bad")
    assert [h[0] for h in _history(empty_engine)] == ["20250101000000"]


def test_a_file_changed_after_it_was_applied_is_drift_and_stops_the_run(
    empty_engine: sqlalchemy.Engine, tmp_path: Path
) -> None:
    folder = _write(tmp_path / "m", {"20250101000000_one.sql": "CREATE TABLE one (x int);\n"})
    apply_migrations(empty_engine, load_migration_files(folder))
    _write(
        folder,
        {
            "20250101000000_one.sql": "CREATE TABLE one (x int, y int);\n",
            "20250102000000_two.sql": "CREATE TABLE two (x int);\n",
        },
    )
    files = load_migration_files(folder)
    states = {s.version: s.state for s in migration_statuses(empty_engine, files)}
    assert states == {
        "20250101000000": MigrationState.DRIFTED,
        "20250102000000": MigrationState.PENDING,
    }
    with pytest.raises(MigrationError, match="20250101000000 was changed after it was applied"):
        apply_migrations(empty_engine, files)
    assert not _table_exists(empty_engine, "two")


def test_formatting_differences_are_not_drift(
    empty_engine: sqlalchemy.Engine, tmp_path: Path
) -> None:
    folder = _write(tmp_path / "m", {"20250101000000_one.sql": "CREATE TABLE one (x int);"})
    apply_migrations(empty_engine, load_migration_files(folder))
    # The Supabase CLI stores statements with their semicolons; both forms are the same SQL.
    with empty_engine.begin() as conn:
        conn.execute(
            text("UPDATE supabase_migrations.schema_migrations SET statements = :s"),
            {"s": ["CREATE TABLE one (x int);"]},
        )
    states = [s.state for s in migration_statuses(empty_engine, load_migration_files(folder))]
    assert states == [MigrationState.APPLIED]


def test_versions_applied_by_another_tool_are_listed_not_fatal(
    empty_engine: sqlalchemy.Engine, tmp_path: Path
) -> None:
    folder = _write(tmp_path / "m", {"20250101000000_one.sql": "CREATE TABLE one (x int);"})
    apply_migrations(empty_engine, load_migration_files(folder))
    with empty_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO supabase_migrations.schema_migrations (version, name)"
                " VALUES ('20240101000000', 'remote_only')"
            )
        )
    run = apply_migrations(empty_engine, load_migration_files(folder))
    assert run.applied == ()
    assert (run.statuses[0].version, run.statuses[0].state) == (
        "20240101000000",
        MigrationState.UNKNOWN,
    )


def test_a_misnamed_file_is_refused(tmp_path: Path) -> None:
    folder = _write(tmp_path / "m", {"add_things.sql": "SELECT 1;"})
    with pytest.raises(MigrationError, match=r"add_things\.sql is not named"):
        load_migration_files(folder)


def test_pending_versions_come_from_file_names_and_history(
    empty_engine: sqlalchemy.Engine, tmp_path: Path
) -> None:
    folder = _write(tmp_path / "m", {"20250101000000_one.sql": "CREATE TABLE one (x int);"})
    assert pending_migrations(empty_engine, folder) == ["20250101000000"]
    apply_migrations(empty_engine, load_migration_files(folder))
    assert pending_migrations(empty_engine, folder) == []
    _write(folder, {"20250102000000_two.sql": "CREATE TABLE two (x int);"})
    assert pending_migrations(empty_engine, folder) == ["20250102000000"]


@pytest.mark.parametrize(
    "control",
    ["COMMIT", "commit work", "END", "ROLLBACK", "BEGIN", "START TRANSACTION", "ABORT"],
)
def test_a_file_that_ends_its_own_transaction_is_refused_before_anything_runs(
    empty_engine: sqlalchemy.Engine, tmp_path: Path, control: str
) -> None:
    folder = _write(
        tmp_path / "m",
        {
            "20250101000000_good.sql": "CREATE TABLE good_one (x int);\n",
            "20250102000000_own_commit.sql": (
                f"CREATE TABLE half (x int);\n-- done\n{control};\nCREATE TABLE other (x int);\n"
            ),
        },
    )
    with pytest.raises(MigrationError, match=r"20250102000000_own_commit.sql has .* statement 2"):
        apply_migrations(empty_engine, load_migration_files(folder))
    assert not _table_exists(empty_engine, "good_one")
    assert not _table_exists(empty_engine, "half")


def test_savepoints_and_blocks_are_not_transaction_control(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "m",
        {
            "20250101000000_fine.sql": (
                "SAVEPOINT s;\nROLLBACK TO SAVEPOINT s;\nRELEASE SAVEPOINT s;\n"
                "DO $$ BEGIN PERFORM 1; END $$;\n"
            ),
        },
    )
    assert len(load_migration_files(folder)[0].statements) == 4


def test_an_older_history_table_with_only_versions_is_read_then_upgraded(
    empty_engine: sqlalchemy.Engine, tmp_path: Path
) -> None:
    folder = _write(
        tmp_path / "m",
        {
            "20250101000000_one.sql": "CREATE TABLE one (x int);\n",
            "20250102000000_two.sql": "CREATE TABLE two (x int);\n",
        },
    )
    with empty_engine.begin() as conn:
        conn.execute(text("CREATE SCHEMA supabase_migrations"))
        conn.execute(
            text("CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY)")
        )
        conn.execute(
            text("INSERT INTO supabase_migrations.schema_migrations VALUES ('20250101000000')")
        )
    files = load_migration_files(folder)
    states = {s.version: s.state for s in migration_statuses(empty_engine, files)}
    assert states == {
        "20250101000000": MigrationState.APPLIED,
        "20250102000000": MigrationState.PENDING,
    }
    run = apply_migrations(empty_engine, files)
    assert [m.version for m in run.applied] == ["20250102000000"]
    with empty_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT version, name, statements FROM supabase_migrations.schema_migrations"
                " ORDER BY version"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("20250101000000", None, None),
        ("20250102000000", "two", ["CREATE TABLE two (x int)"]),
    ]
