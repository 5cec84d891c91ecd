"""Ping a pooled connection before use only when it sat idle in the pool for a while.

SQLAlchemy's ``pool_pre_ping`` costs a round trip on every checkout: at a fraction of a
millisecond per statement it was the larger part of the App's overhead over plain psycopg
(benchmarks, "Named queries"). A connection handed back a moment ago was alive then, so
it is handed out again as it is. One that waited longer than ``idle_seconds`` may have been
cut meanwhile (a server restart, an idle timeout of a proxy or firewall): it answers a ping
first, and a dead one is replaced, with every connection made before it (a restart kills
them all), exactly as ``pool_pre_ping`` does.

A connection that dies while it is in use, or within the idle limit, fails its statement:
SQLAlchemy sees the disconnect, invalidates the pool, and the caller's error handling
(a screen's error line, the App's reconnect loop in ``live_link``) takes it from there;
the next checkout connects afresh.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg
import sqlalchemy
from sqlalchemy import event, exc

IDLE_PING_SECONDS = 5.0
"""A connection idle in the pool longer than this is pinged before it is handed out."""

Clock = Callable[[], float]

_RETURNED_AT = "hotdash_returned_at"  # key in the connection record's info: when it came back


def ping_after_idle(
    engine: sqlalchemy.Engine,
    *,
    idle_seconds: float = IDLE_PING_SECONDS,
    clock: Clock = time.monotonic,
) -> None:
    """Installs the checkout ping on ``engine``'s pool (its ``pool_pre_ping`` must be off)."""
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _note_return(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED_AT] = clock()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # A new connection has no mark (the record's info is cleared on reconnect).
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or clock() - returned_at <= idle_seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except psycopg.Error as error:
            # The pool replaces this connection and, as after a restart, all made before it.
            raise exc.InvalidatePoolError(f"idle connection failed its ping: {error}") from error
