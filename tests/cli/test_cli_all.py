"""``--all`` on every check: every matching row, in keyset windows, exactly once; and a cut
output that counts what it left out. Windows are made small here so that the demo's few
hundred rows span many of them."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.cli import records
from tests.cli.conftest import run


@pytest.fixture(autouse=True)
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "WINDOW", 7)


def ids(*args: str) -> list[str]:
    result = run(*args, "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    key = "listing_id" if args[0] == "margins" else "id"
    return [str(row[key]) for row in json.loads(result.stdout)]


def column(engine: sqlalchemy.Engine, sql: str) -> list[str]:
    with engine.connect() as conn:
        return [str(value) for value in conn.execute(text(sql)).scalars()]


@pytest.mark.parametrize(
    ("args", "sql"),
    [
        (("alerts", "--status", "all"), "SELECT id FROM competitors.alerts"),
        (
            ("approvals", "--status", "all"),
            "SELECT 'tasks:' || id FROM approvals_queue "
            "UNION ALL SELECT 'agents:' || id FROM \"AgentApproval\"",
        ),
        (("runs", "--source", "pipeline"), "SELECT 'pipeline:' || id FROM pipeline_runs"),
        (("logs", "--level", "all"), "SELECT id FROM observability_logs"),
        (("margins",), "SELECT id FROM catalog.listings"),
    ],
)
def test_all_prints_every_row_the_database_holds_exactly_once(
    live_url: str, live_engine: sqlalchemy.Engine, args: tuple[str, ...], sql: str
) -> None:
    printed = ids(*args, "--dsn", live_url)
    assert len(printed) > 7 * 3  # many windows
    assert len(printed) == len(set(printed))
    assert set(printed) == set(column(live_engine, sql))


def test_board_all_in_windows_is_the_board_in_one_window(live_url: str) -> None:
    whole = run("board", "--limit", "1000", "--format", "json", "--dsn", live_url)
    assert whole.exit_code == 0, whole.output
    assert ids("board", "--dsn", live_url) == [row["id"] for row in json.loads(whole.stdout)]


def test_all_as_csv_and_table_print_one_header(live_url: str) -> None:
    csv_lines = run("alerts", "--status", "all", "--all", "--format", "csv", "--dsn", live_url)
    assert csv_lines.stdout.count("id,severity") == 1
    table = run("alerts", "--status", "all", "--all", "--dsn", live_url)
    lines = table.stdout.splitlines()
    assert lines[0].split()[:2] == ["id", "severity"]
    assert sum(line.startswith("id ") for line in lines) == 1
    assert len(lines) == 1 + len(ids("alerts", "--status", "all", "--dsn", live_url))


def test_a_cut_output_counts_the_rows_it_left_out(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    result = run("alerts", "--status", "all", "--limit", "5", "--format", "csv", "--dsn", live_url)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1 + 5
    total = len(column(live_engine, "SELECT id FROM competitors.alerts"))
    found = re.fullmatch(
        r"(\d[\d,]*) more alerts match than the 5 shown; add --all for every one, raise "
        r"--limit, or narrow the filter\.\n",
        result.stderr,
    )
    assert found is not None, result.stderr
    assert int(found[1].replace(",", "")) == total - 5


def test_piped_board_lines_each_name_their_stage(live_url: str) -> None:
    result = run("board", "--limit", "2", "--dsn", live_url)
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["id", "stage"]
    stages = {line.split()[1] for line in lines[1:]}
    assert {"Backlog", "Review"} <= stages


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("approvals",), "id"),
        (("alerts",), "id"),
        (("runs",), "id"),
        (("logs",), "id"),
        (("board",), "id"),
        (("margins",), "sku"),
        (("stock",), "sku"),
    ],
)
def test_an_80_column_terminal_keeps_the_id_a_command_takes(
    live_url: str, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], key: str
) -> None:
    from hotdash_tui.cli import output

    wanted = run(*args, "--limit", "5", "--format", "json", "--dsn", live_url)
    rows = json.loads(wanted.stdout)
    assert rows
    monkeypatch.setattr(output, "is_terminal", lambda out=None: True)
    table = run(*args, "--limit", "5", "--dsn", live_url, env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.output
    assert all(len(line) <= 80 for line in table.stdout.splitlines())
    for row in rows:
        assert str(row[key]) in table.stdout


def test_a_terminal_titles_each_stage_of_the_board(
    live_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotdash_tui.cli import output

    monkeypatch.setattr(output, "is_terminal", lambda out=None: True)
    table = run("board", "--limit", "1", "--dsn", live_url, env={"COLUMNS": "120"})
    assert table.stdout.startswith("Backlog (")
    assert " stage " not in table.stdout.splitlines()[1]  # the title says it
