"""The one place that creates database engines and connections.

Connections are made by psycopg from a libpq conninfo (a URL, ``key=value`` pairs or
nothing at all), so service files, ``~/.pgpass`` and ``sslmode`` behave exactly as
libpq documents. SQLAlchemy only pools them.
"""

from __future__ import annotations

import os
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import psycopg
import psycopg.conninfo
import sqlalchemy
from sqlalchemy import event

from hotdash_tui.db.errors import InvalidConnectionString
from hotdash_tui.db.pool_ping import IDLE_PING_SECONDS, Clock, ping_after_idle

APPLICATION_NAME = "hotdash"
"""libpq's ``fallback_application_name``: a DSN's or ``PGAPPNAME``'s own name wins."""
CONNECT_TIMEOUT_SECONDS = 5
"""Used only when neither the DSN nor ``PGCONNECT_TIMEOUT`` gives one."""


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


def password_of(conninfo: str) -> str | None:
    """The password written into a conninfo, so that errors can blank it out."""
    try:
        return conninfo_parts(conninfo).get("password")
    except InvalidConnectionString:
        return None


def connection_defaults(conninfo: str, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Our defaults for what the user left unset: libpq is the authority on the rest.

    The name goes in as libpq's ``fallback_application_name``, which libpq uses only when
    neither the conninfo, a service file nor ``PGAPPNAME`` names the application; the
    timeout only when neither the conninfo nor ``PGCONNECT_TIMEOUT`` gives one."""
    env = os.environ if environ is None else environ
    params: dict[str, Any] = {"fallback_application_name": APPLICATION_NAME}
    if "connect_timeout" not in conninfo_parts(conninfo) and not env.get("PGCONNECT_TIMEOUT"):
        params["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    return params


def connect(conninfo: str, **kwargs: Any) -> psycopg.Connection[Any]:
    """A plain psycopg connection with the settings every hotdash connection shares."""
    params = connection_defaults(conninfo)
    params.update(kwargs)
    return psycopg.connect(conninfo, **params)


@dataclass
class TransactionSettings:
    """What every transaction of an interactive engine runs under.

    Per transaction until :func:`keep_settings_in_session` says the connections are direct:
    behind a transaction pooler a session setting would stay on a server connection that
    other clients get next (a plain psql then ran under our timeout), and our next
    transaction may run on a session that never had it. On a direct connection the session
    is ours alone; set there once, the settings cost no round trip per transaction, and a
    read of one statement needs no transaction at all.
    """

    statement_timeout_ms: int | None = None
    read_only: bool = False
    in_session: bool = False

    def session_sql(self) -> str | None:
        """The settings as session statements, sent once per connection when in session;
        None when there is nothing of ours to set. Only what hotdash was asked for is set:
        a role's own defaults (a DBA's ``ALTER ROLE ... SET default_transaction_read_only``,
        its statement timeout) stand otherwise, as they did under the per-transaction
        settings."""
        statements = []
        if self.statement_timeout_ms:
            # An int, so the text is ours; SET takes no bound parameter.
            statements.append(f"SET statement_timeout = {int(self.statement_timeout_ms)}")
        if self.read_only:
            statements.append("SET default_transaction_read_only = on")
        return "; ".join(statements) or None

    def begin_sql(self, *, read_only: bool = False, repeatable: bool = False) -> str:
        """The statement that opens each transaction: one simple-protocol round trip, as
        psycopg's own ``BEGIN`` is. ``BEGIN READ ONLY`` makes Postgres refuse every write,
        ``SET LOCAL`` ends with the transaction. A read asks for ``read_only`` (and
        ``repeatable``: one snapshot for all its statements) here rather than with a ``SET
        TRANSACTION`` of its own, which cost a round trip more (benchmarks, section 10)."""
        begin = "BEGIN"
        if repeatable:
            begin += " ISOLATION LEVEL REPEATABLE READ"
        if read_only or self.read_only:
            begin += " READ ONLY"
        if self.statement_timeout_ms and not self.in_session:
            # An int, so the text is ours; SET takes no bound parameter.
            begin += f"; SET LOCAL statement_timeout = {int(self.statement_timeout_ms)}"
        return begin


_ENGINE_SETTINGS: weakref.WeakKeyDictionary[sqlalchemy.Engine, TransactionSettings] = (
    weakref.WeakKeyDictionary()
)


def keep_settings_in_session(engine: sqlalchemy.Engine) -> None:
    """The engine's connections reach Postgres directly (no transaction pooler): each gets
    the settings once, as session settings, before its next use, and reads of
    :func:`reading`'s ``each_statement`` kind run without a transaction of their own."""
    settings = _ENGINE_SETTINGS.get(engine)
    if settings is not None:
        settings.in_session = True


READ_ONLY_OPTION = "hotdash_read_only"
REPEATABLE_OPTION = "hotdash_repeatable_read"
EACH_STATEMENT_OPTION = "hotdash_each_statement"


Readable = sqlalchemy.Engine | sqlalchemy.Connection
"""Where a read runs: on an engine (a connection of its own) or within a caller's
transaction, so that a screen's window and count share one BEGIN and one end."""


@contextmanager
def connected(source: Readable) -> Iterator[sqlalchemy.Connection]:
    """``source`` itself when it is a connection, else a read-only one of its engine."""
    if isinstance(source, sqlalchemy.Connection):
        yield source
    else:
        with reading(source) as conn:
            yield conn


Item = TypeVar("Item")
At = TypeVar("At")


def window_and_count(
    engine: sqlalchemy.Engine,
    window: Callable[[sqlalchemy.Connection], tuple[Sequence[Item], At | None]],
    count: Callable[[sqlalchemy.Connection], int],
) -> tuple[Sequence[Item], At | None, int]:
    """A list's first window (its rows and the cursor after them) and how many rows match,
    read as :func:`reading`'s ``each_statement``: the count only labels the list ("row x of
    N", capped), so a count a moment younger than the window costs nothing, while a shared
    transaction cost its BEGIN and its end, a round trip each (benchmarks, section 10). A
    window that holds every row is its own count."""
    with reading(engine, each_statement=True) as conn:
        rows, cursor = window(conn)
        return rows, cursor, (count(conn) if cursor is not None else len(rows))


def reading(
    engine: sqlalchemy.Engine, *, repeatable: bool = False, each_statement: bool = False
) -> sqlalchemy.Connection:
    """A connection whose transaction is read-only (and with ``repeatable``, one snapshot
    for all its statements), opened by the same round trip as its BEGIN.

    ``each_statement``: the read's statements need no common snapshot (a read of one
    statement, or figures that only sit side by side). On a connection with its settings in
    the session (:func:`keep_settings_in_session`) each statement is then its own
    transaction: one round trip, where BEGIN, the statement and the end were three. Not
    READ ONLY there (unless the engine is): what runs is the read's own SELECT."""
    options = {
        READ_ONLY_OPTION: True,
        REPEATABLE_OPTION: repeatable,
        EACH_STATEMENT_OPTION: each_statement and not repeatable,
    }
    return engine.connect().execution_options(**options)


@contextmanager
def writing(
    engine: sqlalchemy.Engine, *, one_statement: bool = False
) -> Iterator[sqlalchemy.Connection]:
    """``engine.begin()``: committed at the end, rolled back on an error. ``one_statement``:
    the write is one statement, which is a transaction of its own; with the settings in the
    session (:func:`keep_settings_in_session`) it then sends no BEGIN and no COMMIT, two
    round trips of three. A read after it on the same connection (a refused decision saying
    who won) is then a statement of its own too."""
    conn = engine.connect()
    if one_statement:
        conn = conn.execution_options(**{EACH_STATEMENT_OPTION: True})
    with conn, conn.begin():
        yield conn


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
    Each transaction opens with :meth:`TransactionSettings.begin_sql`.
    """
    engine = sqlalchemy.create_engine(
        "postgresql+psycopg://",
        # In autocommit from the start: SQLAlchemy's first-connect queries (server version,
        # schema, isolation) then run without a BEGIN and a ROLLBACK around them, two round
        # trips of every start (benchmarks, section 10).
        creator=lambda: connect(conninfo, autocommit=True),
        # hstore is no type of ours; looking it up cost every start a round trip.
        use_native_hstore=False,
        pool_size=pool_size,
        max_overflow=2,
        # The connection used last goes out first: it is known alive (no ping, see below) and
        # its prepared statements are warm, while the others idle (and are pinged on reuse).
        pool_use_lifo=True,
    )
    ping_after_idle(engine, idle_seconds=idle_ping_seconds, clock=clock)
    settings = TransactionSettings(statement_timeout_ms, read_only)
    _ENGINE_SETTINGS[engine] = settings
    set_in_session: weakref.WeakSet[Any] = weakref.WeakSet()

    # SQLAlchemy's documented recipe for a BEGIN of one's own: the driver in autocommit,
    # the ``begin`` event emitting it (with the connection's read options).
    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkout")
    def _driver_autocommit(dbapi_connection: Any, *_: Any) -> None:
        # At checkout too: a connection used with isolation_level="AUTOCOMMIT" (VACUUM)
        # comes back with the default isolation SQLAlchemy restores, autocommit off.
        if not dbapi_connection.autocommit:
            dbapi_connection.autocommit = True

    @event.listens_for(engine, "checkout")
    def _settings_into_session(dbapi_connection: Any, *_: Any) -> None:
        # Once per server session, also for connections opened before the engine knew it
        # was direct (the pooler test's): one round trip, in autocommit, so it stays.
        if settings.in_session and dbapi_connection not in set_in_session:
            if (session_sql := settings.session_sql()) is not None:
                dbapi_connection.execute(session_sql, prepare=False)
            set_in_session.add(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _begin_with_settings(conn: sqlalchemy.Connection) -> None:
        options = conn.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # asked for no transaction at all (VACUUM, CREATE DATABASE)
        if settings.in_session and options.get(EACH_STATEMENT_OPTION):
            return  # each statement its own transaction, under the session's settings
        conn.exec_driver_sql(
            settings.begin_sql(
                read_only=bool(options.get(READ_ONLY_OPTION)),
                repeatable=bool(options.get(REPEATABLE_OPTION)),
            )
        )

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
        pool_mode = conn.autocommit  # True on an engine that opens its own transactions
        conn.autocommit = autocommit
        try:
            yield conn
        finally:
            conn.rollback()
            conn.autocommit = pool_mode
    finally:
        raw.close()


def connection_target(engine: sqlalchemy.Engine) -> ConnectionTarget:
    """Host, port, database and user of the engine's connections, as the server sees them."""
    with engine.connect() as conn:
        info = conn.connection.driver_connection.info  # type: ignore[union-attr]
        return ConnectionTarget(
            host=str(info.host), port=str(info.port), dbname=str(info.dbname), user=str(info.user)
        )
