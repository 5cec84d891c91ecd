"""``hotdash stock`` and ``hotdash logs`` on a real database: the screens' rows and filters,
as records, with the checks' exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.stock.read import load_positions
from tests.cli.conftest import run


def test_stock_prints_positions_most_urgent_first(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    wanted = load_positions(live_engine, datetime.now(UTC).date())
    result = run("stock", "--format", "json", "--limit", "1000", "--dsn", live_url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["sku"], r["location"]) for r in rows] == [(p.sku, p.location) for p in wanted]
    assert rows[0]["risk"] == wanted[0].risk


def test_stock_risk_filter_and_a_bad_value(live_url: str) -> None:
    result = run("stock", "--risk", "reorder", "--format", "json", "--dsn", live_url)
    assert result.exit_code == 0, result.output
    assert all("reorder" in r["risks"] for r in json.loads(result.stdout))
    bad = run("stock", "--risk", "soon", "--dsn", live_url)
    assert bad.exit_code == 2
    assert bad.stderr.startswith('hotdash: "risk:soon" is not one of risk:')


def test_logs_prints_errors_newest_first_and_widens_by_level(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    with live_engine.connect() as conn:
        wanted = [
            r.id
            for r in conn.execute(
                text(
                    "SELECT id FROM public.observability_logs WHERE level IN ('WARN', 'ERROR',"
                    " 'FATAL') AND service = 'worker' ORDER BY created_at DESC, id DESC"
                )
            )
        ]
    result = run(
        "logs", "--level", "warn", "--service", "worker", "--limit", "1000",
        "--format", "json", "--dsn", live_url,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == wanted
    nothing = run("logs", "--service", "nobody", "--dsn", live_url)
    assert nothing.exit_code == 1
