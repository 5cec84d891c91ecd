"""The overview's SQL aggregates agree with the same figures counted in Python from rows."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.overview import (
    NEW_ALERTS_CAP,
    ROAS_WINDOW_DAYS,
    SeverityCount,
    load_overview,
    read_tile_by_tile,
)
from hotdash_tui.db.sql import query
from hotdash_tui.db.stock.read import load_positions
from tests.conftest import FIXED_NOW


def rows(engine: sqlalchemy.Engine, statement: str) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(statement)))


def test_pending_alerts_stages_and_floor(seeded_engine: sqlalchemy.Engine) -> None:
    overview = load_overview(seeded_engine, FIXED_NOW)

    tasks = rows(seeded_engine, "SELECT status FROM approvals_queue")
    agents = rows(seeded_engine, 'SELECT status FROM "AgentApproval"')
    assert {a.source: a.pending for a in overview.approvals} == {
        "tasks": sum(r.status == "pending" for r in tasks),
        "agents": sum(r.status == "pending" for r in agents),
    }

    alerts = Counter(
        r.severity
        for r in rows(seeded_engine, "SELECT severity, status FROM competitors.alerts")
        if r.status == "new"
    )
    assert {s.severity: s.alerts for s in overview.new_alerts} == dict(alerts)
    assert [s.severity for s in overview.new_alerts] == ["critical", "high", "medium", "low"]
    assert all(s.label == str(s.alerts) for s in overview.new_alerts)  # below the cap

    per_stage = Counter(
        r.stage_id for r in rows(seeded_engine, "SELECT stage_id FROM workflow.tasks")
    )
    stages = rows(seeded_engine, "SELECT id, name FROM workflow.kanban_stages ORDER BY sort_order")
    assert [(s.stage, s.tasks) for s in overview.stages] == [
        (stage.name, per_stage[stage.id]) for stage in stages
    ]

    default_floor = (
        Decimal(
            rows(
                seeded_engine,
                "SELECT value #>> '{}' AS v FROM system.settings"
                " WHERE key = 'pricing.default_margin_floor'",
            )[0].v
        )
        * 100
    )
    prices = rows(
        seeded_engine, "SELECT net_margin_pct, margin_floor_pct FROM pricing.current_prices"
    )
    below = sum(
        p.net_margin_pct is not None
        and p.net_margin_pct
        < (p.margin_floor_pct if p.margin_floor_pct is not None else default_floor)
        for p in prices
    )
    assert (overview.below_floor, overview.priced_listings) == (below, len(prices))
    assert below > 0


def test_failures_in_the_last_24_hours_per_source(seeded_engine: sqlalchemy.Engine) -> None:
    since = FIXED_NOW - timedelta(hours=24)
    with seeded_engine.begin() as conn:  # seed 000's tasks keep UTC without a zone
        conn.execute(
            text(
                "UPDATE tasks SET created_at = :at WHERE id IN"
                " (SELECT id FROM tasks WHERE status = 'failed' ORDER BY id LIMIT 2)"
            ),
            {"at": (FIXED_NOW - timedelta(hours=1)).replace(tzinfo=None)},
        )
    sources = {
        "tasks": "SELECT created_at AT TIME ZONE 'UTC' AS at FROM tasks WHERE status = 'failed'",
        "pipeline": "SELECT created_at AS at FROM pipeline_runs WHERE status = 'failure'",
        "bot jobs": "SELECT created_at AS at FROM jobs WHERE status = 'failed'",
        "system jobs": "SELECT created_at AS at FROM system.jobs WHERE status = 'failed'",
        "agents": "SELECT started_at AS at FROM agent_run WHERE status = 'failed'",
    }
    expected = {
        name: n
        for name, statement in sources.items()
        if (n := sum(r.at >= since for r in rows(seeded_engine, statement)))
    }
    overview = load_overview(seeded_engine, FIXED_NOW)
    assert {f.source: f.failed for f in overview.failed_runs} == expected
    assert expected["tasks"] >= 2
    assert overview.failed_total > 0


def test_the_stock_tile_counts_the_stock_views_positions(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    positions = load_positions(seeded_engine, FIXED_NOW.date())
    counts = load_overview(seeded_engine, FIXED_NOW).stock
    assert counts is not None
    assert counts.positions == len(positions) > 0
    assert counts.out == sum("out" in p.risks for p in positions) > 0
    assert counts.reorder == sum("reorder" in p.risks for p in positions) > 0
    assert counts.low == sum("low" in p.risks for p in positions)


def test_the_errors_tile_counts_error_and_fatal_lines_of_24_hours(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    lines = rows(
        seeded_engine,
        "SELECT level, service, created_at AS at FROM observability_logs",
    )
    since = FIXED_NOW - timedelta(hours=24)
    expected: dict[tuple[str, str], int] = {}
    for line in lines:
        if line.level in ("ERROR", "FATAL") and line.at >= since:
            key = (line.level, line.service)
            expected[key] = expected.get(key, 0) + 1
    overview = load_overview(seeded_engine, FIXED_NOW)
    assert {(e.level, e.service): e.lines for e in overview.errors} == expected
    assert overview.errors_total == sum(expected.values()) > 0


def test_roas_per_platform_and_in_total(seeded_engine: sqlalchemy.Engine) -> None:
    today = FIXED_NOW.date()
    first_day = today - timedelta(days=ROAS_WINDOW_DAYS - 1)
    metrics = rows(
        seeded_engine,
        "SELECT c.platform, c.target_roas, m.metric_date, m.spend_cents, m.revenue_cents"
        " FROM ads_daily_metrics m JOIN ads_campaigns c ON c.id = m.campaign_id",
    )
    spend: dict[str | None, int] = defaultdict(int)
    revenue: dict[str | None, int] = defaultdict(int)
    for m in metrics:
        if first_day <= m.metric_date <= today:
            for key in (m.platform, None):
                spend[key] += m.spend_cents
                revenue[key] += m.revenue_cents

    def ratio(key: str | None) -> Decimal | None:
        if not spend[key]:
            return None
        return (Decimal(revenue[key]) / Decimal(spend[key])).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    overview = load_overview(seeded_engine, FIXED_NOW)
    assert {r.platform for r in overview.roas} == set(spend)
    for figure in overview.roas:
        assert (figure.spend_cents, figure.revenue_cents) == (
            spend[figure.platform],
            revenue[figure.platform],
        )
        assert figure.roas == ratio(figure.platform)
    verdicts = {r.meets_target for r in overview.roas if r.platform is not None}
    assert verdicts >= {True, False}  # the demo has campaigns on both sides of their target


def test_new_alerts_per_severity_stop_at_the_cap(seeded_engine: sqlalchemy.Engine) -> None:
    exact = Counter(
        r.severity
        for r in rows(seeded_engine, "SELECT severity FROM competitors.alerts WHERE status = 'new'")
    )
    cap = min(exact.values()) - 1  # every severity has more new alerts than this
    with seeded_engine.connect() as conn:
        found = conn.execute(query("overview_new_alerts"), {"cap": cap + 1}).all()
    capped = {r.severity: r.alerts for r in found}
    assert capped == {severity: cap + 1 for severity in exact}
    assert SeverityCount("critical", NEW_ALERTS_CAP + 1).label == f"{NEW_ALERTS_CAP}+"
    assert SeverityCount("critical", NEW_ALERTS_CAP).label == str(NEW_ALERTS_CAP)


def test_the_one_statement_reads_what_each_tile_reads_alone(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    # The tiles come back as JSON in the one statement: times, dates and decimals must be the
    # values the driver gives when each tile is read alone (the path a refused tile takes).
    together = load_overview(seeded_engine, FIXED_NOW)
    alone = read_tile_by_tile(seeded_engine, FIXED_NOW)
    assert together == alone
    assert together.approvals and all(a.oldest is not None for a in together.approvals)
    assert together.stock is not None and together.stock.positions > 0
    assert any(isinstance(r.roas, Decimal) for r in together.roas)
