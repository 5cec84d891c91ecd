"""The quick checks' output in each format, parsed back and compared with the database."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.cli.records.alerts import ALERT_FIELDS
from hotdash_tui.cli.records.approvals import APPROVAL_FIELDS
from hotdash_tui.cli.records.board import BOARD_FIELDS
from hotdash_tui.cli.records.margins import MARGIN_FIELDS
from hotdash_tui.cli.records.roas import ROAS_FIELDS
from hotdash_tui.cli.records.runs import RUN_FIELDS
from hotdash_tui.db.approvals import ApprovalFilter, load_approvals
from hotdash_tui.db.roas.read import load_roas
from tests.cli.conftest import run


def as_json(*args: str) -> list[dict[str, object]]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def as_csv(*args: str) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def moment(value: object) -> datetime:
    assert isinstance(value, str)
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value  # ISO 8601 with its offset, never naive
    return parsed


def test_approvals_json_is_the_queue_with_ids_that_name_their_source(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    items = as_json("approvals", "--dsn", live_url, "--limit", "30")
    assert len(items) == 30
    assert all(list(item) == list(APPROVAL_FIELDS) for item in items)
    expected = load_approvals(live_engine, ApprovalFilter(), limit=30).items
    assert [item["id"] for item in items] == [f"{i.source}:{i.id}" for i in expected]
    statements = {
        "tasks": "SELECT q.status, t.confidence_score AS confidence,"
        " q.created_at AT TIME ZONE 'UTC' AS at FROM public.approvals_queue AS q"
        " LEFT JOIN public.tasks AS t ON t.id = q.task_id WHERE q.id = :id",
        "agents": "SELECT status, confidence_score AS confidence, requested_at AS at"
        ' FROM public."AgentApproval" WHERE id = :id',
    }
    with live_engine.connect() as conn:
        for item in items:
            source, _, raw = str(item["id"]).partition(":")
            assert source == item["source"]
            row = conn.execute(text(statements[source]), {"id": uuid.UUID(raw)}).one()
            assert (item["status"], item["confidence"]) == (row.status, row.confidence)
            assert moment(item["requested_at"]) == row.at


def test_approvals_csv_with_filters_matches_agent_rows(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    rows = as_csv(
        "approvals", "--dsn", live_url, "--status", "all", "--source", "agents", "--limit", "40"
    )
    assert rows and len(rows) <= 40
    assert list(rows[0]) == list(APPROVAL_FIELDS)
    with live_engine.connect() as conn:
        stored = {
            str(r.id): r
            for r in conn.execute(
                text('SELECT id, status, action_type, decided_by FROM public."AgentApproval"')
            )
        }
    for row in rows:
        source, _, raw = row["id"].partition(":")
        assert source == row["source"] == "agents"
        agent = stored[raw]
        assert row["type"] == agent.action_type
        assert row["decided_by"] == (agent.decided_by or "")  # null is an empty field
        assert row["status"] in (agent.status, "expired")
        moment(row["requested_at"])


def test_approvals_free_text_and_type_narrow_like_the_filter(live_url: str) -> None:
    items = as_json("approvals", "--dsn", live_url, "--type", "pricing_review", "--limit", "5")
    assert items and all(item["type"] == "pricing_review" for item in items)
    words = as_json("approvals", "--dsn", live_url, "Resume", "Templates")
    assert words and all("resume templates" in str(i["summary"]).lower() for i in words)


def test_approvals_table_is_plain_text_when_not_a_terminal(live_url: str) -> None:
    result = run("approvals", "--dsn", live_url, "--limit", "3")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "status", "conf"]
    assert len(lines) == 4
    assert all(line.startswith("tasks:") for line in lines[1:])
    assert "\x1b[" not in result.stdout and "│" not in result.stdout and "─" not in result.stdout
    assert "more approvals match than the 3 shown" in result.stderr


def test_board_json_keeps_to_the_stage_and_type(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    cards = as_json("board", "--dsn", live_url, "--stage", "review", "--type", "pricing")
    assert cards and all(list(card) == list(BOARD_FIELDS) for card in cards)
    with live_engine.connect() as conn:
        stored = conn.execute(
            text(
                "SELECT t.id, t.priority_score FROM workflow.tasks AS t"
                " JOIN workflow.kanban_stages AS s ON s.id = t.stage_id"
                " WHERE s.name = 'Review' AND t.task_type = 'pricing'"
                " ORDER BY t.priority_score DESC NULLS LAST, t.id DESC LIMIT 50"
            )
        ).all()
    assert [c["id"] for c in cards] == [str(r.id) for r in stored]
    assert [c["priority"] for c in cards] == [
        None if r.priority_score is None else float(r.priority_score) for r in stored
    ]
    assert {c["stage"] for c in cards} == {"Review"}
    assert all(isinstance(c["tags"], list) for c in cards)


def test_board_of_one_stage_reads_that_stage_only(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    # Unfiltered, the stages asked for are read in one statement with a window size each;
    # the others get a size of 0 and must not come back.
    cards = as_json("board", "--dsn", live_url, "--stage", "review", "--limit", "3")
    with live_engine.connect() as conn:
        stored = conn.execute(
            text(
                "SELECT t.id FROM workflow.tasks AS t"
                " JOIN workflow.kanban_stages AS s ON s.id = t.stage_id WHERE s.name = 'Review'"
                " ORDER BY COALESCE(t.priority_score, -1000) DESC, t.id DESC LIMIT 3"
            )
        ).scalars()
        assert [c["id"] for c in cards] == [str(i) for i in stored]
    assert {c["stage"] for c in cards} == {"Review"}


def test_board_limits_each_stage(live_url: str) -> None:
    cards = as_json("board", "--dsn", live_url, "--limit", "2")
    stages = [c["stage"] for c in cards]
    assert len(set(stages)) == 7 and all(stages.count(s) <= 2 for s in stages)


def test_alerts_csv_are_the_critical_open_ones(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    rows = as_csv("alerts", "--dsn", live_url, "--severity", "critical", "--limit", "500")
    assert list(rows[0]) == list(ALERT_FIELDS)
    with live_engine.connect() as conn:
        stored = {
            str(r.id): r
            for r in conn.execute(
                text(
                    "SELECT id, change_pct FROM competitors.alerts"
                    " WHERE severity = 'critical' AND status IN ('new', 'viewed')"
                )
            )
        }
    assert len(rows) == min(500, len(stored))
    for row in rows:
        assert row["severity"] == "critical" and row["status"] in ("new", "viewed")
        change = stored[row["id"]].change_pct
        assert row["change_pct"] == ("" if change is None else str(change))


def test_margins_json_below_floor_by_price_with_numbers(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    rows = as_json("margins", "--dsn", live_url, "--below-floor", "--sort", "price")
    assert rows and all(list(r) == list(MARGIN_FIELDS) for r in rows)
    prices = [r["price"] for r in rows]
    assert all(isinstance(p, int | float) for p in prices)
    assert prices == sorted(prices, reverse=True)  # type: ignore[type-var]
    with live_engine.connect() as conn:
        for row in rows:
            assert row["below_floor"] is True
            assert row["net_margin_pct"] < row["margin_floor_pct"]  # type: ignore[operator]
            stored = conn.execute(
                text(
                    "SELECT price, net_margin_pct FROM pricing.current_prices"
                    " WHERE listing_id = :id"
                ),
                {"id": uuid.UUID(str(row["listing_id"]))},
            ).one()
            assert Decimal(str(row["price"])) == stored.price
            assert Decimal(str(row["net_margin_pct"])) == stored.net_margin_pct


def test_margins_bad_sort_is_one_sentence(live_url: str) -> None:
    result = run("margins", "--dsn", live_url, "--sort", "cheapest")
    assert result.exit_code == 2
    assert result.stderr.strip() == 'hotdash: "--sort cheapest" is not one of margin, price, title.'


def test_runs_failures_of_the_system_jobs_in_the_last_day(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    args = ("runs", "--dsn", live_url, "--status", "failure", "--source", "system")
    lines = as_json(*args, "--since", "24h")
    assert lines and all(list(line) == list(RUN_FIELDS) for line in lines)
    day_ago = datetime.now(UTC) - timedelta(hours=24)
    with live_engine.connect() as conn:
        failed = {
            str(r.id): r.created_at
            for r in conn.execute(
                text(
                    "SELECT id, created_at FROM system.jobs"
                    " WHERE lower(status) = 'failed' AND created_at >= :since"
                ),
                {"since": day_ago},
            )
        }
    assert sorted(str(line["id"]).removeprefix("system:") for line in lines) == sorted(failed)
    for line in lines:
        assert moment(line["at"]) == failed[str(line["run_ref"])]
    older = as_json(*args, "--since", "7d", "--limit", "1000")
    assert len(older) > len(lines)


def test_roas_json_is_the_screens_tiles(live_url: str, live_engine: sqlalchemy.Engine) -> None:
    tiles = as_json("roas", "--dsn", live_url, "--days", "7")
    assert all(list(t) == list(ROAS_FIELDS) for t in tiles)
    board = load_roas(live_engine, datetime.now(UTC), 7)
    assert [t["label"] for t in tiles] == [tile.subject.label for tile in board.tiles][:50]
    total = board.ads[0]
    assert tiles[0]["kind"] == "ads" and tiles[0]["label"] == "All ads"
    assert tiles[0]["spend"] == total.figure.spend_cents / 100
    assert tiles[0]["revenue"] == total.figure.revenue_cents / 100
    assert tiles[0]["first_day"] == board.window.first_day.isoformat()
    csv_rows = as_csv("roas", "--dsn", live_url, "--days", "7", "--limit", "1")
    assert len(csv_rows) == 1 and csv_rows[0]["label"] == "All ads"
