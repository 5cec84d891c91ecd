"""The error log on a real database: newest first in keyset windows, levels at and above the
one asked for, a capped count, and a line's trace."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.logs.model import LogCursor, LogFilter
from hotdash_tui.db.logs.read import count_logs, load_logs, load_trace
from tests.conftest import FIXED_NOW


def ids(engine: sqlalchemy.Engine, where: str, **params: Any) -> list[int]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT id FROM public.observability_logs WHERE {where}"
                " ORDER BY created_at DESC, id DESC"
            ),
            params,
        )
        return [r.id for r in rows]


def every(engine: sqlalchemy.Engine, spec: LogFilter, size: int) -> list[int]:
    got: list[int] = []
    after: LogCursor | None = None
    for _ in range(10_000):  # bounded: a regression fails, it does not hang
        window = load_logs(engine, spec, FIXED_NOW, after=after, limit=size)
        got += [line.id for line in window.lines]
        if window.next_cursor is None:
            return got
        after = window.next_cursor
    raise AssertionError("the windows never ended")


@pytest.mark.parametrize(
    ("spec", "where"),
    [
        (LogFilter(), "level IN ('ERROR', 'FATAL')"),
        (LogFilter(level="warn"), "level IN ('WARN', 'ERROR', 'FATAL')"),
        (LogFilter(level="all"), "true"),
        (LogFilter(level="all", service="worker"), "service = 'worker'"),
        (LogFilter(level="all", text="502"), "message LIKE '%502%'"),
    ],
)
def test_windows_visit_every_matching_line_once_newest_first(
    seeded_engine: sqlalchemy.Engine, spec: LogFilter, where: str
) -> None:
    wanted = ids(seeded_engine, where)
    assert wanted
    assert every(seeded_engine, spec, 7) == wanted


def test_lines_of_one_moment_are_neither_lost_nor_repeated(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    with seeded_engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE public.observability_logs SET created_at = '2026-11-01 12:00+00'"
                " WHERE id BETWEEN 100 AND 140"
            )
        )
    spec = LogFilter(level="all")
    assert every(seeded_engine, spec, 4) == ids(seeded_engine, "true")


def test_since_and_the_count(seeded_engine: sqlalchemy.Engine) -> None:
    spec = LogFilter(level="all", since=timedelta(days=2))
    wanted = ids(seeded_engine, "created_at >= :t", t=FIXED_NOW - timedelta(days=2))
    window = load_logs(seeded_engine, spec, FIXED_NOW, limit=10)
    assert [line.id for line in window.lines] == wanted[:10]
    assert count_logs(seeded_engine, spec, FIXED_NOW) == len(wanted)


def test_a_lines_trace_is_the_other_lines_of_it(seeded_engine: sqlalchemy.Engine) -> None:
    with seeded_engine.begin() as conn:
        conn.execute(
            text("UPDATE public.observability_logs SET trace_id = 'shared' WHERE id IN (5, 9, 12)")
        )
    line = next(
        line
        for line in load_logs(seeded_engine, LogFilter(level="all"), FIXED_NOW, limit=2000).lines
        if line.id == 9
    )
    assert [other.id for other in load_trace(seeded_engine, line)] == [5, 12]
