"""Several named queries read by one statement: one round trip and one snapshot.

Each query becomes a column of a one-row SELECT, its rows aggregated as JSON; each part's
rows come back as objects with the query's column names, as SQLAlchemy's rows have them. A
screen that read its figures with four statements in a transaction sent six messages, each a
round trip (180 ms at a database 30 ms away, benchmarks section 10); one statement is one,
and sees one moment of the database, as REPEATABLE READ would.

JSON carries numbers, text, booleans and arrays as the driver gives them, with two
differences the parts name: numbers with a fraction are read as Decimal (numeric's type in
Python) and times, dates and UUIDs come as text, which each part's ``types`` turns back.
The named queries' bound names must not clash unless they mean the same value.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import Any

import sqlalchemy

from hotdash_tui.db.sql import sql_text

Parse = Callable[[str], Any]

AS_TIME: Parse = datetime.fromisoformat
AS_DATE: Parse = date.fromisoformat
AS_UUID: Parse = uuid.UUID


@dataclass(frozen=True)
class Part:
    """One named query of a combined read, and how to make its JSON columns values again."""

    query: str
    types: Mapping[str, Parse] = field(default_factory=dict)
    """Columns that JSON gives as text: a time, a date or a UUID, by their parser."""

    def rows(self, rows_json: str) -> list[SimpleNamespace]:
        rows = []
        for fields in json.loads(rows_json, parse_float=Decimal):
            for column, parse in self.types.items():
                if fields.get(column) is not None:
                    fields[column] = parse(fields[column])
            rows.append(SimpleNamespace(**fields))
        return rows


def statement(parts: Mapping[str, Part]) -> sqlalchemy.TextClause:
    """The one-row SELECT of ``parts``: a column per part, named by its key."""
    return _statement(tuple((key, part.query) for key, part in parts.items()))


_COLUMN = re.compile(r"[a-z_][a-z0-9_]*")


@cache
def _statement(queries: tuple[tuple[str, str], ...]) -> sqlalchemy.TextClause:
    # The text is composed only of what the code names: each query comes from sql/ by name
    # (sql_text refuses any other), each column name must be a plain identifier, and every
    # value stays a bound parameter of the queries themselves.
    for key, _ in queries:
        if not _COLUMN.fullmatch(key):
            raise ValueError(f"a part's key is a column name, not {key!r}")
    # Postgres aggregates a subquery's rows in the order it returns them: each query's own
    # ORDER BY. A query's text may end in a comment line, hence the newline before ")".
    columns = ",\n".join(
        f"(SELECT coalesce(json_agg(part), '[]')::text FROM (\n{sql_text(query)}\n) AS part)"
        f" AS {key}"
        for key, query in queries
    )
    names = ", ".join(query for _, query in queries)
    return sqlalchemy.text(f"-- together: {names}\nSELECT\n{columns}")


def read_together(
    conn: sqlalchemy.Connection, parts: Mapping[str, Part], params: Mapping[str, Any]
) -> dict[str, list[SimpleNamespace]]:
    """Every part's rows, by its key, read by one statement."""
    row = conn.execute(statement(parts), dict(params)).one()
    return {key: part.rows(getattr(row, key)) for key, part in parts.items()}
