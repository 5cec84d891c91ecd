"""LISTEN/NOTIFY: what other sessions changed, as it is committed.

The migration ``20251130000500_live_notify.sql`` makes every change to a table a screen shows
send ``{"table": ..., "id": ..., "op": ...}`` on the channel ``hotdash``. A :class:`Listener`
holds one dedicated autocommit connection (LISTEN needs a session of its own: a pooled
connection would hand it to someone else between transactions) and waits on it with a
timeout, so its owner can stop between waits. Behind a transaction pooler LISTEN cannot work
at all (``db/pooler.py`` tells); the App polls instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Self

import psycopg

from hotdash_tui.db.engine import connect

CHANNEL = "hotdash"
# The tables whose changes the migration notifies, as payloads name them.
NOTIFYING_TABLES = frozenset(
    {
        "public.approvals_queue",
        "public.AgentApproval",
        "workflow.tasks",
        "competitors.alerts",
        "pricing.current_prices",
        "public.pipeline_runs",
        "public.jobs",
        "system.jobs",
        "public.agent_run",
    }
)
SETTLE_SECONDS = 0.2  # changes arriving this close together make one batch


@dataclass(frozen=True)
class Change:
    """One committed change: ``schema.table`` (unquoted), the row's key if known, the verb."""

    table: str
    id: str | None
    op: str


def parse_change(payload: str) -> Change | None:
    """The change a notification describes, or None for a payload that is not ours."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("table"), str):
        return None
    key = data.get("id")
    return Change(
        table=data["table"],
        id=None if key is None else str(key),
        op=str(data.get("op", "")),
    )


class Listener:
    """A LISTEN session on ``hotdash``; use as a context manager, from one thread only.

    Connection failures surface as :class:`psycopg.OperationalError` from :meth:`open` and
    :meth:`wait`; the caller decides how long to wait before opening a new one.
    """

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._conn: psycopg.Connection[Any] | None = None

    def open(self) -> None:
        conn = connect(self.conninfo, autocommit=True)
        try:
            conn.execute("LISTEN hotdash")
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def wait(self, timeout: float, settle: float = SETTLE_SECONDS) -> list[Change]:
        """The changes committed from now on: waits up to ``timeout`` for a first one, then
        ``settle`` seconds more for those right behind it, so a burst makes one batch.
        An empty list means nothing happened within ``timeout``."""
        conn = self._conn
        if conn is None:
            raise RuntimeError("Listener.wait() before open()")
        notes = list(conn.notifies(timeout=timeout, stop_after=1))
        if notes:
            notes += conn.notifies(timeout=settle)
        if conn.closed or conn.broken:
            # psycopg ends the generator quietly when the server goes away mid-wait.
            raise psycopg.OperationalError("the listening connection was closed")
        changes = (parse_change(note.payload) for note in notes if note.channel == CHANNEL)
        return [change for change in changes if change is not None]
