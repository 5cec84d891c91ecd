"""The migration runner: plain SQL files, the Supabase CLI's history table.

Each file runs in one transaction together with its row in
``supabase_migrations.schema_migrations``, so hotdash and ``supabase db push`` agree on
what is applied. Each of those transactions first takes a transaction-level advisory lock and
checks the history again, so any number of ``hotdash migrate`` may start at once, also through
a transaction pooler: a session lock taken and released in two statements could be released
on another server session than the one holding it, and stay held there for good.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import psycopg
import psycopg.sql
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
    # Older Supabase CLIs made the table with its version only; the CLI adds these two itself.
    "ALTER TABLE supabase_migrations.schema_migrations "
    "ADD COLUMN IF NOT EXISTS statements text[], ADD COLUMN IF NOT EXISTS name text",
)
LOCK = "SELECT pg_advisory_xact_lock(%s)"
# What the first migration needs of a superuser where the Supabase roles are missing.
SUPABASE_ROLES_SQL = (
    "CREATE ROLE anon NOLOGIN NOINHERIT; CREATE ROLE authenticated NOLOGIN NOINHERIT; "
    "CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;"
)
# Statements that end or open a transaction: a file holding one would be applied in part
# while the history says nothing was.
TRANSACTION_CONTROL = re.compile(
    r"^(?:COMMIT|END|ROLLBACK(?!\s+(?:TRANSACTION\s+|WORK\s+)?TO\b)|ABORT|BEGIN"
    r"|START\s+TRANSACTION|PREPARE\s+TRANSACTION)\b",
    re.IGNORECASE,
)
_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)


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
        _refuse_transaction_control(path, statements)
        files.append(MigrationFile(match["version"], match["name"], path, statements))
    versions = [f.version for f in files]
    duplicated = sorted({v for v in versions if versions.count(v) > 1})
    if duplicated:
        raise MigrationError(f"two migration files share version {duplicated[0]}")
    return files


def _refuse_transaction_control(path: Path, statements: Sequence[Statement]) -> None:
    for number, statement in enumerate(statements, start=1):
        text = _LEADING_COMMENTS.sub("", statement.text)
        match = TRANSACTION_CONTROL.match(text)
        if match:
            raise MigrationError(
                f"{path.name} has {match.group(0).upper()} at statement {number} (line "
                f"{statement.line}): hotdash runs each file in one transaction with its history "
                "row, so a file must not end or open transactions; nothing was applied"
            )


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
    # An older history table has no statements column: its versions count, unchecked.
    cur.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid ="
        " 'supabase_migrations.schema_migrations'::regclass AND attname = 'statements'"
        " AND NOT attisdropped)"
    )
    row = cur.fetchone()
    columns = "version, statements" if row and row[0] else "version, NULL::text[]"
    cur.execute(
        psycopg.sql.SQL("SELECT {} FROM supabase_migrations.schema_migrations").format(
            psycopg.sql.SQL(columns)
        )
    )
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


def _apply_file(conn: psycopg.Connection[Any], migration: MigrationFile) -> bool:
    """Applies the file unless another run did meanwhile; True when this call applied it."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(LOCK, (ADVISORY_LOCK_KEY,))
        cur.execute(
            "SELECT 1 FROM supabase_migrations.schema_migrations WHERE version = %s",
            (migration.version,),
        )
        if cur.fetchone() is not None:
            return False
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
    return True


def _failure_message(
    migration: MigrationFile, number: int, statement: Statement, exc: psycopg.Error
) -> str:
    position = getattr(exc.diag, "statement_position", None)
    line, column = statement.line_of(int(position)) if position else (statement.line, 1)
    reason = (exc.diag.message_primary or str(exc)).strip()
    hint = ""
    if isinstance(exc, psycopg.errors.InsufficientPrivilege) and "create role" in reason.lower():
        hint = (
            f"; this role may not create roles, so a superuser must create them first: "
            f"{SUPABASE_ROLES_SQL}"
        )
    return (
        f"{migration.path.name} failed at statement {number} (line {line}, column {column}): "
        f"{reason}; nothing from this file was applied{hint}"
    )


def apply_migrations(
    engine: sqlalchemy.Engine, files: Sequence[MigrationFile] | None = None
) -> MigrationRun:
    """Apply every pending file in version order; stop on drift before applying anything."""
    files = load_migration_files() if files is None else files
    with driver_connection(engine, autocommit=True) as conn, conn.cursor() as cur:
        with conn.transaction():
            cur.execute(LOCK, (ADVISORY_LOCK_KEY,))
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
        applied = [f for f in files if f.version in pending and _apply_file(conn, f)]
        return MigrationRun(tuple(applied), tuple(compute_statuses(files, _read_history(cur))))


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
    # One statement, one round trip: a database never migrated has no history table.
    with driver_connection(engine, autocommit=True) as conn, conn.cursor() as cur:
        try:
            cur.execute("SELECT version FROM supabase_migrations.schema_migrations")
        except (psycopg.errors.UndefinedTable, psycopg.errors.InvalidSchemaName):
            return versions
        applied = {str(r[0]) for r in cur.fetchall()}
    return [v for v in versions if v not in applied]
