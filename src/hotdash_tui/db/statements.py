"""Runs a named query of ``sql/`` on a SQLAlchemy Connection through its own psycopg cursor.

``conn.execute(query(name))`` cost 0.1-0.15 ms per statement more than the same statement on
a psycopg cursor of the same pooled connection (an execution context, a CursorResult and
their bookkeeping, with SQLAlchemy's Cython extensions installed): for the many statements
that take Postgres 0.1-0.7 ms that was half their time (benchmarks, "Named queries").
So SQLAlchemy keeps what it is good at here: the one Engine and its pool, the Connection as
the unit of a transaction, its exception types and its disconnect handling. Only the
statement goes straight to psycopg, compiled once per name from the same ``text()`` clause
SQLAlchemy would compile, so Postgres receives exactly the text it received before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, NoReturn, cast

import psycopg
import sqlalchemy
from psycopg.rows import namedtuple_row
from sqlalchemy import TextClause
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.exc import MultipleResultsFound, NoResultFound, ResourceClosedError
from sqlalchemy.sql.sqltypes import NullType

from hotdash_tui.db.queries import all_queries, planned_per_value, query

# The engine's dialect (db/engine.py); a text() clause compiles alike on every instance.
_DIALECT = PGDialect_psycopg()  # type: ignore[no-untyped-call]  # SQLAlchemy's own annotations


class NeedsSqlalchemy(ValueError):
    """A named query whose parameters SQLAlchemy would process before sending them."""


@cache
def compiled_sql(name: str) -> str:
    """The ``%(param)s`` text SQLAlchemy sends for ``query(name)``, compiled once."""
    return checked_sql(query(name), name)


def checked_sql(clause: TextClause, name: str) -> str:
    """``clause`` compiled for psycopg, if SQLAlchemy would send the caller's values as they
    are: a typed, expanding (``IN``), literal or renamed parameter would need its processing,
    so such a query fails here rather than reach Postgres as something else."""
    compiled = clause.compile(dialect=_DIALECT)
    processed = [
        bind.key
        for bind in compiled.binds.values()
        if bind.expanding or not isinstance(bind.type, NullType)
    ]
    if (
        processed
        or compiled.positional
        or compiled.escaped_bind_names
        or compiled.literal_execute_params
        or compiled.post_compile_params
        or compiled._bind_processors
    ):
        raise NeedsSqlalchemy(f"the query {name} has parameters SQLAlchemy must process")
    return compiled.string


@cache
def names_by_sql() -> dict[str, str]:
    """Every named query by the text :func:`compiled_sql` sends: statement events name it."""
    return {compiled_sql(name): name for name in all_queries()}


def run(conn: sqlalchemy.Connection, name: str, params: Mapping[str, Any] | None = None) -> Rows:
    """Runs the named query on ``conn`` and fetches its rows (attribute and index access).

    As ``conn.execute`` does: a transaction is begun when none is (so ``conn.commit()`` after
    a write commits it), a driver error is raised as SQLAlchemy's ``DBAPIError`` subclass
    with ``.orig``, a disconnect invalidates the connection and the pool, and the engine's
    ``before_cursor_execute`` / ``after_cursor_execute`` listeners see the statement, with
    the caller's parameters and ``context`` None (there is no execution context).
    """
    statement = compiled_sql(name)
    # Always a mapping, never None: psycopg then reads the placeholders (and a ``%%``).
    parameters: Mapping[str, Any] = {} if params is None else params
    # Reconnects after an invalidation (outside a transaction), as execute does.
    pooled = conn.connection
    if not conn.in_transaction():
        conn.begin()  # what execute's autobegin does
    events = conn._has_events or conn.engine._has_events
    cursor: Any = None  # SQLAlchemy types it as its DBAPICursor protocol
    try:
        cursor = _cursor_of(pooled)
        if events:
            for listener in conn.dispatch.before_cursor_execute:
                statement, parameters = listener(conn, cursor, statement, parameters, None, False)
        # Never prepared when planned per value; else psycopg's default (after five runs).
        prepare = False if planned_per_value(name) else None
        cursor.execute(statement, parameters, prepare=prepare)
        if events:
            conn.dispatch.after_cursor_execute(conn, cursor, statement, parameters, None, False)
        rows = None if cursor.description is None else cursor.fetchall()
        rowcount = cursor.rowcount
    except BaseException as error:
        # The Connection's own handler, private but what execute itself calls: the same
        # exception types (db/errors.py words them), and on a disconnect the connection
        # and the pool invalidated, which the App's reconnect (live_link.py) relies on.
        conn._handle_dbapi_exception(error, statement, parameters, cursor, None)
    return Rows(rows, rowcount)


_CURSOR = "hotdash_cursor"  # key in a pooled connection's info: the cursor run() reuses


def _cursor_of(pooled: sqlalchemy.PoolProxiedConnection) -> psycopg.Cursor[Any]:
    """The pooled connection's one cursor, made at its first statement and reused after.

    A new cursor per statement cost about 12 us more than a reused one (benchmarks, "Named
    queries"): psycopg builds a cursor's adapters and, at its first result, its loaders per
    column type; a reused cursor has them. A pooled connection serves one thread at a time,
    so does its cursor. The info dict lives as long as the driver connection (the pool
    clears it when it connects again); the identity check is for a connection swapped
    under the record all the same. Until the next statement the cursor holds the last
    result, a window at most, once per pooled connection."""
    driver = cast("psycopg.Connection[Any]", pooled.driver_connection)
    info = pooled.info
    cursor = cast("psycopg.Cursor[Any] | None", info.get(_CURSOR))
    if cursor is None or cursor.connection is not driver or cursor.closed:
        cursor = driver.cursor(row_factory=namedtuple_row)
        info[_CURSOR] = cursor
    return cursor


class Rows:
    """The fetched rows of a statement, with the methods of SQLAlchemy's Result the App
    uses; ``one()`` and the like raise the same exceptions. A statement without rows (an
    UPDATE without RETURNING, a SET) has only ``rowcount``, as a CursorResult would."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list[Any] | None, rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def _fetched(self) -> list[Any]:
        if self._rows is None:
            raise ResourceClosedError("This result object does not return rows.")
        return self._rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self._fetched())

    def all(self) -> list[Any]:
        return list(self._fetched())

    def first(self) -> Any | None:
        rows = self._fetched()
        return rows[0] if rows else None

    def one(self) -> Any:
        rows = self._fetched()
        if not rows:
            _none()
        if len(rows) > 1:
            _several("exactly one")
        return rows[0]

    def one_or_none(self) -> Any | None:
        rows = self._fetched()
        if len(rows) > 1:
            _several("one or none")
        return rows[0] if rows else None

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalar_one_or_none(self) -> Any | None:
        row = self.one_or_none()
        return None if row is None else row[0]

    def scalars(self) -> list[Any]:
        return [row[0] for row in self._fetched()]


def _none() -> NoReturn:
    raise NoResultFound("No row was found when one was required")


def _several(wanted: str) -> NoReturn:
    raise MultipleResultsFound(f"Multiple rows were found when {wanted} was required")
