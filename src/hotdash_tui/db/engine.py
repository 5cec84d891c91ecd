"""The one place that creates database engines and connections.

Connections are made by psycopg from a libpq conninfo (a URL, ``key=value`` pairs or
nothing at all), so service files, ``~/.pgpass`` and ``sslmode`` behave exactly as
libpq documents. SQLAlchemy only pools them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import psycopg
import psycopg.conninfo
import sqlalchemy
from sqlalchemy import event

from hotdash_tui.db.errors import InvalidConnectionString
from hotdash_tui.db.pool_ping import IDLE_PING_SECONDS, Clock, ping_after_idle

APPLICATION_NAME = "hotdash"
# Supabase's transaction pooler (Supavisor) listens here; PgBouncer setups often copy it.
TRANSACTION_POOLER_PORTS = frozenset({"6543"})


@dataclass(frozen=True)
class ConnectionTarget:
    """Where a connection goes, fit for a header line: never a password."""

    host: str
    port: str
    dbname: str
    user: str

    @property
    def label(self) -> str:
        """``dbname@host``; a Unix socket directory reads as ``local``."""
        host = "local" if self.host.startswith("/") or not self.host else self.host
        return f"{self.dbname}@{host}"


def conninfo_parts(conninfo: str) -> dict[str, str]:
    """The explicit parts of a conninfo; empty for the libpq environment form."""
    if not conninfo:
        return {}
    try:
        return {k: str(v) for k, v in psycopg.conninfo.conninfo_to_dict(conninfo).items()}
    except psycopg.ProgrammingError as exc:
        # psycopg quotes the conninfo in this message; keep only its first words.
        raise InvalidConnectionString(
            "The connection string is neither a postgresql:// URL nor libpq key=value pairs."
        ) from exc


def uses_transaction_pooler(conninfo: str, environ: Mapping[str, str] | None = None) -> bool:
    """Behind a transaction pooler prepared statements and LISTEN do not work.

    The port comes from the conninfo, else from PGPORT as libpq itself would take it.
    """
    env = os.environ if environ is None else environ
    port = conninfo_parts(conninfo).get("port") or env.get("PGPORT", "")
    return port in TRANSACTION_POOLER_PORTS


def password_of(conninfo: str) -> str | None:
    """The password written into a conninfo, so that errors can blank it out."""
    try:
        return conninfo_parts(conninfo).get("password")
    except InvalidConnectionString:
        return None


def connect(conninfo: str, **kwargs: Any) -> psycopg.Connection[Any]:
    """A plain psycopg connection with the settings every hotdash connection shares."""
    params: dict[str, Any] = {"application_name": APPLICATION_NAME, "connect_timeout": 5}
    if uses_transaction_pooler(conninfo):
        params["prepare_threshold"] = None
    params.update(kwargs)
    return psycopg.connect(conninfo, **params)


def create_db_engine(
    conninfo: str,
    *,
    statement_timeout_ms: int | None = None,
    read_only: bool = False,
    pool_size: int = 4,
    idle_ping_seconds: float = IDLE_PING_SECONDS,
    clock: Clock = time.monotonic,
) -> sqlalchemy.Engine:
    """An Engine whose connections come from :func:`connect`.

    A pooled connection is pinged before use only after ``idle_ping_seconds`` in the pool
    (:mod:`hotdash_tui.db.pool_ping`), not on every checkout; ``clock`` lets tests move time.
    """
    engine = sqlalchemy.create_engine(
        "postgresql+psycopg://",
        creator=lambda: connect(conninfo),
        pool_size=pool_size,
        max_overflow=2,
        # The connection used last goes out first: it is known alive (no ping, see below) and
        # its prepared statements are warm, while the others idle (and are pinged on reuse).
        pool_use_lifo=True,
    )
    ping_after_idle(engine, idle_seconds=idle_ping_seconds, clock=clock)
    pooled = uses_transaction_pooler(conninfo)
    if (statement_timeout_ms or read_only) and not pooled:
        # Session settings are applied once per physical connection. A transaction
        # pooler would leak them to other clients, so there they are left out.
        @event.listens_for(engine, "connect")
        def _session_settings(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cur:
                if statement_timeout_ms:
                    cur.execute(
                        "SELECT set_config('statement_timeout', %s, false)",
                        (str(statement_timeout_ms),),
                    )
                if read_only:
                    cur.execute("SET default_transaction_read_only = on")
            dbapi_connection.commit()

    return engine


@contextmanager
def driver_connection(
    engine: sqlalchemy.Engine, *, autocommit: bool = False
) -> Iterator[psycopg.Connection[Any]]:
    """A pooled connection's own psycopg connection, for what SQLAlchemy has no words for
    (COPY, VACUUM, migrations run statement by statement). It starts and goes back to the
    pool outside any transaction."""
    raw = engine.raw_connection()
    try:
        conn = cast("psycopg.Connection[Any]", raw.driver_connection)
        conn.rollback()
        conn.autocommit = autocommit
        try:
            yield conn
        finally:
            conn.rollback()
            conn.autocommit = False
    finally:
        raw.close()


def connection_target(engine: sqlalchemy.Engine) -> ConnectionTarget:
    """Host, port, database and user of the engine's connections, as the server sees them."""
    with engine.connect() as conn:
        info = conn.connection.driver_connection.info  # type: ignore[union-attr]
        return ConnectionTarget(
            host=str(info.host), port=str(info.port), dbname=str(info.dbname), user=str(info.user)
        )
