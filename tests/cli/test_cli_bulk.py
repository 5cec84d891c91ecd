"""Many items at once and the command line itself: two deciders racing over real processes,
a server connection lost midway, ``hotdash overview`` for monitoring, usage errors as one
sentence, help as a user types it, shell completion, and suggested commands with --dsn."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from hotdash_tui.cli.main import app
from hotdash_tui.db.engine import create_db_engine
from tests.cli.conftest import run

HOTDASH = [sys.executable, "-m", "hotdash_tui"]


def ids_of(url: str, *args: str) -> list[str]:
    result = run(*args, "--dsn", url, "--format", "json")
    assert result.exit_code == 0, result.output
    return [str(row["id"]) for row in json.loads(result.stdout)]


def test_two_processes_dismissing_the_same_alerts_each_win_some_once(seeded_db_url: str) -> None:
    ids = ids_of(seeded_db_url, "alerts", "--status", "new", "--limit", "40")
    env = os.environ | {"HOTDASH_STATEMENT_TIMEOUT_MS": "20000"}
    racers = [
        subprocess.Popen(
            [*HOTDASH, "alerts", "dismiss", *order, "--as", name, "--dsn", seeded_db_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name, order in (("ann", ids), ("bob", ids[::-1]))
    ]
    outputs = [racer.communicate(timeout=120) for racer in racers]
    lines = {
        name: out.splitlines() for name, (out, _err) in zip(("ann", "bob"), outputs, strict=True)
    }
    won = {n: {ln.split()[0] for ln in lines[n] if ln.endswith(" dismissed")} for n in lines}
    assert won["ann"].isdisjoint(won["bob"]) and won["ann"] | won["bob"] == set(ids)
    for loser, winner in (("ann", "bob"), ("bob", "ann")):
        for line in lines[loser]:
            if line.split()[0] in won[winner]:
                assert f" already dismissed by {winner} at " in line
    engine = create_db_engine(seeded_db_url)
    try:
        with engine.connect() as conn:
            audits = (
                conn.execute(
                    text(
                        "SELECT entity_id::text FROM system.audit_log"
                        " WHERE entity_type = 'competitor_alert' AND action = 'dismissed'"
                    )
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    assert sorted(a for a in audits if a in set(ids)) == sorted(ids)  # each decided once


def test_a_connection_lost_midway_says_what_was_done_and_what_was_not(
    seeded_db_url: str,
) -> None:
    ids = ids_of(seeded_db_url, "approvals", "--source", "tasks", "--limit", "4")
    engine = create_db_engine(seeded_db_url)
    third = uuid.UUID(ids[2].removeprefix("tasks:"))
    try:
        with engine.begin() as conn:  # the server ends the session deciding the third item
            conn.execute(
                text(f"""
                CREATE FUNCTION pg_temp_kill() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.id = '{third}' THEN PERFORM pg_terminate_backend(pg_backend_pid());
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER kill_on_third BEFORE UPDATE ON public.approvals_queue
                    FOR EACH ROW EXECUTE FUNCTION pg_temp_kill();
            """)
            )
        result = run("approve", *ids, "--as", "fay", "--dsn", seeded_db_url)
        with engine.connect() as conn:
            statuses: dict[str, str] = dict(
                conn.execute(
                    text(
                        "SELECT 'tasks:' || id, status FROM public.approvals_queue"
                        " WHERE id = ANY(CAST(:ids AS uuid[]))"
                    ),
                    {"ids": [i.removeprefix("tasks:") for i in ids]},
                ).all()
            )
    finally:
        engine.dispose()
    assert result.exit_code == 2
    assert result.stdout == f"{ids[0]} approved\n{ids[1]} approved\n"
    assert result.stderr.startswith("hotdash: ")
    assert result.stderr.endswith(
        f"; it stopped after 2 of 4 items (their lines are above); not done: {ids[2]} "
        f"{ids[3]} (check the first: it was being written).\n"
    )
    assert [statuses[i] for i in ids] == ["approved", "approved", "pending", "pending"]


def test_overview_is_one_json_object_of_the_tiles(seeded_db_url: str) -> None:
    result = run("overview", "--dsn", seeded_db_url)
    assert result.exit_code == 0, result.output
    tiles: dict[str, Any] = json.loads(result.stdout)
    engine = create_db_engine(seeded_db_url)
    try:
        with engine.connect() as conn:
            pending = conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM public.approvals_queue WHERE status = 'pending')"
                    " + (SELECT count(*) FROM public.\"AgentApproval\" WHERE status = 'pending')"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    assert tiles["approvals"]["pending"] == pending
    assert set(tiles) >= {"board", "new_alerts", "margins", "failed_runs_24h", "roas", "stock"}
    assert tiles["refused"] == {}


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ("reject", "tasks:x"),
            "hotdash: missing option '--reason'; hotdash reject --help lists what it takes.\n",
        ),
        (
            ("alerts", "--limt", "3"),
            "hotdash: no such option: --limt; did you mean --limit or --listing?\n",
        ),
        (("alertz",), "hotdash: no such command 'alertz'; did you mean 'alerts'?\n"),
    ],
)
def test_a_usage_error_is_one_sentence_and_exit_2(args: tuple[str, ...], sentence: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", sentence)


def _commands(group: Any, prefix: str = "") -> list[str]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}".strip()
        found += _commands(command, path) if hasattr(command, "commands") else [path]
    return found


def test_every_help_reads_as_typed_and_ends_with_an_example() -> None:
    from typer.main import get_command

    paths = _commands(get_command(app))
    assert len(paths) > 25 and "alerts dismiss" in paths and "price set" in paths
    for path in paths:
        result = run(*path.split(), "--help")
        assert result.exit_code == 0, path
        types = set(re.findall(r"<[a-z_\[\] ]+>", result.stdout)) - {"<uuid>"}
        assert not types, (path, types)  # <str>, <int range>, <bool>, <list[str]>
        assert not re.search(r"\{[a-z_]+\}", result.stdout), path  # typer's {ids}
        assert "Example: " in result.stdout.rstrip().rsplit("\n\n", 1)[-1], path


def test_completion_is_offered_for_the_shell() -> None:
    script = str(Path(sys.executable).with_name("hotdash"))  # the installed console script
    # From a bash, as a user asks for it: typer finds the shell from its parent process
    # (the "; true" keeps bash from replacing itself with the command).
    result = subprocess.run(
        ["bash", "-c", f"{script} --show-completion; true"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stderr == ""
    assert "complete -o default -F _hotdash_completion hotdash" in result.stdout
    assert "_HOTDASH_COMPLETE=complete_bash" in result.stdout


def test_a_suggested_migrate_names_the_dsn_given_without_its_password(
    pg_admin_url: str,
) -> None:
    from tests.conftest import create_database, database_url, drop_database

    name = create_database(pg_admin_url)
    try:
        url = database_url(pg_admin_url, name)
        result = run("alerts", "--dsn", url + " password=never-shown")
    finally:
        drop_database(pg_admin_url, name)
    assert result.exit_code == 2
    assert "never-shown" not in result.stderr
    assert "run `hotdash migrate --dsn '" in result.stderr
    assert f"dbname={name}" in result.stderr.split("--dsn", 1)[1]
