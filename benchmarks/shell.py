"""Section 9: the quick checks as a user runs them from the shell, beside psql.

Each command is the installed ``hotdash`` console script started as a new process (the
embedded server already running, bytecode caches written by an untimed first run), timed
from just before it starts to its exit, stdout read to the end as a pipe reads it. The floor
beside it is psql (``-X``, a new process too) running the statements that command sent, as
captured on SQLAlchemy's engines while the same command ran once in the harness, rendered with
their parameters by psycopg. psql's own start is in the floor, as hotdash's is in its figure.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy
from sqlalchemy import event

from benchmarks.figures import Figure, Section, Target

CHECKS: dict[str, list[str]] = {
    "approvals": ["approvals", "--format", "json"],
    "alerts": ["alerts"],
    "board": ["board"],
    "margins": ["margins"],
    "runs": ["runs"],
    "roas": ["roas"],
    "tables": ["tables"],
    "overview": ["overview"],
}
PLAIN = {"--help": ["--help"], "--version": ["--version"]}
CHECK_TARGET = Target(0.3, "s", "median")
PLAIN_TARGET = Target(0.15, "s", "median")


def hotdash_script() -> str:
    """The console script installed beside this interpreter, as a user's shell runs it."""
    return str(Path(sys.executable).with_name("hotdash"))


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=120)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: nothing matched, still a full run
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}")
    return seconds


def sent_statements(args: list[str], url: str) -> list[str]:
    """The statements ``hotdash ARGS`` sends, with their parameters, as psql would run them."""
    from typer.testing import CliRunner

    from hotdash_tui.cli.main import app

    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        captured.append((statement, params))

    event.listen(sqlalchemy.engine.Engine, "before_cursor_execute", capture)
    try:
        result = CliRunner().invoke(app, [*args, "--dsn", url])
    finally:
        event.remove(sqlalchemy.engine.Engine, "before_cursor_execute", capture)
    if result.exit_code not in (0, 1):
        raise RuntimeError(f"hotdash {' '.join(args)}: {result.output}")
    with psycopg.connect(url) as conn:
        cursor = psycopg.ClientCursor(conn)
        rendered = [cursor.mogrify(statement, params or None) for statement, params in captured]
    # A transaction's isolation is set before its first statement; psql runs each alone.
    return [s for s in rendered if not s.lstrip().upper().startswith("SET TRANSACTION")]


def psql_floor(statements: list[str], url: str, samples: int) -> float | None:
    psql = shutil.which("psql")
    if psql is None or not statements:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(";\n".join(statements) + ";\n")
    command = [psql, "-X", "-q", "-o", "/dev/null", "-f", script.name, url]
    try:
        timed(command)  # untimed: the first run reads psql's own files
        return statistics.median(timed(command) for _ in range(samples))
    finally:
        Path(script.name).unlink()


def run(url: str, samples: int, section: Section) -> None:
    script = hotdash_script()
    for name, args in PLAIN.items():
        timed([script, *args])
        figure = section.add(Figure(f"hotdash {name}", "s", target=PLAIN_TARGET))
        figure.samples += [timed([script, *args]) for _ in range(samples)]
    for args in CHECKS.values():
        timed([script, *args])  # untimed: caches written, as an installed hotdash has them
        figure = section.add(Figure(f"hotdash {' '.join(args)}", "s", target=CHECK_TARGET))
        figure.samples += [timed([script, *args]) for _ in range(samples)]
        statements = sent_statements(args, url)
        floor = psql_floor(statements, url, samples)
        if floor is not None:
            figure.note = f"psql, the same {len(statements)} statements: {floor:.3f} s"
