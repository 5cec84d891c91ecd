"""Reading a browsed table: keyset windows in key order (or an indexed column's), a capped
count, one whole row, and every matching row in windows for an export.

Statements are SQLAlchemy Core over the reflected table: identifiers come from reflection and
values are bound. Secrets never leave the server: a bytea column is read as its length, and a
column whose name says secret only as whether it is set, unless one row is asked for with
``reveal`` (and the role may read it: Postgres decides)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, cast

import sqlalchemy
from sqlalchemy import ColumnElement, Select, and_, func, or_, select, tuple_

from hotdash_tui.db.engine import reading
from hotdash_tui.db.sql import contains_pattern
from hotdash_tui.db.tables.model import (
    Condition,
    Hidden,
    Order,
    RowFilter,
    RowWindow,
    TableCursor,
    TableShape,
)

COUNT_CAP = 10_000
_CURSOR = "hotdash_cursor_"  # labels of the raw order columns read beside a row
_SORTABLE = frozenset({"int", "number", "text", "time", "date", "bool", "uuid"})


def _shown(shape: TableShape, reveal: bool = False) -> list[ColumnElement[Any]]:
    table = shape.table
    out: list[ColumnElement[Any]] = []
    for column in shape.columns:
        raw = table.c[column.name]
        if column.length_only:
            out.append(func.octet_length(raw).label(column.name))
        elif column.masked and not reveal:
            out.append(raw.is_not(None).label(column.name))
        else:
            out.append(raw.label(column.name))
    return out


def _row(shape: TableShape, row: sqlalchemy.Row[Any], reveal: bool = False) -> dict[str, Any]:
    values = row._mapping
    out: dict[str, Any] = {}
    for column in shape.columns:
        value = values[column.name]
        if column.length_only and value is not None:
            value = Hidden(int(value))
        elif column.masked and not reveal:
            value = Hidden(None) if value else None
        out[column.name] = value
    return out


def _condition(shape: TableShape, condition: Condition) -> ColumnElement[bool]:
    column: ColumnElement[Any] = shape.table.c[condition.column]
    value = condition.value
    # Comparisons of a column of Any are typed Any; each is a boolean clause.
    if condition.op == "=":
        return cast("ColumnElement[bool]", column == value)
    if condition.op == ">":
        return cast("ColumnElement[bool]", column > value)
    if condition.op == "<":
        return cast("ColumnElement[bool]", column < value)
    if condition.op == "between":
        return column.between(value, condition.upper)
    return sqlalchemy.literal(value) == sqlalchemy.any_(column)


def where_of(shape: TableShape, spec: RowFilter, now: datetime) -> list[ColumnElement[bool]]:
    clauses = [_condition(shape, c) for c in spec.conditions]
    if spec.since is not None and spec.since_column:
        clauses.append(shape.table.c[spec.since_column] >= now - spec.since)
    if spec.text:
        pattern = contains_pattern(spec.text)
        clauses.append(
            or_(
                *(
                    sqlalchemy.cast(shape.table.c[name], sqlalchemy.Text).ilike(
                        pattern, escape="\\"
                    )
                    for name in shape.text_columns
                )
            )
        )
    return clauses


def order_columns(shape: TableShape, order: Order) -> list[str]:
    key = list(shape.key)
    if order.column is None:
        return key
    return [order.column, *(k for k in key if k != order.column)]


def _window_select(
    shape: TableShape,
    where: list[ColumnElement[bool]],
    order: Order,
    after: TableCursor | None,
    limit: int,
) -> tuple[Select[Any], list[str]]:
    """The statement of one window and the columns its cursor holds."""
    table = shape.table
    names = order_columns(shape, order)
    nullable = order.column is not None and bool(table.c[order.column].nullable)
    in_nulls = after is not None and after.nulls
    if in_nulls:  # the rows without a value, in key order, after every row with one
        assert order.column is not None
        names = [n for n in names if n != order.column]
        where = [*where, table.c[order.column].is_(None)]
    elif nullable:
        assert order.column is not None
        where = [*where, table.c[order.column].is_not(None)]
    keyed = [table.c[n] for n in names]
    statement = select(*_shown(shape), *(c.label(f"{_CURSOR}{i}") for i, c in enumerate(keyed)))
    if after is not None and after.values and names:
        bound = tuple_(*keyed)
        values = tuple_(
            *(sqlalchemy.literal(v, type_=c.type) for v, c in zip(after.values, keyed, strict=True))
        )
        where = [*where, bound < values if order.descending else bound > values]
    if where:
        statement = statement.where(and_(*where))
    if keyed:
        statement = statement.order_by(*(c.desc() if order.descending else c.asc() for c in keyed))
    else:  # a view without a key: by position, over an order of every column that sorts
        sortable = [table.c[c.name] for c in shape.columns if c.kind in _SORTABLE]
        statement = statement.order_by(*sortable).offset(after.offset if after else 0)
    return statement.limit(limit), names


def _read_window(
    conn: sqlalchemy.Connection,
    shape: TableShape,
    where: list[ColumnElement[bool]],
    order: Order,
    after: TableCursor | None,
    limit: int,
) -> RowWindow:
    statement, names = _window_select(shape, where, order, after, limit)
    raw = conn.execute(statement).all()
    rows = tuple(_row(shape, r) for r in raw)
    nulls = after is not None and after.nulls
    if not names:  # by position
        offset = (after.offset if after else 0) + len(rows)
        return RowWindow(rows, TableCursor(offset=offset) if len(rows) == limit else None)
    if len(rows) == limit:
        last = raw[-1]._mapping
        values = tuple(last[f"{_CURSOR}{i}"] for i in range(len(names)))
        return RowWindow(rows, TableCursor(values, nulls))
    nullable = order.column is not None and bool(shape.table.c[order.column].nullable)
    if nullable and not nulls:  # the values are done: on to the rows without one
        rest = _read_window(conn, shape, where, order, TableCursor((), True), limit - len(rows))
        return RowWindow(rows + rest.rows, rest.next_cursor)
    return RowWindow(rows, None)


def read_window(
    engine: sqlalchemy.Engine,
    shape: TableShape,
    spec: RowFilter,
    order: Order,
    now: datetime,
    *,
    after: TableCursor | None = None,
    limit: int = 100,
) -> RowWindow:
    """The ``limit`` rows after ``after`` (from the first when None) in ``order``."""
    with reading(engine, each_statement=True) as conn:
        return _read_window(conn, shape, where_of(shape, spec, now), order, after, limit)


def read_first(
    engine: sqlalchemy.Engine,
    shape: TableShape,
    spec: RowFilter,
    order: Order,
    now: datetime,
    limit: int = 100,
) -> tuple[RowWindow, int | None]:
    """The first window and how many rows match (capped at COUNT_CAP + 1); with no filter
    the planner's estimate stands in (None when the table was never analyzed)."""
    where = where_of(shape, spec, now)
    with reading(engine, each_statement=True) as conn:
        window = _read_window(conn, shape, where, order, None, limit)
        if spec.is_empty and window.next_cursor is not None:
            return window, shape.entry.estimated_rows
        if window.next_cursor is None:
            return window, len(window.rows)
        capped = select(sqlalchemy.literal(1)).select_from(shape.table)
        if where:
            capped = capped.where(and_(*where))
        counted = select(func.count()).select_from(capped.limit(COUNT_CAP + 1).subquery())
        return window, int(conn.execute(counted).scalar_one())


def iter_windows(
    engine: sqlalchemy.Engine,
    shape: TableShape,
    spec: RowFilter,
    order: Order,
    now: datetime,
    size: int = 1_000,
) -> Iterator[tuple[dict[str, Any], ...]]:
    """Every matching row, one window at a time (memory stays flat at any size)."""
    after: TableCursor | None = None
    while True:
        window = read_window(engine, shape, spec, order, now, after=after, limit=size)
        if window.rows:
            yield window.rows
        if window.next_cursor is None:
            return
        after = window.next_cursor


def read_row(
    engine: sqlalchemy.Engine,
    shape: TableShape,
    match: Mapping[str, Any],
    *,
    reveal: bool = False,
) -> dict[str, Any] | None:
    """The row whose ``match`` columns hold these values (its key, or what a foreign key
    references); ``reveal`` reads its secrets too. None when no row matches."""
    table = shape.table
    statement = select(*_shown(shape, reveal)).where(
        and_(*(table.c[name] == value for name, value in match.items()))
    )
    with reading(engine, each_statement=True) as conn:
        row = conn.execute(statement.limit(1)).first()
    return None if row is None else _row(shape, row, reveal)
