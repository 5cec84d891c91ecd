"""Exit codes of the quick checks (0 rows, 1 nothing matched, 2 usage or connection), their
help, and no password in any output."""

from __future__ import annotations

import csv
import io
import json

import psycopg.conninfo
import pytest

from tests.cli.conftest import run
from tests.cli.test_cli_schema import hotdash

PASSWORD = "cl1-s3cret-never-shown"
CHECKS = ("approvals", "board", "alerts", "margins", "runs", "roas")
NO_MATCH = "zzq-no-such-thing-anywhere"


@pytest.mark.parametrize("command", [*CHECKS, "approve", "reject"])
def test_every_command_help_shows_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Example: hotdash {command}" in result.stdout
    assert "--dsn" in result.stdout


def test_nothing_matched_is_exit_1_in_every_format(live_url: str) -> None:
    base = ("approvals", "--dsn", live_url, NO_MATCH)
    table = run(*base)
    assert table.exit_code == 1
    assert table.stdout == "" and table.stderr == "No approvals match.\n"
    as_json = run(*base, "--format", "json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout) == []
    as_csv = run(*base, "--format", "csv")
    assert as_csv.exit_code == 1
    reader = csv.DictReader(io.StringIO(as_csv.stdout))
    assert list(reader) == [] and reader.fieldnames and reader.fieldnames[0] == "id"


@pytest.mark.parametrize(
    "args",
    [
        ("board", NO_MATCH),
        ("alerts", NO_MATCH),
        ("margins", NO_MATCH),
        ("runs", NO_MATCH),
    ],
)
def test_each_check_exits_1_when_nothing_matches(live_url: str, args: tuple[str, ...]) -> None:
    result = run(*args, "--dsn", live_url, "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("approvals", "--status", "bogus"), '"status:bogus" is not one of status: all, '),
        (("approvals", "colour:red"), 'There is no filter "colour:" here'),
        (("runs", "--since", "3x"), '"since:3x" is not a time window'),
        (("runs", "--since", "2y"), '"since:2y" is not a time window'),
        (("alerts", "--severity", "urgent"), '"severity:urgent" is not one of severity: '),
        (("board", "--stage", "Limbo"), 'There is no stage "limbo"; the stages are Backlog'),
        (("board", "--type", "chores"), '"type:chores" is not one of type: '),
    ],
)
def test_bad_values_are_one_sentence_and_exit_2(
    live_url: str, args: tuple[str, ...], sentence: str
) -> None:
    result = run(*args, "--dsn", live_url)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"hotdash: {sentence}")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args", [("runs", "--limit", "0"), ("roas", "--days", "0"), ("approvals", "--format", "xml")]
)
def test_out_of_range_options_are_usage_errors(live_url: str, args: tuple[str, ...]) -> None:
    assert run(*args, "--dsn", live_url).exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        *((check, "--format", "json") for check in CHECKS),
        ("approve", "tasks:6f1c0a5e-1b2c-4d3e-8f40-5a6b7c8d9e0f"),
        ("reject", "tasks:6f1c0a5e-1b2c-4d3e-8f40-5a6b7c8d9e0f", "--reason", "no"),
    ],
)
def test_an_unreachable_server_is_exit_2_without_the_password(args: tuple[str, ...]) -> None:
    url = f"postgresql://someone:{PASSWORD}@127.0.0.1:1/nowhere"
    result = run(*args, "--dsn", url)
    assert result.exit_code == 2
    assert result.stderr.startswith("hotdash: Cannot connect to the database")
    assert PASSWORD not in result.output
    assert result.stdout == ""


def test_a_refused_login_with_a_password_never_shows_it(pg_admin_url: str) -> None:
    # A real server refuses this one after reading the password (an unknown database);
    # through the environment as well as --dsn, in a real process.
    url = psycopg.conninfo.make_conninfo(pg_admin_url, password=PASSWORD, dbname="no_such_db")
    for env in ({"DATABASE_URL": url}, {}):
        args = (
            ("approvals", "--format", "csv")
            if env
            else ("approve", "--dsn", url, "tasks:6f1c0a5e-1b2c-4d3e-8f40-5a6b7c8d9e0f")
        )
        result = hotdash(*args, env=env)
        assert result.returncode == 2
        assert PASSWORD not in result.stdout + result.stderr
    listed = hotdash("approvals", "--dsn", url)
    assert listed.returncode == 2
    assert "no_such_db" in listed.stderr and PASSWORD not in listed.stderr + listed.stdout
