"""How the browser's rows read as table cells, and which columns fit a terminal's width.

A browsed table's columns are known only by reflection, so their widths come from their
types: the key columns first, then the others in the table's order while they fit; the last
text column shown takes the room that is left."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from rich.text import Text

from hotdash_tui.db.tables.model import ColumnShape, Hidden, TableEntry, TableShape
from hotdash_tui.formatting import as_utc
from hotdash_tui.widgets.columns import Column, fit

WIDTHS = {
    "int": 9, "number": 11, "uuid": 9, "time": 17, "date": 11, "bool": 6, "text": 18,
    "json": 22, "array": 18, "bytes": 14, "other": 14,
}  # fmt: skip
MIN_LAST = 8  # a column narrower than this is left out rather than shown cut to nothing


def value_text(value: Any, column: ColumnShape | None = None) -> str:
    """One line for a cell: a UUID by its first 8 digits, times to the minute (UTC)."""
    if value is None:
        return "-"
    if isinstance(value, Hidden):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{as_utc(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)[:8]
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return " ".join(str(value).split())


def row_columns(shape: TableShape, width: int) -> tuple[Column, ...]:
    """The columns shown at ``width``: key columns first, then the others while they fit."""
    room = width - 2  # the vertical scrollbar
    ordered = [shape.column(k) for k in shape.key]
    ordered += [c for c in shape.columns if c.name not in shape.key]
    chosen: list[Column] = []
    used = 0
    for column in ordered:
        if column is None:
            continue
        wanted = max(WIDTHS[column.kind], min(len(column.name) + 1, 14))
        if column.kind == "uuid" and column.name in shape.key:
            wanted = 9
        if used + wanted > room:
            if room - used >= MIN_LAST:
                chosen.append(Column(column.name, column.name, room - used))
                used = room
            break
        chosen.append(Column(column.name, column.name, wanted))
        used += wanted
    if chosen and used < room:  # the spare room to the last column shown
        last = chosen[-1]
        chosen[-1] = Column(last.key, last.label, last.width + room - used)
    return tuple(chosen)


def row_cells(row: dict[str, Any], columns: tuple[Column, ...]) -> list[Text]:
    return [fit(value_text(row.get(c.key)), c.width) for c in columns]


def entry_columns(width: int) -> tuple[Column, ...]:
    wide = width >= 110
    fixed = [
        Column("seed", "seed", 5),
        Column("rows", "rows~", 10),
        Column("rls", "rls", 4),
        Column("rights", "you may", 21),
    ]
    if wide:
        fixed.insert(0, Column("system", "system", 21))
    rest = max(16, width - sum(c.width for c in fixed) - 2)
    return (Column("table", "table", rest), *fixed)


def entry_cells(entry: TableEntry, columns: tuple[Column, ...]) -> list[Text]:
    kind = "" if entry.kind == "table" else f" ({entry.kind})"
    rows = "?" if entry.estimated_rows is None else f"{entry.estimated_rows:,}"
    values = {
        "table": entry.qualified + kind,
        "system": entry.system,
        "seed": entry.seed or "-",
        "rows": rows,
        "rls": "on" if entry.rls else "-",
        "rights": entry.rights,
    }
    return [fit(values[c.key], c.width) for c in columns]
