"""``hotdash tables`` and ``hotdash table``: the schema browser from the shell, on a real
database: every table listed, rows filtered and ordered as SQL says, --all streaming every row,
secrets as the browser shows them, and one sentence with exit 2 for what cannot be read."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from typing import Any

import sqlalchemy
from sqlalchemy import text

from tests.cli.conftest import run


def sql(engine: sqlalchemy.Engine, statement: str) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(statement)))


def test_tables_lists_every_table_with_its_seed_and_rights(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    wanted = {
        f"{r.nspname}.{r.relname}"
        for r in sql(
            live_engine,
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'v', 'm', 'p')"
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
        )
    }
    result = run("tables", "--format", "json", "--dsn", live_url)
    assert result.exit_code == 0, result.output
    listed = {r["table"]: r for r in json.loads(result.stdout)}
    assert set(listed) == wanted
    assert listed["public.observability_logs"]["system"] == "004 HotDash operator"
    assert listed["catalog.listings"]["system"] == "001 Amazon seller"
    assert listed["public.creds_meta"]["rls"] is True


def test_table_all_returns_exactly_the_rows_the_database_holds(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    wanted = [r.id for r in sql(live_engine, "SELECT id FROM public.pipeline_runs ORDER BY id")]
    assert len(wanted) > 1_000  # more than one streamed window
    # A real process and a real pipe, as a shell runs it.
    done = subprocess.run(
        [sys.executable, "-m", "hotdash_tui", "table", "pipeline_runs", "--all",
         "--format", "csv", "--dsn", live_url],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    got = [row["id"] for row in csv.DictReader(io.StringIO(done.stdout))]
    assert got == [str(i) for i in wanted]


def test_table_where_and_order_match_sql_and_say_when_more_match(
    live_url: str, live_engine: sqlalchemy.Engine
) -> None:
    wanted = [
        r.id
        for r in sql(
            live_engine,
            "SELECT id FROM public.observability_logs WHERE level = 'ERROR'"
            " ORDER BY created_at DESC, id DESC",
        )
    ]
    result = run(
        "table", "observability_logs", "--where", "level:ERROR", "--order", "created_at",
        "--desc", "--limit", "5", "--format", "json", "--dsn", live_url,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == wanted[:5]
    assert "More rows match than the 5 shown; raise --limit or add --all." in result.stderr


def test_table_shows_bytes_as_their_length(live_url: str, live_engine: sqlalchemy.Engine) -> None:
    lengths = {
        str(r.id): r.n
        for r in sql(live_engine, "SELECT id, octet_length(encrypted_value) AS n FROM creds_meta")
    }
    result = run("table", "creds_meta", "--format", "json", "--dsn", live_url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["id"]: r["encrypted_value"] for r in rows} == {
        key: f"<{n} bytes>" for key, n in lengths.items()
    }


def test_what_cannot_be_read_is_one_sentence_and_exit_2(live_url: str) -> None:
    cases = {
        ("table", "nope"): (
            "hotdash: There is no table or view 'nope'; `hotdash tables` lists them."
        ),
        ("table", "observability_logs", "--where", "id:x"): (
            'hotdash: "id:x" does not read as a whole number.'
        ),
        ("table", "observability_logs", "--order", "nope"): (
            'hotdash: public.observability_logs has no column "nope".'
        ),
    }
    for args, message in cases.items():
        result = run(*args, "--dsn", live_url)
        assert (result.exit_code, result.stderr.strip()) == (2, message), args


def test_nothing_matching_exits_1(live_url: str) -> None:
    result = run("table", "observability_logs", "--where", "id<0", "--dsn", live_url)
    assert result.exit_code == 1
    assert "No rows of public.observability_logs match." in result.stderr
