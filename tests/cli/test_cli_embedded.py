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
