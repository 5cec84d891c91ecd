"""The command line through a real PgBouncer in transaction mode (issue 15): prepared
statements met other server sessions there ("prepared statement _pg3_0 already exists")."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.cli.test_cli_schema import hotdash
from tests.pgbouncer import PgBouncer

pytestmark = pytest.mark.slow

CHECKS = ["approvals", "board", "alerts", "margins", "runs", "roas", "logs", "tables"]


def test_every_quick_check_and_twenty_decisions_go_through_the_pooler(
    pgbouncer: PgBouncer, seeded_db_url: str
) -> None:
    url = pgbouncer.url(seeded_db_url)
    for check in CHECKS:
        result = hotdash(check, "--dsn", url, "--format", "json")
        assert result.returncode == 0, (check, result.stderr)
        assert json.loads(result.stdout)
    # The demo's snapshots are dated by the fixed clock, over 30 days ago: none may be recent.
    stock = hotdash("stock", "--dsn", url, "--format", "json")
    assert stock.returncode in (0, 1), stock.stderr
    assert isinstance(json.loads(stock.stdout), list)
    rows = hotdash("table", "observability_logs", "--where", "level:ERROR", "--all",
                   "--format", "json", "--dsn", url)  # fmt: skip
    assert rows.returncode == 0, rows.stderr
    assert {row["level"] for row in json.loads(rows.stdout)} == {"ERROR"}
    listed = hotdash("approvals", "--dsn", url, "--format", "json", "--limit", "20")
    ids = [row["id"] for row in json.loads(listed.stdout)]
    assert len(ids) == 20
    # Two reviewers at once, so that their transactions trade server sessions in the pool.
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DATABASE"))}
    reviewers = [
        subprocess.Popen(
            [sys.executable, "-m", "hotdash_tui", "approve", *half, "--dsn", url, "--as", "rita"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for half in (ids[::2], ids[1::2])
    ]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in reviewers]
    assert [code for code, _, _ in outcomes] == [0, 0], [err for _, _, err in outcomes]
    assert sum(out.count(" approved") for _, out, _ in outcomes) == 20
    again = hotdash("approve", *ids[:2], "--dsn", url, "--as", "bob")
    assert again.returncode == 1
    assert again.stdout.count("already approved by rita") == 2


def test_migrate_through_the_pooler(pgbouncer: PgBouncer, empty_db_url: str) -> None:
    url = pgbouncer.url(empty_db_url)
    first = hotdash("migrate", "--dsn", url)
    assert first.returncode == 0, first.stderr
    status = hotdash("migrate", "--status", "--dsn", url)
    assert status.returncode == 0, status.stderr
    assert "pending" not in status.stdout
