"""The screens' writes from the shell: ``alerts view|action|dismiss``, ``runs retry``, ``board
move`` and ``price set``. Each goes through the screen's guarded, audited write, prints one
line per item and exits 0 (all done), 1 (some not done by this call) or 2 (bad input, nothing
written); the rows and audit rows are read back from the database."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.engine import create_db_engine
from tests.cli.conftest import run


@pytest.fixture
def engine(seeded_db_url: str) -> Any:
    engine = create_db_engine(seeded_db_url)
    yield engine
    engine.dispose()


def one(engine: sqlalchemy.Engine, sql: str, **params: object) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).one()


def audit_count(engine: sqlalchemy.Engine, entity_type: str, entity_id: str) -> int:
    row = one(
        engine,
        "SELECT count(*) AS n FROM system.audit_log WHERE entity_type = :t AND entity_id = :id",
        t=entity_type,
        id=entity_id,
    )
    return int(row.n)


def listed(url: str, *args: str) -> list[dict[str, Any]]:
    result = run(*args, "--dsn", url, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_alerts_view_then_dismiss_each_once_with_who_won(
    seeded_db_url: str, engine: sqlalchemy.Engine
) -> None:
    ids = [str(a["id"]) for a in listed(seeded_db_url, "alerts", "--status", "new", "--limit", "2")]
    viewed = run("alerts", "view", *ids, "--as", "ann", "--dsn", seeded_db_url)
    assert (viewed.exit_code, viewed.stdout) == (0, "".join(f"{i} viewed\n" for i in ids))
    for alert_id in ids:
        row = one(
            engine, "SELECT status, actioned_by FROM competitors.alerts WHERE id = :id", id=alert_id
        )
        assert (row.status, row.actioned_by) == ("viewed", "ann")
        assert audit_count(engine, "competitor_alert", alert_id) == 1
    again = run("alerts", "view", *ids, "--as", "bob", "--dsn", seeded_db_url)
    assert again.exit_code == 1
    assert all(" already viewed by ann at " in line for line in again.stdout.splitlines())
    dismissed = run("alerts", "dismiss", ids[0], "--as", "bob", "--dsn", seeded_db_url)
    assert (dismissed.exit_code, dismissed.stdout) == (0, f"{ids[0]} dismissed\n")


def test_alerts_action_needs_what_and_a_bad_id_writes_nothing(
    seeded_db_url: str, engine: sqlalchemy.Engine
) -> None:
    good = str(listed(seeded_db_url, "alerts", "--status", "new", "--limit", "1")[0]["id"])
    missing_what = run("alerts", "action", good, "--dsn", seeded_db_url)
    assert missing_what.exit_code == 2
    assert missing_what.stderr.count("\n") == 1 and "--what" in missing_what.stderr
    bad = run("alerts", "action", good, "not-an-id", "--what", "matched", "--dsn", seeded_db_url)
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert bad.stderr == (
        'hotdash: "not-an-id" is not an alert id (a UUID, as the listing prints it).\n'
    )
    status = one(engine, "SELECT status FROM competitors.alerts WHERE id = :id", id=good).status
    assert status == "new"
    done = run(
        "alerts",
        "action",
        good,
        "--what",
        "matched the price",
        "--as",
        "cy",
        "--dsn",
        seeded_db_url,
    )
    assert (done.exit_code, done.stdout) == (0, f"{good} actioned\n")
    row = one(
        engine, "SELECT action_taken, actioned_by FROM competitors.alerts WHERE id = :id", id=good
    )
    assert (row.action_taken, row.actioned_by) == ("matched the price", "cy")


def test_runs_retry_queues_a_failed_system_job_once(
    seeded_db_url: str, engine: sqlalchemy.Engine
) -> None:
    failed = listed(seeded_db_url, "runs", "--source", "system", "--status", "failure")
    retryable = [r["id"] for r in failed if (r["attempts"] or 0) < (r["max_attempts"] or 3)]
    assert retryable
    job = retryable[0]
    queued = run("runs", "retry", job, "--as", "ops", "--dsn", seeded_db_url)
    assert (queued.exit_code, queued.stdout) == (0, f"{job} queued\n")
    job_id = job.removeprefix("system:")
    status = one(engine, "SELECT status FROM system.jobs WHERE id = :id", id=job_id).status
    assert status == "pending"
    assert audit_count(engine, "job", job_id) >= 1
    again = run("runs", "retry", job, "--dsn", seeded_db_url)
    assert again.exit_code == 1 and again.stdout.startswith(f"{job} already pending by ops at ")
    other = run("runs", "retry", "pipeline:" + job_id, "--dsn", seeded_db_url)
    assert other.exit_code == 2 and "only system jobs" in other.stderr


def test_board_move_is_guarded_on_the_stage_it_was_in(
    seeded_db_url: str, engine: sqlalchemy.Engine
) -> None:
    card = str(listed(seeded_db_url, "board", "--stage", "Backlog", "--limit", "1")[0]["id"])
    audited = audit_count(engine, "task", card)
    unknown = run("board", "move", card, "--to", "Nowhere", "--dsn", seeded_db_url)
    assert unknown.exit_code == 2 and 'There is no stage "Nowhere"' in unknown.stderr
    moved = run("board", "move", card, "--to", "review", "--as", "dee", "--dsn", seeded_db_url)
    assert (moved.exit_code, moved.stdout) == (0, f"{card} moved Backlog -> Review\n")
    stage = one(
        engine,
        "SELECT s.name FROM workflow.tasks t JOIN workflow.kanban_stages s ON s.id = t.stage_id"
        " WHERE t.id = :id",
        id=card,
    )
    assert stage.name == "Review"
    assert audit_count(engine, "task", card) == audited + 1
    again = run("board", "move", card, "--to", "Review", "--dsn", seeded_db_url)
    assert (again.exit_code, again.stdout) == (1, f"{card} already in Review\n")


def _listing(engine: sqlalchemy.Engine) -> Any:
    """A listing with a landed cost, a floor and no price limits, and its price now."""
    return one(
        engine,
        "SELECT l.sku, p.listing_id, p.price, p.margin_floor_pct FROM catalog.listings l"
        " JOIN pricing.current_prices p ON p.listing_id = l.id"
        " WHERE p.landed_cost IS NOT NULL AND p.margin_floor_pct IS NOT NULL"
        " AND p.min_price IS NULL AND p.max_price IS NULL AND p.sale_price IS NULL",
    )


def test_price_set_asks_for_below_floor_ok_and_records_the_change(
    seeded_db_url: str, engine: sqlalchemy.Engine
) -> None:
    with engine.begin() as conn:  # a listing sold at its price and free to take any price
        conn.execute(
            text(
                "UPDATE pricing.current_prices SET min_price = NULL, max_price = NULL,"
                " sale_price = NULL WHERE listing_id = (SELECT listing_id FROM"
                " pricing.current_prices WHERE landed_cost IS NOT NULL AND"
                " margin_floor_pct IS NOT NULL ORDER BY listing_id LIMIT 1)"
            )
        )
    listing = _listing(engine)
    cheap = (listing.price / 4).quantize(Decimal("0.01"))
    refused = run("price", "set", listing.sku, str(cheap), "--dsn", seeded_db_url)
    assert refused.exit_code == 2 and "--below-floor-ok" in refused.stderr
    assert (
        one(
            engine,
            "SELECT price FROM pricing.current_prices WHERE listing_id = :id",
            id=listing.listing_id,
        ).price
        == listing.price
    )
    bad = run("price", "set", listing.sku, "7,49", "--dsn", seeded_db_url)
    assert bad.exit_code == 2 and "decimal point" in bad.stderr
    done = run(
        "price",
        "set",
        listing.sku,
        str(cheap),
        "--below-floor-ok",
        "--as",
        "eve",
        "--dsn",
        seeded_db_url,
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"{listing.sku} price ")
    assert (
        one(
            engine,
            "SELECT price FROM pricing.current_prices WHERE listing_id = :id",
            id=listing.listing_id,
        ).price
        == cheap
    )
    history = one(
        engine,
        "SELECT price, source FROM pricing.price_history WHERE listing_id = :id"
        " ORDER BY time DESC LIMIT 1",
        id=listing.listing_id,
    )
    assert (history.price, history.source) == (cheap, "manual")
    missing = run("price", "set", "NO-SUCH-SKU", "1.00", "--dsn", seeded_db_url)
    assert missing.exit_code == 1 and missing.stdout.startswith("NO-SUCH-SKU not found")


def test_board_new_checks_every_field_then_creates_an_audited_task(
    seeded_db_url: str, engine: sqlalchemy.Engine
) -> None:
    count = "SELECT count(*) AS n FROM workflow.tasks"
    before = one(engine, count).n
    bad = run("board", "new", "--type", "nope", "--priority", "200", "--dsn", seeded_db_url)
    assert bad.exit_code == 2
    assert bad.stderr == (
        "hotdash: --title: A task needs a title; --type: Choose a type: optimization, "
        "pricing, competitive, compliance, launch, other; --priority: The priority must be "
        "between 0 and 100; nothing was written.\n"
    )
    past = run(
        "board",
        "new",
        "--title",
        "Old",
        "--type",
        "other",
        "--due",
        "2020-01-01",
        "--dsn",
        seeded_db_url,
    )
    assert past.exit_code == 2 and "--past-due-ok" in past.stderr
    assert one(engine, count).n == before
    made = run(
        "board",
        "new",
        "--title",
        "Reprice it",
        "--type",
        "pricing",
        "--tags",
        "a, b",
        "--due",
        "2020-01-01",
        "--past-due-ok",
        "--as",
        "gil",
        "--dsn",
        seeded_db_url,
    )
    assert made.exit_code == 0, made.output
    task_id = made.stdout.split()[0]
    assert made.stdout == f"{task_id} created\n"
    row = one(
        engine,
        "SELECT title, task_type, tags, created_by FROM workflow.tasks WHERE id = :id",
        id=task_id,
    )
    assert (row.title, row.task_type, row.tags, row.created_by) == (
        "Reprice it",
        "pricing",
        ["a", "b"],
        "user",
    )
    actor = one(
        engine,
        "SELECT actor FROM system.audit_log WHERE entity_type = 'task'"
        " AND entity_id = :id AND action = 'create'",
        id=task_id,
    ).actor
    assert actor == "gil"


def test_board_edit_changes_only_the_fields_given(
    seeded_db_url: str, engine: sqlalchemy.Engine
) -> None:
    card = listed(seeded_db_url, "board", "--stage", "Review", "--limit", "1")[0]
    edited = run(
        "board",
        "edit",
        str(card["id"]),
        "--priority",
        "12.5",
        "--as",
        "hal",
        "--dsn",
        seeded_db_url,
    )
    assert (edited.exit_code, edited.stdout) == (0, f"{card['id']} saved: priority_score\n")
    row = one(
        engine, "SELECT title, priority_score FROM workflow.tasks WHERE id = :id", id=card["id"]
    )
    assert (row.title, row.priority_score) == (card["title"], Decimal("12.5"))
    again = run("board", "edit", str(card["id"]), "--priority", "12.5", "--dsn", seeded_db_url)
    assert (again.exit_code, again.stdout) == (1, f"{card['id']} unchanged\n")
    nothing = run("board", "edit", str(card["id"]), "--dsn", seeded_db_url)
    assert nothing.exit_code == 2 and "at least one field" in nothing.stderr
