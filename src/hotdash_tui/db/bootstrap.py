"""Opening the chosen database, ready for the dashboard or a command.

The embedded default is prepared on the spot (database created, migrated, demo data
loaded when empty) because nobody else will do it. A database the user points us at is
never changed behind their back: an unmigrated one is reported with the command to run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import psycopg
import psycopg.conninfo
import sqlalchemy
from psycopg import sql

from hotdash_tui.config import Settings
from hotdash_tui.db.engine import (
    ConnectionTarget,
    connect,
    connection_target,
    create_db_engine,
    driver_connection,
    keep_settings_in_session,
)
from hotdash_tui.db.errors import SchemaNotMigrated
from hotdash_tui.db.health import role_facts
from hotdash_tui.db.migrate import apply_migrations, pending_migrations
from hotdash_tui.db.pooler import resolve_pooler
from hotdash_tui.demo.state import holds_data

if TYPE_CHECKING:
    from hotdash_tui.embedded.server import EmbeddedServer

EMBEDDED_DATABASE = "hotdash"

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


@dataclass
class OpenDatabase:
    """An engine on the chosen database, with what the header shows about it."""

    engine: sqlalchemy.Engine
    target: ConnectionTarget
    settings: Settings
    server: EmbeddedServer | None = None
    conninfo: str | None = None
    """What the engine connects with (for the listening connection); None: the settings'."""
    bypasses_rls: bool = False
    """The role is a superuser or has BYPASSRLS: read once at start, warned in the header."""
    role_may_write: bool = True
    """The role may insert audit rows, so it may make the dashboard's writes at all."""
    transaction_pooler: bool = False
    """Behind a transaction pooler (said or detected): no LISTEN, no prepared statements."""

    @property
    def read_only(self) -> bool:
        """No writes from this session: asked for (``--read-only``), or the role has none."""
        return self.settings.read_only or not self.role_may_write

    @property
    def dsn(self) -> str:
        """The libpq conninfo of this database ("" means libpq's environment)."""
        return self.conninfo if self.conninfo is not None else self.settings.database.conninfo

    def close(self) -> None:
        self.engine.dispose()
        if self.server is not None:
            self.server.release()
            self.server = None


def ensure_embedded_database(admin_url: str, name: str = EMBEDDED_DATABASE) -> str:
    """The URL of the embedded server's ``hotdash`` database, creating it on first use."""
    with connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        # Another hotdash starting at the same moment may win the race to create it: two
        # CREATE DATABASE at once fail on pg_database's unique index, not as a duplicate.
        with contextlib.suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return psycopg.conninfo.make_conninfo(admin_url, dbname=name)


def embedded_database_url(progress: Progress = _quiet) -> tuple[str, EmbeddedServer]:
    """Start (or join) the embedded server and return its hotdash database's URL."""
    from hotdash_tui.embedded.server import EmbeddedServer

    server = EmbeddedServer()
    admin_url = server.acquire(progress)
    try:
        return ensure_embedded_database(admin_url), server
    except BaseException:
        server.release()
        raise


def prepare_embedded(engine: sqlalchemy.Engine, progress: Progress = _quiet) -> None:
    """Migrate the embedded database and fill it with demo data when it is empty."""
    if pending_migrations(engine):
        progress("Migrating the embedded database")
        apply_migrations(engine)
    from hotdash_tui.demo.seed import DatabaseNotEmpty, is_seeded, seed_demo_data

    if is_seeded(engine):
        return
    progress("Loading demo data into the embedded database")
    # Two first runs at once: the seed's own lock lets one load; the other then finds data.
    with contextlib.suppress(DatabaseNotEmpty):
        seed_demo_data(engine)


def needs_preparing(engine: sqlalchemy.Engine) -> bool:
    """Whether the embedded database lacks migrations or demo data (reads only); the demo
    data's generators are not imported to ask."""
    if pending_migrations(engine):
        return True
    with driver_connection(engine) as conn:
        return not holds_data(conn)


def require_current_schema(engine: sqlalchemy.Engine) -> None:
    try:
        pending = pending_migrations(engine)
    except psycopg.errors.InsufficientPrivilege:
        # A role under RLS (Supabase's authenticated) may not read the migration history:
        # it cannot be told, and what it may read says "not migrated" itself if need be.
        return
    if pending:
        raise SchemaNotMigrated(
            f"The database is not migrated ({len(pending)} of the schema's migrations are "
            "missing); run `hotdash migrate` first"
        )


def open_database(
    settings: Settings,
    *,
    prepare: bool = True,
    check_schema: bool = True,
    interactive: bool = True,
    progress: Progress = _quiet,
) -> OpenDatabase:
    """Connect to the chosen database; prepare the embedded one, check any other.

    ``interactive`` connections (the dashboard) run under the statement timeout and, with
    ``--read-only``, read-only; batch commands (migrate, seed) are bounded by neither.
    """
    server: EmbeddedServer | None = None
    if settings.database.is_embedded:
        conninfo, server = embedded_database_url(progress)
    else:
        conninfo = settings.database.conninfo
    engine: sqlalchemy.Engine | None = None
    try:
        engine = create_db_engine(
            conninfo,
            statement_timeout_ms=settings.statement_timeout_ms if interactive else None,
            read_only=settings.read_only and interactive,
        )
        # The embedded server is ours and direct: nothing to ask.
        behind_pooler = server is None and resolve_pooler(engine, settings.pooler)
        if not behind_pooler:
            keep_settings_in_session(engine)
        # Asked on the session's own engine: on every start but the first the answer is
        # "nothing to do", and a second engine only for asking cost a start a connection.
        if server is not None and prepare and needs_preparing(engine):
            # Migrating and loading demo data are writes that may take longer than an
            # interactive query may, so they get an engine of their own.
            setup = create_db_engine(conninfo, pool_size=1)
            try:
                prepare_embedded(setup, progress)
            finally:
                setup.dispose()
        target = connection_target(engine)
        facts = role_facts(engine)
        if check_schema and not (server is not None and prepare):
            require_current_schema(engine)
    except BaseException:
        if engine is not None:
            engine.dispose()
        if server is not None:
            server.release()
        raise
    return OpenDatabase(
        engine=engine,
        target=target,
        settings=settings,
        server=server,
        conninfo=conninfo,
        bypasses_rls=facts.bypasses_rls,
        role_may_write=facts.may_write,
        transaction_pooler=behind_pooler,
    )
