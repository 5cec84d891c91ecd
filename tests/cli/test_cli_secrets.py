"""A password in ``--dsn``, end to end (issue 15): the real ``hotdash`` in real processes.

It must appear in no process title, no stderr (malformed connection strings and
``HOTDASH_DEBUG=1`` included), no screen and no log file; a one-line warning names the safer
ways to give it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import psycopg.conninfo
import pytest

from tests.cli.test_cli_schema import hotdash

SECRET = "Sekr1t-Pass"
MALFORMED = [
    f"postgresql://u:{SECRET}@[::1/db",
    f"postgresql://u:{SECRET}@localhost:notaport/db",
    f"postgresql://u:{SECRET}@/db?host=/nonexistent-dir&sslmode=bogus",
    f"postgresql://u:pre@{SECRET}@localhost/db",
    f"host=/nonexistent-dir password={SECRET} port=x",
    f"host=/nonexistent-dir password='{SECRET} x' dbname=",
]


@pytest.mark.parametrize("debug", ["", "1"])
@pytest.mark.parametrize("dsn", MALFORMED)
def test_a_malformed_dsn_never_prints_its_password(dsn: str, debug: str) -> None:
    result = hotdash("approvals", "--dsn", dsn, env={"HOTDASH_DEBUG": debug} if debug else {})
    assert result.returncode == 2
    assert SECRET not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("hotdash: ")


def test_a_password_in_dsn_is_warned_about_once(seeded_db_url: str) -> None:
    url = psycopg.conninfo.make_conninfo(seeded_db_url, password=SECRET)
    result = hotdash("approvals", "--dsn", url, "--format", "json")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "PGPASSWORD" in warnings[0] and ".pgpass" in warnings[0]
    assert "service file" in warnings[0]
    assert SECRET not in result.stderr + result.stdout
    quiet = hotdash("approvals", "--dsn", seeded_db_url, "--format", "json")
    assert "warning" not in quiet.stderr


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    """What the terminal showed until ``wanted`` appeared (or the time ran out)."""
    seen = b""
    deadline = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.slow
def test_the_running_dashboard_shows_the_password_nowhere(
    seeded_db_url: str, tmp_path: Path
) -> None:
    url = psycopg.conninfo.make_conninfo(seeded_db_url, password=SECRET)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DATABASE"))}
    environment.update(TERM="xterm-256color", HOTDASH_LOG_DIR=str(tmp_path / "logs"))
    process = subprocess.Popen(
        [sys.executable, "-m", "hotdash_tui", "--dsn", url, "--as", "alice"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment,
        start_new_session=True,
    )
    os.close(follower)
    try:
        screen = _read_until(leader, b"Overview", 60)
        assert b"Overview" in screen, screen[-2000:]
        title = Path(f"/proc/{process.pid}/cmdline").read_bytes()
        assert SECRET.encode() not in title
        assert b"***" in title
        screen += _read_until(leader, b"\x00never", 1.5)  # the figures, as they paint
        os.write(leader, b"q")
        assert process.wait(timeout=30) == 0
        screen += _read_until(leader, b"\x00never", 0.5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        os.close(leader)
    assert SECRET.encode() not in screen
    assert b"PGPASSWORD" in screen  # the warning, before the dashboard took the screen
    logs = tmp_path / "logs"
    assert not logs.exists() or all(SECRET not in p.read_text() for p in logs.iterdir())
