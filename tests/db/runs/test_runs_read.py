"""The run log's windows against the demo data: the merged order of the five sources, keyset
continuation across sources (ties in time included), the status mapping, the filters in SQL
and the capped count."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.runs import (
    FILTER_SPEC,
    SOURCES,
    RunFilter,
    RunLine,
    count_runs,
    describe_count,
    load_runs,
)
from hotdash_tui.filters import FilterError, parse_filter
from tests.conftest import FIXED_NOW
from tests.paging import walk

# Every run record of the seeds, as (time, rank, key, normalised status), read in Python from
# the raw tables with the mapping the README documents.
RAW = """
SELECT 'pipeline' AS source, created_at AS at, id::text AS key, status AS stored,
       NULL::int AS attempts FROM public.pipeline_runs
UNION ALL SELECT 'jobs', created_at, run_id, status, NULL FROM public.jobs
UNION ALL SELECT 'system', created_at, id::text, status, attempt_count FROM system.jobs
UNION ALL SELECT 'agents', started_at, id::text, status, NULL FROM public.agent_run
UNION ALL SELECT 'tasks', created_at AT TIME ZONE 'UTC', id::text, status, NULL
          FROM public.tasks WHERE status = 'failed'
"""
_MAPS = {
    "jobs": {"completed": "success", "failed": "failure", "pending": "queued"},
    "system": {"completed": "success", "failed": "failure", "pending": "queued"},
    "agents": {"succeeded": "success", "failed": "failure"},
    "tasks": {"failed": "failure"},
}


def normalised(source: str, stored: str, attempts: int | None) -> str:
    if source == "system" and stored == "pending" and (attempts or 0) > 0:
        return "retry"
    return _MAPS.get(source, {}).get(stored, stored)


def every_record(engine: sqlalchemy.Engine) -> list[tuple[str, str, str]]:
    """(source, key, status) of every record in the merged order, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(text(RAW)).all()

    def order(row: Any) -> tuple[Any, ...]:
        # Newest first; then the source's rank; then the key, highest first (as the SQL does:
        # uuid order for UUIDs, the column's collation for run_id, which is plain ASCII here).
        key = uuid.UUID(row.key).int if row.source != "jobs" else row.key
        return (-row.at.timestamp(), SOURCES.index(row.source), _Desc(key))

    return [
        (r.source, r.key, normalised(r.source, r.stored, r.attempts))
        for r in sorted(rows, key=order)
    ]


class _Desc:
    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Desc) -> bool:
        return bool(self.value > other.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value


def keys(lines: tuple[RunLine, ...] | list[RunLine]) -> list[tuple[str, str, str]]:
    return [(line.source, line.key.id, line.status) for line in lines]


def read_all(engine: sqlalchemy.Engine, spec: RunFilter, limit: int) -> list[RunLine]:
    windows = walk(
        load_runs(engine, spec, FIXED_NOW, limit=limit),
        lambda cursor: load_runs(engine, spec, FIXED_NOW, after=cursor, limit=limit),
    )
    return [line for window in windows for line in window.lines]


def test_the_first_window_is_the_newest_records_of_every_source(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    expected = every_record(seeded_engine)
    assert {source for source, _, _ in expected} == set(SOURCES)
    window = load_runs(seeded_engine, RunFilter(), FIXED_NOW, limit=100)
    assert keys(window.lines) == expected[:100]
    assert len({line.source for line in window.lines}) >= 4
    assert window.next_cursor is not None


def test_windows_continue_across_sources_without_gaps_or_repeats(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    expected = every_record(seeded_engine)
    assert keys(read_all(seeded_engine, RunFilter(), limit=37)) == expected


def test_rows_of_the_same_instant_in_several_sources_page_in_rank_order(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    """Five records of one microsecond in three sources, split by windows of two."""
    tie = FIXED_NOW + timedelta(seconds=1)
    with seeded_engine.begin() as conn:
        for _ in range(2):
            conn.execute(
                text(
                    "INSERT INTO public.pipeline_runs (run_id, stage, status, created_at)"
                    " VALUES ('run-tie', 'render', 'success', :at)"
                ),
                {"at": tie},
            )
            conn.execute(
                text(
                    "INSERT INTO system.jobs (job_type, status, created_at)"
                    " VALUES ('sync_orders', 'failed', :at)"
                ),
                {"at": tie},
            )
        conn.execute(
            text(
                "INSERT INTO public.agent_run (agent_name, status, started_at)"
                " VALUES ('ads-agent', 'running', :at)"
            ),
            {"at": tie},
        )
    lines = read_all(seeded_engine, RunFilter(), limit=2)
    top = lines[:5]
    assert [line.source for line in top] == ["pipeline", "pipeline", "system", "system", "agents"]
    assert all(line.at == tie for line in top)
    assert keys(lines) == every_record(seeded_engine)


@pytest.mark.parametrize("status", ["failure", "retry", "success", "queued", "running"])
def test_a_status_is_the_same_word_on_every_source(
    seeded_engine: sqlalchemy.Engine, status: str
) -> None:
    expected = [r for r in every_record(seeded_engine) if r[2] == status]
    assert expected
    lines = read_all(seeded_engine, RunFilter(status=status), limit=50)
    assert keys(lines) == expected
    assert count_runs(seeded_engine, RunFilter(status=status), FIXED_NOW) == len(expected)


def test_the_source_stage_since_and_text_filters_run_in_sql(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    spec = RunFilter(source="pipeline", stage="render", since=timedelta(days=2))
    lines = read_all(seeded_engine, spec, limit=50)
    assert lines and {(line.source, line.name) for line in lines} == {("pipeline", "render")}
    assert all(line.at >= FIXED_NOW - timedelta(days=2) for line in lines)
    assert count_runs(seeded_engine, spec, FIXED_NOW) == len(lines)
    quota = read_all(seeded_engine, RunFilter(text="quota"), limit=50)
    assert quota and all("quota" in (line.error or "").lower() for line in quota)
    assert {"pipeline", "system"} <= {line.source for line in quota}


def test_text_is_found_literally(seeded_engine: sqlalchemy.Engine) -> None:
    with seeded_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO public.pipeline_runs (run_id, stage, status, error_summary,"
                " created_at) VALUES ('run-x', 'qa', 'failure', 'Score 50% under \"the_bar\"',"
                " :at)"
            ),
            {"at": FIXED_NOW},
        )
    found = read_all(seeded_engine, RunFilter(text='50% under "the_bar"'), limit=50)
    assert [line.run_ref for line in found] == ["run-x"]
    assert read_all(seeded_engine, RunFilter(text="50_ under"), limit=50) == []


def test_the_count_stops_at_the_cap(seeded_engine: sqlalchemy.Engine) -> None:
    total = count_runs(seeded_engine, RunFilter(), FIXED_NOW, cap=100)
    assert total == 101 and describe_count(total, cap=100) == "100+"


def test_the_filter_language_of_the_screen() -> None:
    parsed = parse_filter(
        'source:system status:failure since:24h stage:Sync "rate limit"', FILTER_SPEC
    )
    spec = RunFilter.from_parsed(parsed)
    assert spec == RunFilter("system", "failure", "sync", timedelta(hours=24), "rate limit")
    for bad in ("since:yesterday", "since:0h", "since:400d", "status:broken", "source:cron"):
        with pytest.raises(FilterError):
            RunFilter.from_parsed(parse_filter(bad, FILTER_SPEC))
