"""A browsed table's `/` filter: the words of every screen's filter, typed by the table's columns.

``status:failed``, ``rating>3``, ``created_at<2026-11-30``, ``since:7d`` and free text, which
is looked for (literally, as elsewhere) in the table's text columns. A term names a column the
table was reflected with; its value is read by the column's type here, so a wrong value is one
sentence before anything runs, and bound as a parameter later, never spliced into SQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from hotdash_tui.db.tables.model import ColumnShape, Condition, Op, RowFilter, TableShape
from hotdash_tui.filters import FilterError, parse_since, tokenize

SMALL_TABLE = 10_000  # ordering by a column no index serves is offered up to this many rows
SCAN_WARN_ROWS = 100_000  # a filter no index serves reads the whole table above this
_TRUE = frozenset({"true", "t", "yes", "y", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "0"})
_ORDERED = frozenset({"int", "number", "time", "date", "text", "uuid"})
_TICK = timedelta(microseconds=1)


def _split(token: str) -> tuple[str, str, str] | None:
    """``name``, the operator and the value of a term; None for a word of free text."""
    at = min((i for i in (token.find(":"), token.find(">"), token.find("<")) if i > 0), default=-1)
    if at < 0:
        return None
    return token[:at], token[at], token[at + 1 :]


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _value(column: ColumnShape, op: str, text: str) -> Condition:
    """The condition ``column op text`` with its value read by the column's type."""
    name, kind = column.name, column.kind
    if op != ":" and kind not in _ORDERED:
        raise FilterError(f'"{name}{op}" compares numbers, times and text; {name} is not one.')
    try:
        if kind == "int":
            return Condition(name, _op(op), int(text))
        if kind == "number":
            return Condition(name, _op(op), Decimal(text))
        if kind == "date":
            return Condition(name, _op(op), date.fromisoformat(text))
        if kind == "time":
            if op == ":" and len(text) == 10:  # a date alone: that whole day (UTC)
                day = datetime.combine(date.fromisoformat(text), time(), UTC)
                return Condition(name, "between", day, day + timedelta(days=1) - _TICK)
            return Condition(name, _op(op), _moment(text))
        if kind == "bool":
            if text.lower() not in _TRUE | _FALSE:
                raise ValueError(text)
            return Condition(name, "=", text.lower() in _TRUE)
        if kind == "uuid":
            return _uuid_condition(name, op, text)
        if kind == "array":
            return Condition(name, "any", text)
        if kind == "text":
            if column.choices and op == ":" and text not in column.choices:
                choices = ", ".join(column.choices)
                raise FilterError(f'"{name}:{text}" is not one of {name}: {choices}.')
            return Condition(name, _op(op), text)
    except (ValueError, InvalidOperation) as exc:
        raise FilterError(f'"{name}{op}{text}" does not read as {_kind_words(column)}.') from exc
    raise FilterError(f"{name} ({column.type_name}) cannot be filtered; use free text or another.")


def _op(op: str) -> Op:
    return "=" if op == ":" else ">" if op == ">" else "<"


def _uuid_condition(name: str, op: str, text: str) -> Condition:
    """A whole UUID, or its first hex digits (what a list shows) as a range of UUIDs."""
    digits = text.replace("-", "").lower()
    if len(digits) == 32 or op != ":":
        return Condition(name, _op(op), uuid.UUID(text))
    if not digits or any(c not in "0123456789abcdef" for c in digits):
        raise ValueError(text)
    low, high = digits.ljust(32, "0"), digits.ljust(32, "f")
    return Condition(name, "between", uuid.UUID(low), uuid.UUID(high))


def _kind_words(column: ColumnShape) -> str:
    return {
        "int": "a whole number",
        "number": "a number",
        "date": "a date like 2026-11-30",
        "time": "a time like 2026-11-30 or 2026-11-30T14:00",
        "bool": "true or false",
        "uuid": "a UUID or its first digits",
    }.get(column.kind, column.type_name)


def parse_row_filter(line: str, shape: TableShape) -> tuple[RowFilter, str]:
    """The filter ``line`` means on this table, and its label for the header."""
    conditions: list[Condition] = []
    words: list[str] = []
    labels: list[str] = []
    since: timedelta | None = None
    by_name = {c.name: c for c in shape.columns}
    folded = {c.name.lower(): c for c in shape.columns}
    for token in tokenize(line):
        parts = _split(token)
        if parts is None:
            words.append(token)
            continue
        name, op, value = parts
        if name.lower() == "since" and op == ":" and "since" not in by_name:
            if shape.time_column is None:
                raise FilterError(f"{shape.entry.qualified} has no time column for since:.")
            since = parse_since(value)
            labels.append(f"since:{value}")
            continue
        column = by_name.get(name) or folded.get(name.lower())
        if column is None:
            if name.isidentifier():
                raise FilterError(f'{shape.entry.qualified} has no column "{name}".')
            words.append(token)  # "10:41", "a<b": text, not a term
            continue
        if column.hidden:
            raise FilterError(f"{column.name} holds a secret; it cannot be filtered on.")
        if not value:
            raise FilterError(f'"{name}{op}" needs a value after the {op}.')
        conditions.append(_value(column, op, value))
        labels.append(f"{column.name}{op}{value}")
    text = " ".join(words).strip()
    if text and not shape.text_columns:
        raise FilterError(f"{shape.entry.qualified} has no text to search; use column:value.")
    if text:
        labels.append(f'"{text}"' if " " in text else text)
    spec = RowFilter(tuple(conditions), shape.time_column if since else None, since, text)
    return spec, " ".join(labels)


def scan_warning(shape: TableShape, spec: RowFilter) -> str | None:
    """One sentence when no index serves the filter on a big table (it reads every row)."""
    rows = shape.entry.estimated_rows or 0
    if spec.is_empty or rows < SCAN_WARN_ROWS:
        return None
    served = {c.column for c in spec.conditions} | ({spec.since_column} if spec.since else set())
    if served & shape.indexed:
        return None
    return (
        f"No index serves this filter: it reads all ~{rows:,} rows of {shape.entry.qualified}"
        " and stops at the statement timeout."
    )


def filter_help(shape: TableShape) -> list[tuple[str, str]]:
    """The terms this table takes, for `?`."""
    lines = [("column:value", "equal to it; e.g. " + _example(shape))]
    lines.append(("column>value", "above (or < below) it: numbers, times, dates, text"))
    if shape.time_column:
        lines.append(("since:", f"{shape.time_column} in the last 30m, 24h, 7d or 2w"))
    if shape.text_columns:
        lines.append(('"words"', "text in " + ", ".join(shape.text_columns[:4])))
    return lines


def _example(shape: TableShape) -> str:
    sample: dict[str, Any] = {"int": "3", "bool": "true", "date": "2026-11-30", "text": "word"}
    for column in shape.columns:
        if column.kind in sample and not column.hidden:
            return f"{column.name}:{column.choices[0] if column.choices else sample[column.kind]}"
    return "id:1a2b"


def order_column(shape: TableShape, name: str | None) -> str | None:
    """The column to order by for a name the user gave (None: the key); an unindexed one
    only on a small table, where sorting every row is quick."""
    if name is None:
        return None
    column = shape.column(name) or next(
        (c for c in shape.columns if c.name.lower() == name.lower()), None
    )
    if column is None:
        raise FilterError(f'{shape.entry.qualified} has no column "{name}".')
    if shape.key[:1] == (column.name,):
        return None
    if column.name in shape.orderable:
        return column.name
    plain = column.kind not in {"json", "array", "bytes", "other"} and not column.hidden
    if plain and (shape.entry.estimated_rows or 0) <= SMALL_TABLE:
        return column.name
    orders = ", ".join(shape.orderable) or "its key"
    raise FilterError(
        f"No index serves ordering {shape.entry.qualified} by {column.name}; use {orders}."
    )
