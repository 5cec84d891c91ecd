"""How records are written: values programs can read back, a table a person can."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from hotdash_tui.cli import output as cli_output
from hotdash_tui.cli.output import Format, write_csv, write_json, write_records

RECORD = {
    "id": uuid.UUID(int=7),
    "price": Decimal("12.30"),
    "count": Decimal("3"),
    "seen_at": datetime(2026, 11, 2, 10, 41),  # seed 000 keeps naive UTC
    "day": date(2026, 11, 2),
    "tags": ("a", "b c"),
    "ok": True,
    "note": None,
}


def test_json_has_numbers_iso_times_with_offset_and_nulls() -> None:
    out = io.StringIO()
    write_json([RECORD], out)
    [data] = json.loads(out.getvalue())
    assert data == {
        "id": "00000000-0000-0000-0000-000000000007",
        "price": 12.3,
        "count": 3,
        "seen_at": "2026-11-02T10:41:00+00:00",
        "day": "2026-11-02",
        "tags": ["a", "b c"],
        "ok": True,
        "note": None,
    }
    assert isinstance(data["count"], int)


def test_csv_has_a_header_and_reads_back() -> None:
    out = io.StringIO()
    write_csv(list(RECORD), [RECORD], out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row == {
        "id": "00000000-0000-0000-0000-000000000007",
        "price": "12.30",
        "count": "3",
        "seen_at": "2026-11-02T10:41:00+00:00",
        "day": "2026-11-02",
        "tags": "a;b c",
        "ok": "true",
        "note": "",
    }
    assert datetime.fromisoformat(row["seen_at"]) == datetime(2026, 11, 2, 10, 41, tzinfo=UTC)


def test_a_table_on_a_pipe_is_plain_aligned_text(capsys: pytest.CaptureFixture[str]) -> None:
    write_records(
        Format.TABLE, list(RECORD), [RECORD, RECORD | {"note": "two\nlines"}],
        columns={"price": "price", "note": "note", "seen_at": "seen"},
    )  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "price  note       seen",
        "12.30  -          2026-11-02 10:41",
        "12.30  two lines  2026-11-02 10:41",
    ]


def test_a_table_on_a_terminal_keeps_ids_whole_and_cuts_the_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_output, "is_terminal", lambda out=None: True)
    monkeypatch.setenv("COLUMNS", "60")
    item = "tasks:" + str(uuid.UUID(int=1))
    long = {"id": item, "what": "word " * 40, "n": 5}
    cli_output.write_table({"id": "id", "n": "n", "what": "what"}, [long], wide=("what",))
    out = capsys.readouterr().out
    assert item in out
    assert "…" in out
    assert all(len(line) <= 60 for line in out.splitlines())
