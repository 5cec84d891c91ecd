"""Runs a named query of ``sql/`` on a SQLAlchemy Connection, the way SQLAlchemy documents:
``Connection.execute(text(...), params)``, returning its ``CursorResult``.

Until issue 16 the statement went to a psycopg cursor of the pooled connection through three
private SQLAlchemy hooks, with a copy of ``Result`` of our own; that saved 0.1-0.15 ms per
statement, under 1% of a screen's opening, to meet a per-statement ratio target now retired.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any, cast

import psycopg
import sqlalchemy
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

from hotdash_tui.db.queries import all_queries, planned_per_value, query

# The engine's dialect (db/engine.py); a text() clause compiles alike on every instance.
_DIALECT = PGDialect_psycopg()  # type: ignore[no-untyped-call]  # SQLAlchemy's own annotations


def run(
    conn: sqlalchemy.Connection, name: str, params: Mapping[str, Any] | None = None
) -> sqlalchemy.CursorResult[Any]:
    """Runs the named query on ``conn``: ``conn.execute(query(name), params)``.

    A query marked ``-- plan: per value`` is never prepared, so that Postgres plans it for
    the values it is given each time (psycopg prepares a statement after five runs, and a
    prepared statement may get a generic plan, blind to a rare status or stage)."""
    clause = query(name)
    parameters = dict(params or {})
    if not planned_per_value(name):
        return conn.execute(clause, parameters)
    with _never_prepared(conn):
        return conn.execute(clause, parameters)


@contextmanager
def _never_prepared(conn: sqlalchemy.Connection) -> Iterator[None]:
    # prepare_threshold is psycopg's per-connection switch (None: never prepare); the pooled
    # connection serves this thread alone until it is returned, and gets its value back.
    driver = cast("psycopg.Connection[Any]", conn.connection.driver_connection)
    threshold = driver.prepare_threshold
    driver.prepare_threshold = None
    try:
        yield
    finally:
        driver.prepare_threshold = threshold


@cache
def compiled_sql(name: str) -> str:
    """The ``%(param)s`` text SQLAlchemy sends for ``query(name)`` (what statement events see)."""
    return str(query(name).compile(dialect=_DIALECT))


@cache
def names_by_sql() -> dict[str, str]:
    """Every named query by the text :func:`compiled_sql` sends: statement events name it."""
    return {compiled_sql(name): name for name in all_queries()}
