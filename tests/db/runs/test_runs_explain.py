"""The run log stays on indexes at scale: EXPLAIN over 200,000 pipeline_runs rows.

pipeline_runs is the run log that grows to millions of rows (seed 002 writes a row per stage
attempt). Every window, count and the run's own stages must read it through an index under a
Limit: no Seq Scan of it, and no Sort of it (the only Sort merges the four limited branches).
The plans are checked as custom plans (EXPLAIN with the values) and as the generic plan that
Postgres may switch to once psycopg prepares a statement run five times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.runs import COUNT_CAP, RunCursor, RunFilter, load_runs
from hotdash_tui.db.runs.read import filter_params, source_bounds
from hotdash_tui.db.sql import sql_text

ROWS = 200_000
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
TIME_INDEX = "idx_pipeline_runs_created"
STATUS_INDEX = "idx_pipeline_runs_status_created"
STAGE_INDEX = "idx_pipeline_runs_stage_created"
# 1.5% failures and 5% retries among successes, as the seed has; one run per 7 rows.
# mod() rather than %: the text goes through the driver's placeholder parser.
FILL = """
INSERT INTO public.pipeline_runs (run_id, stage, status, attempts, error_summary, metrics,
                                  created_at)
SELECT 'run-' || (g / 7), (ARRAY['research','script','qa','voiceover','render','thumbnail',
                                 'upload'])[1 + mod(g, 7)],
       CASE WHEN mod(g, 67) = 0 THEN 'failure' WHEN mod(g, 20) = 0 THEN 'retry'
            ELSE 'success' END,
       1, CASE WHEN mod(g, 67) = 0 THEN 'ffmpeg exited with code 1' END,
       jsonb_build_object('latency_ms', mod(g, 9000), 'tokens', mod(g, 4000),
                          'cost_usd', 0.01, 'cache_hit', false),
       CAST(:now AS timestamptz) - g * interval '7 seconds'
FROM generate_series(1, :rows) AS g
"""


@pytest.fixture
def big_engine(db_engine: sqlalchemy.Engine) -> Iterator[sqlalchemy.Engine]:
    with db_engine.begin() as conn:
        conn.execute(text(FILL), {"rows": ROWS, "now": NOW})
    with db_engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("VACUUM ANALYZE public.pipeline_runs")
    yield db_engine


def plan_of(engine: sqlalchemy.Engine, name: str, params: dict[str, Any]) -> dict[str, Any]:
    statement = text("EXPLAIN (FORMAT JSON) " + sql_text(name))
    with engine.connect() as conn:
        document = conn.execute(statement, params).scalar_one()
    plan: dict[str, Any] = document[0]["Plan"]
    return plan


def runs_scans(node: dict[str, Any], sorted_above: bool = False) -> Iterator[Any]:
    """(node type, index name) of every scan of pipeline_runs; fails on a Sort above one with
    no Limit in between (a Sort of the table rather than of a limited branch)."""
    if node["Node Type"] == "Sort":
        sorted_above = True
    elif node["Node Type"] == "Limit":
        sorted_above = False
    if node.get("Relation Name") == "pipeline_runs":
        assert not sorted_above, "a Sort over pipeline_runs"
        yield node["Node Type"], node.get("Index Name")
    for child in node.get("Plans", []):
        yield from runs_scans(child, sorted_above)


def assert_on_index(plan: dict[str, Any], indexes: set[str]) -> None:
    """pipeline_runs is walked in order through one of ``indexes``, never read whole."""
    scans = list(runs_scans(plan))
    assert scans, plan
    assert all(kind in {"Index Scan", "Index Only Scan"} for kind, _ in scans), scans
    assert {name for _, name in scans} <= indexes, scans


def window_params(spec: RunFilter, after: RunCursor | None = None) -> dict[str, Any]:
    return filter_params(spec, NOW) | source_bounds(after) | {"limit": 101}


def deep_cursor(engine: sqlalchemy.Engine, spec: RunFilter) -> RunCursor:
    cursor = load_runs(engine, spec, NOW, limit=1500).next_cursor
    assert cursor is not None
    return cursor


@pytest.mark.parametrize(
    ("spec", "indexes"),
    [
        (RunFilter(), {TIME_INDEX}),
        (RunFilter(since=timedelta(hours=24)), {TIME_INDEX}),
        (RunFilter(status="failure"), {STATUS_INDEX}),
        (RunFilter(status="running"), {STATUS_INDEX}),  # none at all: found empty at once
        (RunFilter(status="retry", source="pipeline", since=timedelta(days=3)), {STATUS_INDEX}),
        (RunFilter(stage="render"), {STAGE_INDEX, TIME_INDEX}),
        (RunFilter(stage="no-such-stage"), {STAGE_INDEX}),
        (RunFilter(stage="render", status="failure"), {STAGE_INDEX, STATUS_INDEX}),
        (RunFilter(text="render"), {TIME_INDEX}),  # a frequent word: the newest rows first
    ],
    ids=[
        "all",
        "since",
        "failure",
        "absent-status",
        "retry-since",
        "stage",
        "absent-stage",
        "stage-status",
        "frequent-text",
    ],
)
def test_windows_read_an_index_of_pipeline_runs_first_and_deep(
    big_engine: sqlalchemy.Engine, spec: RunFilter, indexes: set[str]
) -> None:
    assert_on_index(plan_of(big_engine, "runs_window", window_params(spec)), indexes)
    if load_runs(big_engine, spec, NOW, limit=1500).next_cursor is not None:
        after = deep_cursor(big_engine, spec)
        assert_on_index(plan_of(big_engine, "runs_window", window_params(spec, after)), indexes)


@pytest.mark.parametrize(
    ("spec", "indexes"),
    [
        (RunFilter(), {TIME_INDEX, STATUS_INDEX, STAGE_INDEX}),
        (RunFilter(status="failure"), {STATUS_INDEX}),
        (RunFilter(stage="no-such-stage"), {STAGE_INDEX}),
        (RunFilter(stage="upload"), {STAGE_INDEX, TIME_INDEX}),
    ],
    ids=["all", "failure", "absent-stage", "stage"],
)
def test_the_capped_count_stops_at_the_cap(
    big_engine: sqlalchemy.Engine, spec: RunFilter, indexes: set[str]
) -> None:
    """Each count reads pipeline_runs under the cap's Limit: by an index, or, for a word as
    frequent as a stage (a seventh of the rows), by a scan that stops after cap matches."""
    params = filter_params(spec, NOW) | {"cap": COUNT_CAP + 1}
    plan = plan_of(big_engine, "runs_count", params)
    scans = list(runs_scans(plan))
    assert scans and {index for _, index in scans} <= indexes | {None}, scans
    assert all(kind != "Seq Scan" for kind, _ in scans) or spec.stage, scans
    assert all(_under_limit(plan)), plan


def _under_limit(node: dict[str, Any], limited: bool = False) -> Iterator[bool]:
    limited = limited or node["Node Type"] == "Limit"
    if node.get("Relation Name") == "pipeline_runs":
        yield limited
    for child in node.get("Plans", []):
        yield from _under_limit(child, limited)


def test_a_runs_stages_are_read_by_run_id(big_engine: sqlalchemy.Engine) -> None:
    """The Sort here sorts one run's few rows, found by idx_pipeline_runs_run."""
    for name in ("runs_pipeline_stages", "runs_pipeline_totals"):
        plan = plan_of(big_engine, name, {"run_id": "run-700"})
        scans = list(_scans(plan))
        assert scans and all(kind != "Seq Scan" for kind, _ in scans), scans
        assert {index for _, index in scans if index} == {"idx_pipeline_runs_run"}, scans


def _scans(node: dict[str, Any]) -> Iterator[Any]:
    for n in _nodes(node):
        if n.get("Relation Name") == "pipeline_runs" or n["Node Type"] == "Bitmap Index Scan":
            yield n["Node Type"], n.get("Index Name")


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def test_the_big_table_holds_what_the_plans_assume(big_engine: sqlalchemy.Engine) -> None:
    """Guards the fixture: the plans above are about a table of this size and mix."""
    with big_engine.connect() as conn:
        total, failures = conn.execute(
            text(
                "SELECT count(*), count(*) FILTER (WHERE status = 'failure')"
                " FROM public.pipeline_runs"
            )
        ).one()
    assert total == ROWS and 0 < failures < ROWS // 50


def generic_plan_of(engine: sqlalchemy.Engine, name: str, params: dict[str, Any]) -> Any:
    """The plan Postgres keeps for a prepared statement (what runs without
    runs_custom_plans once psycopg has prepared it)."""
    names: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        if match[1] not in names:
            names.append(match[1])
        return f"${names.index(match[1]) + 1}"

    body = re.sub(r"(?<![:\w]):([a-z_]+)", placeholder, sql_text(name))
    with engine.connect() as conn:
        conn.exec_driver_sql("PREPARE plain AS " + body)
        conn.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
        # EXECUTE takes no bind parameters; these are booleans, times, UUIDs and ints of ours.
        literals = ", ".join(f"'{params[n]}'" for n in names)
        document = conn.exec_driver_sql(
            "EXPLAIN (FORMAT JSON) EXECUTE plain(" + literals + ")"
        ).scalar_one()
        # Both outlive the transaction; the pool hands this session out again.
        conn.exec_driver_sql("DEALLOCATE plain")
        conn.exec_driver_sql("RESET plan_cache_mode")
    return document[0]["Plan"]


@pytest.mark.parametrize(
    "spec", [RunFilter(), RunFilter(since=timedelta(hours=24))], ids=["all", "since"]
)
def test_the_plain_statements_stay_on_the_time_index_as_generic_plans(
    big_engine: sqlalchemy.Engine, spec: RunFilter
) -> None:
    window = generic_plan_of(big_engine, "runs_window_plain", window_params(spec))
    assert_on_index(window, {TIME_INDEX})
    deep = window_params(spec, deep_cursor(big_engine, spec))
    assert_on_index(generic_plan_of(big_engine, "runs_window_plain", deep), {TIME_INDEX})
    count = generic_plan_of(
        big_engine, "runs_count_plain", filter_params(spec, NOW) | {"cap": COUNT_CAP + 1}
    )
    assert_on_index(count, {TIME_INDEX})
    assert all(_under_limit(count)), count


def test_the_plain_statements_mean_the_filtered_ones_without_terms(
    big_engine: sqlalchemy.Engine,
) -> None:
    spec = RunFilter()
    with big_engine.connect() as conn:
        conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
        for plain, full, params in (
            ("runs_window_plain", "runs_window", window_params(spec)),
            ("runs_count_plain", "runs_count", filter_params(spec, NOW) | {"cap": 5000}),
        ):
            assert (
                conn.execute(text(sql_text(plain)), params).all()
                == conn.execute(text(sql_text(full)), params).all()
            )
