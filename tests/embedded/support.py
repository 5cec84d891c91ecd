"""Small helpers shared by the embedded server tests."""

from __future__ import annotations

import json
from typing import Any

import psutil
import psycopg

from hotdash_tui.embedded.server import EmbeddedServer


def registry_pids(server: EmbeddedServer) -> list[int]:
    """The pids in the registry file as written, dead or alive."""
    raw: dict[str, Any] = json.loads((server.data_dir / ".handle_pids.json").read_text())
    return [entry["pid"] for entry in raw["users"]]


def postmaster_pid(server: EmbeddedServer) -> int:
    pid = server.status().pid
    assert pid is not None
    return pid


def pid_alive(pid: int) -> bool:
    try:
        # A zombie has exited already; only its parent has not collected it yet.
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def select_one(url: str) -> int:
    with psycopg.connect(url, connect_timeout=10) as conn:
        row = conn.execute("select 1").fetchone()
    assert row is not None
    value: int = row[0]
    return value
