"""``hotdash approve`` and ``hotdash reject``: guarded writes, audit rows, one line per item,
exit codes, ``--read-only``, and two deciders racing for the same item."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from typing import Any

import psycopg
from sqlalchemy import text

from hotdash_tui.db.engine import create_db_engine
from tests.cli.conftest import run


def pending_ids(url: str, source: str, limit: int = 3) -> list[str]:
    result = run(
        "approvals", "--dsn", url, "--source", source, "--limit", str(limit), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    return [str(item["id"]) for item in json.loads(result.stdout)]


def task_row(url: str, item: str) -> Any:
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                text(
                    "SELECT status, reviewed_by, review_reason FROM public.approvals_queue"
                    " WHERE id = :id"
                ),
                {"id": uuid.UUID(item.removeprefix("tasks:"))},
            ).one()
    finally:
        engine.dispose()


def audit_rows(url: str, item: str) -> list[Any]:
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    text(
                        "SELECT entity_type, action, actor, changes FROM system.audit_log"
                        " WHERE entity_id = :id ORDER BY created_at"
                    ),
                    {"id": item.partition(":")[2]},
                )
            )
    finally:
        engine.dispose()


def test_approve_decides_once_and_the_second_try_names_the_winner(seeded_db_url: str) -> None:
    item = pending_ids(seeded_db_url, "tasks", 1)[0]
    first = run("approve", item, "--dsn", seeded_db_url, "--as", "alice", "--reason", "fine")
    assert first.exit_code == 0, first.output
    assert first.stdout == f"{item} approved\n"
    row = task_row(seeded_db_url, item)
    assert (row.status, row.reviewed_by, row.review_reason) == ("approved", "alice", "fine")
    second = run("approve", item, "--dsn", seeded_db_url, "--as", "bob")
    assert second.exit_code == 1
    assert second.stdout.startswith(f"{item} already approved by alice at 20")
    audits = audit_rows(seeded_db_url, item)
    assert [(a.entity_type, a.action, a.actor) for a in audits] == [
        ("approvals_queue", "approve", "alice")
    ]
    assert audits[0].changes["status"] == {"old": "pending", "new": "approved"}


def test_reject_needs_a_reason_and_writes_nothing_without_one(seeded_db_url: str) -> None:
    item = pending_ids(seeded_db_url, "tasks", 1)[0]
    missing = run("reject", item, "--dsn", seeded_db_url)
    assert missing.exit_code == 2
    blank = run("reject", item, "--dsn", seeded_db_url, "--reason", "   ")
    assert blank.exit_code == 2
    assert (
        blank.stderr.strip() == "hotdash: A reason is required to reject; give one with --reason."
    )
    assert task_row(seeded_db_url, item).status == "pending"
    done = run("reject", item, "--dsn", seeded_db_url, "--reason", "off brand", "--as", "carol")
    assert done.exit_code == 0 and done.stdout == f"{item} rejected\n"
    assert task_row(seeded_db_url, item).review_reason == "off brand"
    assert [a.actor for a in audit_rows(seeded_db_url, item)] == ["carol"]


def test_identity_from_before_the_subcommand_and_from_the_environment(seeded_db_url: str) -> None:
    first, second = pending_ids(seeded_db_url, "tasks", 2)
    assert run("--as", "dora", "approve", first, "--dsn", seeded_db_url).exit_code == 0
    assert task_row(seeded_db_url, first).reviewed_by == "dora"
    env = {"HOTDASH_USER": "erin"}
    assert run("approve", second, "--dsn", seeded_db_url, env=env).exit_code == 0
    assert task_row(seeded_db_url, second).reviewed_by == "erin"


def test_an_expired_agent_request_cannot_be_approved_but_can_be_rejected(
    seeded_db_url: str,
) -> None:
    # The demo data is seeded as of FIXED_NOW, weeks ago: its pending agent requests expired.
    item = pending_ids(seeded_db_url, "agents", 1)[0]
    approve = run("approve", item, "--dsn", seeded_db_url)
    assert approve.exit_code == 1
    assert approve.stdout.startswith(f"{item} expired at ")
    assert "reject it instead" in approve.stdout
    bare = item.removeprefix("agents:")  # a bare uuid is looked up in both sources
    reject = run("reject", bare, "--dsn", seeded_db_url, "--reason", "too late", "--as", "fay")
    assert reject.exit_code == 0, reject.output
    assert reject.stdout == f"{item} rejected\n"
    assert [(a.entity_type, a.action) for a in audit_rows(seeded_db_url, item)] == [
        ("AgentApproval", "reject")
    ]


def test_several_ids_one_line_each_and_exit_1_when_any_was_not_decided(
    seeded_db_url: str,
) -> None:
    first, second = pending_ids(seeded_db_url, "tasks", 2)
    assert run("approve", first, "--dsn", seeded_db_url, "--as", "gil").exit_code == 0
    nowhere = f"tasks:{uuid.uuid4()}"
    result = run("approve", first, second, nowhere, "--dsn", seeded_db_url, "--as", "hal")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        result.stdout.splitlines()[0],
        f"{second} approved",
        f"{nowhere} not found",
    ]
    assert result.stdout.startswith(f"{first} already approved by gil at ")


def test_a_bad_id_writes_nothing_at_all(seeded_db_url: str) -> None:
    item = pending_ids(seeded_db_url, "tasks", 1)[0]
    result = run("approve", item, "orders:123", "--dsn", seeded_db_url)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'hotdash: "orders:123" is not an approval id; use tasks:<uuid> or agents:<uuid>.'
    )
    assert task_row(seeded_db_url, item).status == "pending"


def test_read_only_refuses_approve_and_reject(seeded_db_url: str) -> None:
    item = pending_ids(seeded_db_url, "tasks", 1)[0]
    before = run("--read-only", "approve", item, "--dsn", seeded_db_url)
    assert before.exit_code == 2
    assert "--read-only is set, so nothing can be approved" in before.stderr
    after = run("reject", item, "--read-only", "--reason", "no", "--dsn", seeded_db_url)
    assert after.exit_code == 2
    assert "nothing can be rejected" in after.stderr
    assert task_row(seeded_db_url, item).status == "pending"
    assert audit_rows(seeded_db_url, item) == []
    # Reading stays possible read-only.
    assert run("--read-only", "approvals", "--dsn", seeded_db_url).exit_code == 0


def test_two_approves_at_once_one_wins_the_other_exits_1_naming_it(seeded_db_url: str) -> None:
    item = pending_ids(seeded_db_url, "tasks", 1)[0]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DATABASE"))}
    url = seeded_db_url
    processes = {
        who: subprocess.Popen(
            [sys.executable, "-m", "hotdash_tui", "approve", item, "--as", who, "--dsn", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for who in ("ivy", "jon")
    }
    outcomes = {who: (p.wait(timeout=120), p.communicate()[0]) for who, p in processes.items()}
    codes = sorted(code for code, _ in outcomes.values())
    assert codes == [0, 1], outcomes
    winner = next(who for who, (code, _) in outcomes.items() if code == 0)
    loser_out = next(out for code, out in outcomes.values() if code == 1)
    assert outcomes[winner][1] == f"{item} approved\n"
    assert loser_out.startswith(f"{item} already approved by {winner} at ")
    assert task_row(seeded_db_url, item).reviewed_by == winner
    assert [a.actor for a in audit_rows(seeded_db_url, item)] == [winner]


def test_a_query_failure_is_exit_2_and_one_sentence(seeded_db_url: str) -> None:
    engine = create_db_engine(seeded_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE public.approvals_queue RENAME TO approvals_queue_gone"))
    finally:
        engine.dispose()
    result = run("approvals", "--dsn", seeded_db_url)
    assert result.exit_code == 2
    assert result.stderr.startswith("hotdash: The database is not migrated (")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_interactive_statement_timeout_applies(seeded_db_url: str) -> None:
    with psycopg.connect(seeded_db_url, autocommit=True) as conn:
        # A decision that hangs in the database, as behind a lock or on a slow server.
        conn.execute(
            "CREATE FUNCTION public.slow_decision() RETURNS trigger LANGUAGE plpgsql"
            " AS $$BEGIN PERFORM pg_sleep(3); RETURN NEW; END$$"
        )
        conn.execute(
            "CREATE TRIGGER slow BEFORE UPDATE ON public.approvals_queue"
            " FOR EACH ROW EXECUTE FUNCTION public.slow_decision()"
        )
    item = pending_ids(seeded_db_url, "tasks", 1)[0]
    env = {"HOTDASH_STATEMENT_TIMEOUT_MS": "300"}
    result = run("approve", item, "--dsn", seeded_db_url, env=env)
    assert result.exit_code == 2
    assert "statement timeout" in result.stderr
    assert task_row(seeded_db_url, item).status == "pending"  # nothing half-written
