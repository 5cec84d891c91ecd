"""What a screen opening sends, each message a round trip that a user waits for at a database
30 ms away (benchmarks, section 10).

Behind a transaction pooler (settings per transaction) an opening is one read-only
transaction: one BEGIN, which says READ ONLY itself (no SET TRANSACTION after it), and one
end. On a direct connection (settings in the session) a read whose statements need no common
snapshot sends no BEGIN at all: each statement is one round trip."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg.conninfo
import pytest
import sqlalchemy
from sqlalchemy import event

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.engine import create_db_engine, keep_settings_in_session
from tests.ui.conftest import make_app
from tests.ui.support import press

KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]

DIRECT_TRIPS = {"1": 2, "2": 1, "3": 3, "4": 2, "5": 2, "6": 2, "7": 1, "8": 1, "9": 2, "0": 1}
"""Round trips an opening may take on a direct connection. The board (2) reads its stages,
counts and columns in one statement, which sees one moment for all three. Alerts (3) reads
its two status phases and its count; ROAS (6) its tiles (one statement) and the first plot,
which depends on them."""


class Sent:
    """Statements and transaction ends on an engine while listening."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.ends = 0

    def statement(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.statements.append(statement)

    def end(self, *_: Any) -> None:
        self.ends += 1

    @property
    def begins(self) -> list[str]:
        return [s for s in self.statements if s.startswith("BEGIN")]


async def _open(app: HotdashApp, engine: sqlalchemy.Engine, key: str) -> Sent:
    sent = Sent()
    listeners = [("before_cursor_execute", sent.statement), ("rollback", sent.end),
                 ("commit", sent.end)]  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "7" if key == "0" else "0")  # from another screen
        await press(pilot, key)  # built once: the first opening also reads the table's shape
        await press(pilot, "7" if key == "0" else "0")
        for name, listener in listeners:
            event.listen(engine, name, listener)
        try:
            await press(pilot, key)
        finally:
            for name, listener in listeners:
                event.remove(engine, name, listener)
    return sent


@pytest.mark.parametrize("key", KEYS)
async def test_an_opening_behind_a_pooler_is_one_read_only_transaction(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine, key: str
) -> None:
    sent = await _open(seeded_app, seeded_engine, key)
    assert len(sent.begins) == 1, sent.statements
    assert "READ ONLY" in sent.begins[0]
    assert "SET LOCAL statement_timeout" not in sent.begins[0]  # the test engine has none
    assert not any("SET TRANSACTION" in s for s in sent.statements)
    assert len(sent.statements) > 1  # and the screen read something in it


@pytest.fixture
def direct_engine(seeded_db_url: str) -> Iterator[sqlalchemy.Engine]:
    engine = create_db_engine(seeded_db_url, statement_timeout_ms=5000)
    keep_settings_in_session(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.mark.parametrize("key", KEYS)
async def test_an_opening_on_a_direct_connection_takes_few_round_trips(
    direct_engine: sqlalchemy.Engine, seeded_db_url: str, key: str
) -> None:
    app = make_app(direct_engine, seeded_db_url)
    sent = await _open(app, direct_engine, key)
    trips = len(sent.statements) + (sent.ends if sent.begins else 0)
    assert 0 < trips <= DIRECT_TRIPS[key], sent.statements
    assert not any("SET LOCAL" in s or "SET TRANSACTION" in s for s in sent.statements)
    assert not sent.begins, sent.statements


async def test_the_session_keeps_the_timeout_on_a_direct_connection(
    direct_engine: sqlalchemy.Engine,
) -> None:
    with direct_engine.connect() as conn:
        assert conn.execute(sqlalchemy.text("SHOW statement_timeout")).scalar() == "5s"
        raw = conn.connection.driver_connection
        assert raw is not None
        conn.rollback()
        assert raw.execute("SHOW statement_timeout").fetchone() == ("5s",)


def test_a_role_s_own_defaults_stand_on_a_direct_connection(seeded_db_url: str) -> None:
    # A DBA's read-only default for a role (here set for the session at connect, as ALTER ROLE
    # SET does) must not be turned off by the settings hotdash keeps in the session.
    url = psycopg.conninfo.make_conninfo(
        seeded_db_url, options="-c default_transaction_read_only=on -c statement_timeout=7000"
    )
    engine = create_db_engine(url)  # no timeout and not --read-only: nothing of ours to set
    keep_settings_in_session(engine)
    try:
        with engine.connect() as conn:
            assert conn.execute(sqlalchemy.text("SHOW transaction_read_only")).scalar() == "on"
            assert conn.execute(sqlalchemy.text("SHOW statement_timeout")).scalar() == "7s"
    finally:
        engine.dispose()
