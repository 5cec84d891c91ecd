"""``hotdash db start|status|url|stop`` on a private embedded server, as a user runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest


@pytest.fixture
def data_dir() -> Iterator[Path]:
    parent = Path(tempfile.mkdtemp(prefix="hdcli", dir="/tmp"))
    parent.chmod(0o755)  # as root the server runs as an unprivileged account
    yield parent / "pg"
    run_db(parent / "pg", "stop")
    shutil.rmtree(parent, ignore_errors=True)


def run_db(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DATABASE_URL"))}
    env["HOTDASH_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "hotdash_tui", "db", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_start_status_url_stop(data_dir: Path) -> None:
    started = run_db(data_dir, "start")
    assert started.returncode == 0, started.stderr
    assert "running" in started.stdout

    # The server outlives the command that started it: it is pinned until `db stop`.
    status = run_db(data_dir, "status")
    assert status.returncode == 0
    assert "running (pid" in status.stdout and "until hotdash db stop" in status.stdout
    assert str(data_dir) in status.stdout

    url = run_db(data_dir, "url")
    assert url.returncode == 0, url.stderr
    with psycopg.connect(url.stdout.strip()) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("hotdash",)

    stopped = run_db(data_dir, "stop")
    assert stopped.returncode == 0 and "has stopped" in stopped.stdout
    assert "stopped" in run_db(data_dir, "status").stdout
    again = run_db(data_dir, "stop")
    assert again.returncode == 0 and "was not running" in again.stdout


def test_url_of_a_stopped_server_is_one_sentence_and_exit_2(data_dir: Path) -> None:
    result = run_db(data_dir, "url")
    assert result.returncode == 2
    assert result.stderr.startswith("hotdash: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


HOLD = """
from hotdash_tui.embedded.server import EmbeddedServer
EmbeddedServer().acquire()
print("holding", flush=True)
import sys
sys.stdin.read()
"""


@pytest.mark.slow
def test_the_first_start_says_what_it_does_and_stop_waits_for_dashboards(data_dir: Path) -> None:
    first = run_db(data_dir, "start")
    assert first.returncode == 0, first.stderr
    assert "Creating the embedded Postgres data folder" in first.stderr
    assert "Starting the embedded Postgres server" in first.stderr
    again = run_db(data_dir, "start")
    assert again.returncode == 0 and "Creating" not in again.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DATABASE_URL"))}
    env["HOTDASH_DATA_DIR"] = str(data_dir)
    holder = subprocess.Popen(  # a dashboard, as the server's registry sees one
        [sys.executable, "-c", HOLD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env=env,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        refused = run_db(data_dir, "stop")
        assert refused.returncode == 1
        assert f"a dashboard uses the embedded server (pid {holder.pid})" in refused.stderr
        assert "running (pid" in run_db(data_dir, "status").stdout
        forced = run_db(data_dir, "stop", "--force")
        assert forced.returncode == 0 and "has stopped" in forced.stdout
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)


@pytest.mark.slow
def test_reset_makes_the_demo_database_again_after_a_confirmation(data_dir: Path) -> None:
    assert run_db(data_dir, "start").returncode == 0
    url = run_db(data_dir, "url").stdout.strip()
    with psycopg.connect(url) as conn:  # a database that is not the demo one any more
        conn.execute("CREATE TABLE public.mine (x int)")
    asked = run_db(data_dir, "reset")  # no terminal to confirm on: nothing is done
    assert asked.returncode == 1 and "add --yes" in asked.stderr
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT to_regclass('public.mine')").fetchone() == ("mine",)
    done = run_db(data_dir, "reset", "--yes")
    assert done.returncode == 0, done.stderr
    assert "made again" in done.stdout and "Loading demo data" in done.stderr
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT to_regclass('public.mine')").fetchone() == (None,)
        pending = conn.execute(
            "SELECT count(*) FROM public.approvals_queue WHERE status = 'pending'"
        ).fetchone()
        assert pending is not None and pending[0] > 0
