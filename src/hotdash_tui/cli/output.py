"""How the quick checks print their rows: a table for people, JSON or CSV for programs.

Every command turns its rows into records: dicts with the same snake_case keys in the same
order every time, holding plain values (str, int, Decimal, bool, date/datetime, UUID, a tuple
of str, or None). This module alone decides how those values are written:

- ``json``: a list of objects. Decimals are numbers, dates and times ISO 8601 (times in UTC,
  with their offset), null is null.
- ``csv``: a header of the keys, then one line per record. Dates as in JSON, null is an empty
  field, booleans ``true``/``false``, a list is its items joined by ``;``.
- ``table``: on a terminal a Rich table (NO_COLOR is honoured by Rich); when stdout is not
  a terminal the same columns as plain text, two spaces apart, with no color, box or cut,
  so ``grep`` and ``awk`` read it. ``table`` stays the default in both cases.
"""

from __future__ import annotations

import csv
import json
import sys
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from hotdash_tui.formatting import as_utc

if TYPE_CHECKING:
    from hotdash_tui.cli.records import Listing

Record = dict[str, Any]
WIDE_MIN = 20  # a title or summary narrower than this says too little; drop a column instead


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def json_value(value: Any) -> Any:
    """A record's value as JSON holds it."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, Decimal):
        # A whole number stays an int; otherwise the shortest float that reads back the
        # same, which for DECIMAL(p, 2) money and percentages is the stored digits.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, tuple | list):
        return [json_value(v) for v in value]
    return value


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ";".join(_csv_value(v) for v in value)
    return str(value)


def _cell(value: Any) -> str:
    """A value as a person reads it in a table: minutes are enough, nothing is ``None``."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return as_utc(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ", ".join(_cell(v) for v in value) or "-"
    return " ".join(str(value).split())  # one line per row, whatever the text holds


def write_json(records: Sequence[Record], out: TextIO) -> None:
    data = [{key: json_value(value) for key, value in r.items()} for r in records]
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_csv(fields: Sequence[str], records: Iterable[Record], out: TextIO) -> None:
    write_csv_rows(fields, records, out)


def write_csv_rows(
    fields: Sequence[str], records: Iterable[Record], out: TextIO, *, header: bool = True
) -> None:
    """CSV lines of ``records``; ``header``: the keys first (a stream's first window)."""
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(fields)
    for record in records:
        writer.writerow([_csv_value(record.get(key)) for key in fields])


class JsonStream:
    """A JSON list written one window at a time, as ``write_json`` writes a whole one."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.first = True

    def __enter__(self) -> JsonStream:
        self.out.write("[")
        return self

    def write_all(self, records: Iterable[Record]) -> None:
        for record in records:
            data = {key: json_value(value) for key, value in record.items()}
            text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
            self.out.write(("\n  " if self.first else ",\n  ") + text.replace("\n", "\n  "))
            self.first = False

    def __exit__(self, *exc: object) -> None:
        self.out.write("]\n" if self.first else "\n]\n")


def write_record_windows(
    out: TextIO, fmt: str, fields: Sequence[str], windows: Iterable[Sequence[Record]]
) -> int:
    """Every window to ``out`` as JSON (one list) or CSV (a header, even with no rows), as it
    is read; the number of records written."""
    count = 0
    if fmt == "json":
        with JsonStream(out) as stream:
            for records in windows:
                stream.write_all(records)
                count += len(records)
        return count
    header = True
    for records in windows:
        write_csv_rows(fields, records, out, header=header)
        header = False
        count += len(records)
    if header:
        write_csv_rows(fields, [], out)
    return count


def write_listing(fmt: Format, listing: Listing) -> int:
    """A check's windows as they are read, in ``fmt``; the number of records written. On a
    terminal each window is a table of its own (titled by the board's stage, whose column it
    then leaves out); piped, the lines of every window follow one header."""
    if fmt is not Format.TABLE:
        windows = (window.records for window in listing.windows)
        return write_record_windows(sys.stdout, fmt.value, listing.fields, windows)
    count = 0
    terminal = is_terminal()
    for window in listing.windows:
        if not window.records:
            continue
        if terminal:
            columns = listing.columns
            if window.title and listing.titled:
                columns = {k: v for k, v in columns.items() if k != listing.titled}
            _rich_table(window.title, columns, window.records, listing.wide)
        else:
            _plain_table(None, listing.columns, window.records, sys.stdout, header=not count)
        count += len(window.records)
    return count


def _plain_table(
    title: str | None,
    columns: Mapping[str, str],
    records: Sequence[Record],
    out: TextIO,
    *,
    header: bool = True,
) -> None:
    rows = [[_cell(r.get(key)) for key in columns] for r in records]
    heading = list(columns.values())
    widths = [max(len(x) for x in column) for column in zip(heading, *rows, strict=True)]
    if title:
        out.write(title + "\n")
    for line in ([heading] if header else []) + rows:
        out.write("  ".join(x.ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
        out.write("\n")


def _fitting(widths: dict[str, int], wide: Sequence[str], room: int) -> list[str]:
    """The columns that fit ``room``: the first column (the id) and the ``wide`` ones always;
    the others are dropped from the right until the rest fit (JSON and CSV keep them all)."""
    keys = list(widths)
    kept = list(keys)

    def needed() -> int:
        # Each column pads one space either side and is one space from the next; the
        # table's outer edges have neither (show_edge and pad_edge off).
        return sum((WIDE_MIN if k in wide else widths[k]) + 3 for k in kept) - 3

    for key in reversed(keys[1:]):
        if needed() <= room:
            break
        if key not in wide:
            kept.remove(key)
    return kept


def _rich_table(
    title: str | None,
    columns: Mapping[str, str],
    records: Sequence[Record],
    wide: Sequence[str],
) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    cells = {key: [_cell(r.get(key)) for r in records] for key in columns}
    widths = {key: max([len(label), *map(len, cells[key])]) for key, label in columns.items()}
    kept = _fitting(widths, wide, console.width)
    table = Table(
        title=title,
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        highlight=False,
    )
    others = sum(widths[k] + 3 for k in kept if k not in wide) - 3
    spare = max(8, (console.width - others) // max(1, sum(k in wide for k in kept)) - 3)
    for key in kept:
        if key in wide:
            table.add_column(columns[key], overflow="ellipsis", no_wrap=True, max_width=spare)
        else:  # ids, figures and dates stay whole; only the ``wide`` text gives way
            table.add_column(columns[key], no_wrap=True, min_width=widths[key])
    for n in range(len(records)):
        table.add_row(*(cells[key][n] for key in kept))
    console.print(table)


def is_terminal(out: TextIO | None = None) -> bool:
    stream = out or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def write_table(
    columns: Mapping[str, str],
    records: Sequence[Record],
    *,
    title: str | None = None,
    wide: Sequence[str] = (),
) -> None:
    """``columns`` maps record keys to their headings; ``wide`` columns give way on a
    narrow terminal (cut with …) so the others stay whole."""
    if is_terminal():
        _rich_table(title, columns, records, wide)
    else:
        _plain_table(title, columns, records, sys.stdout)


def write_records(
    fmt: Format,
    fields: Sequence[str],
    records: Sequence[Record],
    *,
    columns: Mapping[str, str],
    title: str | None = None,
    wide: Sequence[str] = (),
) -> None:
    """The records in ``fmt``; the table shows ``columns`` only, JSON and CSV every field."""
    if fmt is Format.JSON:
        write_json(records, sys.stdout)
    elif fmt is Format.CSV:
        write_csv(fields, records, sys.stdout)
    else:
        write_table(columns, records, title=title, wide=wide)
