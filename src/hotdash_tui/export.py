"""Rows written to a file as they are read: a browsed table's export (key 7, `e` / `E`).

The file is written under a temporary name beside it and renamed when complete, so a failed
export never leaves half a file under the name it reports."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from hotdash_tui.cli.output import Record, write_record_windows
from hotdash_tui.db.tables.model import Hidden


def record_of(row: dict[str, Any], as_json: bool) -> Record:
    """A row as a file or the shell gets it: hidden values as their words, JSON documents as
    JSON text in CSV and tables (a dict has no other plain form)."""
    out: Record = {}
    for key, value in row.items():
        if isinstance(value, Hidden):
            value = str(value)
        elif not as_json and isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False, default=str)
        out[key] = value
    return out


def write_windows(
    out: TextIO, fmt: str, fields: list[str], windows: Iterable[tuple[dict[str, Any], ...]]
) -> int:
    """Every window to ``out`` as JSON (one list) or CSV (a header, even with no rows), as it
    is read; the number of rows written. A browsed table's ``e`` / ``E`` write
    through here."""
    records = ([record_of(r, fmt == "json") for r in rows] for rows in windows)
    return write_record_windows(out, fmt, fields, records)


def export_rows(
    path: Path, fmt: str, fields: list[str], windows: Iterable[tuple[dict[str, Any], ...]]
) -> int:
    """Writes every window to ``path`` as CSV or JSON; the number of rows written."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = write_windows(out, fmt, fields, windows)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count
