"""The App's listening and probing loops, run on their own (no App, no Textual screen)."""

from __future__ import annotations

from textual.message import Message

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.live_link import listen_loop, next_delay, probe_loop
from hotdash_tui.messages import DatabaseBack, DatabaseLost, Listening

SECRET = "s3cret-Pa55"
NOWHERE = f"postgresql://me:{SECRET}@/shop?host=/nonexistent-hotdash&port=5432"


def test_the_pause_between_attempts_doubles_up_to_five_seconds() -> None:
    delays = [0.5]
    for _ in range(6):
        delays.append(next_delay(delays[-1]))
    assert delays == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_a_lost_listener_says_so_once_and_without_the_password() -> None:
    posted: list[Message] = []
    attempts = iter(range(3))  # three failed attempts, then the App "closes"

    def cancelled() -> bool:
        return next(attempts, None) is None

    listen_loop(NOWHERE, posted.append, cancelled, (SECRET,))
    assert len(posted) == 1
    lost = posted[0]
    assert isinstance(lost, DatabaseLost) and lost.listener
    assert "Cannot connect" in lost.detail
    assert SECRET not in lost.detail


def test_the_probe_reports_once_and_keeps_trying_until_cancelled() -> None:
    engine = create_db_engine(NOWHERE)
    posted: list[Message] = []
    checks = iter(range(40))
    try:
        probe_loop(engine, posted.append, lambda: next(checks, None) is None, (SECRET,))
    finally:
        engine.dispose()
    assert [type(m) for m in posted] == [DatabaseLost]
    assert isinstance(posted[0], DatabaseLost) and SECRET not in posted[0].detail


def test_listening_and_answering_are_reported(seeded_db_url: str) -> None:
    posted: list[Message] = []
    calls = iter(range(4))
    listen_loop(seeded_db_url, posted.append, lambda: next(calls, None) is None)
    assert [type(m) for m in posted] == [Listening]
    assert isinstance(posted[0], Listening) and not posted[0].again

    engine = create_db_engine(seeded_db_url)
    try:
        probed: list[Message] = []
        probe_loop(engine, probed.append, lambda: False)
        assert [type(m) for m in probed] == [DatabaseBack]
    finally:
        engine.dispose()


def test_a_server_that_cannot_be_started_again_says_what_to_run() -> None:
    engine = create_db_engine(NOWHERE)
    tried: list[int] = []

    def revive() -> str:
        tried.append(1)
        return "The embedded server could not be started again; run `hotdash db start`."

    try:
        posted: list[Message] = []
        probe_loop(engine, posted.append, lambda: len(tried) >= 2, (), revive=revive)
    finally:
        engine.dispose()
    assert len(tried) >= 2  # tried after every failed ping, not once
    lost = [m for m in posted if isinstance(m, DatabaseLost)]
    assert len(lost) == 1 and lost[0].detail.endswith("run `hotdash db start`.")
