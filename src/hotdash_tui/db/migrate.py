"""The migration runner: plain SQL files, the Supabase CLI's history table.

Each file runs in one transaction together with its row in
``supabase_migrations.schema_migrations``, so hotdash and ``supabase db push`` agree on
what is applied. Runs are serialized with an advisory lock, so any number of
``hotdash migrate`` may start at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy

from hotdash_tui.db.engine import driver_connection
from hotdash_tui.db.errors import HotdashError
from hotdash_tui.db.sql_split import Statement, split_statements
from hotdash_tui.resources import migrations_dir

FILE_NAME = re.compile(r"^(?P<version>\d{14})_(?P<name>[A-Za-z0-9_\-]+)\.sql$")
# Any constant will do as long as every hotdash process uses the same one.
ADVISORY_LOCK_KEY = 7_303_746_661_736_854_017

HISTORY_DDL = (
    "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
    "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations "
    "(version text PRIMARY KEY, statements text[], name text)",
)


class MigrationError(HotdashError):
    """A migration file failed, is misnamed, or was changed after it was applied."""


@dataclass(frozen=True)
class MigrationFile:
    version: str
    name: str
    path: Path
    statements: tuple[Statement, ...]

    @property
    def statement_texts(self) -> list[str]:
        return [s.text for s in self.statements]


class MigrationState(Enum):
    APPLIED = "applied"
    PENDING = "pending"
    DRIFTED = "drifted"
    UNKNOWN = "in database only"


@dataclass(frozen=True)
class MigrationStatus:
    version: str
    name: str
    state: MigrationState


@dataclass(frozen=True)
class MigrationRun:
    applied: tuple[MigrationFile, ...]
    statuses: tuple[MigrationStatus, ...]


def load_migration_files(folder: Path | None = None) -> list[MigrationFile]:
    """The migration files in version order; a misnamed .sql file is an error."""
    folder = folder or migrations_dir()
    files: list[MigrationFile] = []
    for path in sorted(folder.glob("*.sql")):
        match = FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(
                f"{path.name} is not named <14-digit UTC timestamp>_<name>.sql,"
                " so it cannot be ordered"
            )
        statements = tuple(split_statements(path.read_text(encoding="utf-8")))
        files.append(MigrationFile(match["version"], match["name"], path, statements))
    versions = [f.version for f in files]
    duplicated = sorted({v for v in versions if versions.count(v) > 1})
    if duplicated:
        raise MigrationError(f"two migration files share version {duplicated[0]}")
    return files


def _normalized(statements: Sequence[str] | None) -> list[str]:
    # Compare what runs, not how a tool formatted it: trailing semicolons and outer space.
    return [s.strip().rstrip(";").strip() for s in statements or ()]


def _history_exists(cur: psycopg.Cursor[Any]) -> bool:
    cur.execute("SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL")
    row = cur.fetchone()
    return bool(row and row[0])


def _read_history(cur: psycopg.Cursor[Any]) -> dict[str, list[str] | None]:
    if not _history_exists(cur):
        return {}
    cur.execute("SELECT version, statements FROM supabase_migrations.schema_migrations")
    return {str(version): statements for version, statements in cur.fetchall()}


def compute_statuses(
    files: Sequence[MigrationFile], history: dict[str, list[str] | None]
) -> list[MigrationStatus]:
    statuses: list[MigrationStatus] = []
    for f in files:
        if f.version not in history:
            state = MigrationState.PENDING
        elif history[f.version] is not None and _normalized(history[f.version]) != _normalized(
            f.statement_texts
        ):
            state = MigrationState.DRIFTED
        else:
            state = MigrationState.APPLIED
        statuses.append(MigrationStatus(f.version, f.name, state))
    known = {f.version for f in files}
    statuses += [
        MigrationStatus(v, "", MigrationState.UNKNOWN) for v in sorted(history) if v not in known
    ]
    return sorted(statuses, key=lambda s: s.version)


def migration_statuses(
    engine: sqlalchemy.Engine, files: Sequence[MigrationFile] | None = None
) -> list[MigrationStatus]:
    """Applied, pending, drifted and database-only versions, without changing anything."""
    files = load_migration_files() if files is None else files
    with driver_connection(engine, autocommit=True) as conn, conn.cursor() as cur:
        return compute_statuses(files, _read_history(cur))


def _apply_file(conn: psycopg.Connection[Any], migration: MigrationFile) -> None:
    with conn.transaction(), conn.cursor() as cur:
        for number, statement in enumerate(migration.statements, start=1):
            try:
                cur.execute(statement.text.encode())  # bytes: no placeholder parsing
            except psycopg.Error as exc:
                raise MigrationError(_failure_message(migration, number, statement, exc)) from exc
        cur.execute(
            "INSERT INTO supabase_migrations.schema_migrations (version, statements, name)"
            " VALUES (%s, %s, %s)",
            (migration.version, migration.statement_texts, migration.name),
        )


def _failure_message(
    migration: MigrationFile, number: int, statement: Statement, exc: psycopg.Error
) -> str:
    position = getattr(exc.diag, "statement_position", None)
    line, column = statement.line_of(int(position)) if position else (statement.line, 1)
    reason = (exc.diag.message_primary or str(exc)).strip()
    return (
        f"{migration.path.name} failed at statement {number} (line {line}, column {column}): "
        f"{reason}; nothing from this file was applied"
    )


def apply_migrations(
    engine: sqlalchemy.Engine, files: Sequence[MigrationFile] | None = None
) -> MigrationRun:
    """Apply every pending file in version order; stop on drift before applying anything."""
    files = load_migration_files() if files is None else files
    with driver_connection(engine, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_lock(%s)", (ADVISORY_LOCK_KEY,))
        try:
            for ddl in HISTORY_DDL:
                cur.execute(ddl.encode())
            statuses = compute_statuses(files, _read_history(cur))
            drifted = [s.version for s in statuses if s.state is MigrationState.DRIFTED]
            if drifted:
                raise MigrationError(
                    f"migration {', '.join(drifted)} was changed after it was applied (drift); "
                    "restore the file or add a new migration instead"
                )
            pending = {s.version for s in statuses if s.state is MigrationState.PENDING}
            applied = [f for f in files if f.version in pending]
            for migration in applied:
                _apply_file(conn, migration)
            return MigrationRun(tuple(applied), tuple(compute_statuses(files, _read_history(cur))))
        finally:
            cur.execute("SELECT pg_advisory_unlock(%s)", (ADVISORY_LOCK_KEY,))


def pending_migrations(engine: sqlalchemy.Engine, folder: Path | None = None) -> list[str]:
    """Versions in migrations/ not yet applied; empty when the schema is current.

    Every dashboard start asks this, so it reads file names and applied versions only:
    splitting the files and fetching stored statements is the drift check's work, done by
    ``hotdash migrate``.
    """
    folder = folder or migrations_dir()
    versions = [
        m["version"] for p in sorted(folder.glob("*.sql")) if (m := FILE_NAME.match(p.name))
    ]
    with driver_connection(engine, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL")
        row = cur.fetchone()
        if not row or not row[0]:
            return versions
        cur.execute("SELECT version FROM supabase_migrations.schema_migrations")
        applied = {str(r[0]) for r in cur.fetchall()}
    return [v for v in versions if v not in applied]
