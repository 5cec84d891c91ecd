"""The pool pings a connection only after it sat idle (db/pool_ping.py), on a real server.

Whether a checkout pinged is read from the server itself: pg_stat_activity shows each
backend's last statement, which changes at checkout only if a ping was sent.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.pool_ping import IDLE_PING_SECONDS

BACKEND_PID = text("SELECT pg_backend_pid()")


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def engine(db_url: str, clock: FakeClock) -> Iterator[sqlalchemy.Engine]:
    engine = create_db_engine(db_url, pool_size=1, clock=clock)
    try:
        yield engine
    finally:
        engine.dispose()


def backend_pid(engine: sqlalchemy.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(BACKEND_PID).scalar_one())


def last_statement(admin: psycopg.Connection[Any], pid: int) -> str | None:
    row = admin.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
    return None if row is None else str(row[0])


def terminate(admin: psycopg.Connection[Any], pid: int) -> None:
    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    for _ in range(500):  # the backend leaves pg_stat_activity when it has exited
        if last_statement(admin, pid) is None:
            return
        time.sleep(0.01)
    raise AssertionError(f"backend {pid} did not exit")


def test_a_connection_used_just_now_is_handed_out_without_a_ping(
    engine: sqlalchemy.Engine, admin: psycopg.Connection[Any], clock: FakeClock
) -> None:
    pid = backend_pid(engine)
    before = last_statement(admin, pid)
    clock.advance(IDLE_PING_SECONDS / 2)
    with engine.connect():
        assert last_statement(admin, pid) == before
    with engine.connect() as conn:
        assert conn.execute(BACKEND_PID).scalar_one() == pid


def test_a_connection_idle_past_the_limit_is_pinged_and_kept_when_it_answers(
    engine: sqlalchemy.Engine, admin: psycopg.Connection[Any], clock: FakeClock
) -> None:
    pid = backend_pid(engine)
    before = last_statement(admin, pid)
    clock.advance(IDLE_PING_SECONDS + 1)
    with engine.connect() as conn:
        assert last_statement(admin, pid) != before  # the ping
        assert conn.execute(BACKEND_PID).scalar_one() == pid


def test_a_dead_connection_idle_past_the_limit_is_replaced_before_use(
    engine: sqlalchemy.Engine, admin: psycopg.Connection[Any], clock: FakeClock
) -> None:
    pid = backend_pid(engine)
    terminate(admin, pid)
    clock.advance(IDLE_PING_SECONDS + 1)
    assert backend_pid(engine) != pid  # no error: the ping found it dead and a new one came


def test_a_connection_that_died_within_the_limit_fails_once_then_the_pool_recovers(
    engine: sqlalchemy.Engine, admin: psycopg.Connection[Any], clock: FakeClock
) -> None:
    # The App's reconnect logic relies on this: the failed statement invalidates the pool,
    # and the next checkout (the probe, the screen's next read) connects afresh.
    pid = backend_pid(engine)
    terminate(admin, pid)
    clock.advance(1)
    with pytest.raises(sqlalchemy.exc.OperationalError) as failure:
        backend_pid(engine)
    assert failure.value.connection_invalidated
    assert backend_pid(engine) != pid
