"""Named queries: ``sql/*.sql`` files of ``-- name: <query_name>`` blocks, loaded once, and
run on a SQLAlchemy Connection the way SQLAlchemy documents: ``Connection.execute(text(...),
params)``, returning its ``CursorResult``.

Keeping SQL in files lets a DBA read and EXPLAIN every statement the dashboard runs, and lets
the benchmarks run each one by name beside the same text sent to Postgres. Until issue 16 the
statement went to a psycopg cursor through three private SQLAlchemy hooks, with a copy of
``Result`` of our own; that saved 0.1-0.15 ms per statement, under 1% of a screen's opening,
for a per-statement ratio target now retired.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, cast

import psycopg
import sqlalchemy
from sqlalchemy import TextClause, text
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

from hotdash_tui.resources import sql_dir

_NAME_LINE = re.compile(r"^--\s*name:\s*(?P<name>[a-z_][a-z0-9_]*)\s*$", re.MULTILINE)
_PER_VALUE_LINE = re.compile(r"^--\s*plan:\s*per value\s*$", re.MULTILINE)


class UnknownQuery(KeyError):
    """A query name that no file in sql/ defines."""


def parse_named_queries(source: str, origin: str = "<string>") -> dict[str, str]:
    """The ``name -> SQL`` blocks of one file; a name defined twice is an error."""
    queries: dict[str, str] = {}
    marks = list(_NAME_LINE.finditer(source))
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(source)
        body = source[mark.end() : end].strip().rstrip(";").strip()
        name = mark["name"]
        if name in queries:
            raise ValueError(f"{origin} defines the query {name} twice")
        if not body:
            raise ValueError(f"{origin} has no SQL under the query {name}")
        queries[name] = body
    return queries


@cache
def all_queries(folder: Path | None = None) -> dict[str, str]:
    """Every named query of every file in sql/, across files unique by name."""
    folder = folder or sql_dir()
    merged: dict[str, str] = {}
    for path in sorted(folder.glob("*.sql")):
        for name, body in parse_named_queries(path.read_text(encoding="utf-8"), path.name).items():
            if name in merged:
                raise ValueError(f"the query {name} is defined in more than one file of sql/")
            merged[name] = body
    return merged


def sql_text(name: str) -> str:
    """The SQL of a named query, as written in its file."""
    try:
        return all_queries()[name]
    except KeyError:
        raise UnknownQuery(name) from None


@cache
def planned_per_value(name: str) -> bool:
    """Whether the query's block says ``-- plan: per value``: it must never be prepared, so
    that Postgres plans it for the values it is sent every time (an unnamed statement gets
    a custom plan) instead of keeping a generic plan blind to them."""
    return _PER_VALUE_LINE.search(sql_text(name)) is not None


@cache
def query(name: str) -> TextClause:
    """A named query ready for ``connection.execute(query(name), params)``.

    One clause per name, built once: a TextClause is immutable, and the same object lets
    SQLAlchemy find its compiled form without parsing the text for bind names again."""
    return text(sql_text(name))


def contains_pattern(needle: str) -> str:
    """An ``ILIKE ... ESCAPE '\\'`` pattern matching ``needle`` anywhere, taken literally:
    ``%`` and ``_`` typed by a user are characters to find, not wildcards."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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
