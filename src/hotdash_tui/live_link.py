"""The App's two long-running database loops, each run in a thread worker.

``listen_loop`` keeps a LISTEN session open and turns each burst of notifications into one
:class:`DataChanged`; when the session breaks it says so (:class:`DatabaseLost`) and opens a
new one with a growing pause, then LISTENs again. ``probe_loop`` asks ``SELECT 1`` with the
same pauses until the server answers (:class:`DatabaseBack`). Both stop between waits when
``cancelled()`` says so; a wait is at most a second, so the App exits promptly.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import sqlalchemy
from textual.message import Message

from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.health import ping
from hotdash_tui.db.live import Listener
from hotdash_tui.messages import DatabaseBack, DatabaseLost, DataChanged, Listening

FIRST_RETRY = 0.5  # seconds before the first new attempt
LAST_RETRY = 5.0  # the pause doubles up to this
WAIT_SECONDS = 1.0  # how long one wait for a notification may block

Post = Callable[[Message], object]
Cancelled = Callable[[], bool]


def send(post: Post, message: Message) -> None:
    """Posts to the App; one closing meanwhile may have shut its event loop already."""
    with contextlib.suppress(RuntimeError):
        post(message)


def next_delay(delay: float) -> float:
    return min(delay * 2, LAST_RETRY)


def pause(seconds: float, cancelled: Cancelled) -> None:
    """Sleeps in short steps, so a cancelled worker ends within a tenth of a second."""
    end = time.monotonic() + seconds
    while not cancelled() and time.monotonic() < end:
        time.sleep(min(0.1, max(0.0, end - time.monotonic())))


def listen_loop(
    dsn: str, post: Post, cancelled: Cancelled, secrets: tuple[str | None, ...] = ()
) -> None:
    delay = FIRST_RETRY
    lost = False
    while not cancelled():
        try:
            with Listener(dsn) as listener:
                send(post, Listening(again=lost))
                lost, delay = False, FIRST_RETRY
                while not cancelled():
                    changes = listener.wait(WAIT_SECONDS)
                    if changes:
                        send(post, DataChanged(frozenset(change.table for change in changes)))
        except Exception as exc:
            if cancelled():
                return  # the App is closing, or the test dropped the database
            if not lost:
                send(post, DatabaseLost(describe_error(exc, secrets=secrets), listener=True))
            lost = True
            pause(delay, cancelled)
            delay = next_delay(delay)


def probe_loop(
    engine: sqlalchemy.Engine,
    post: Post,
    cancelled: Cancelled,
    secrets: tuple[str | None, ...] = (),
    revive: Callable[[], str] | None = None,
) -> None:
    """Pings until the database answers. ``revive`` (the embedded server the App owns) is
    tried after each failed ping: it starts the server again, or says in one sentence why
    it could not and what to run, which the report of the outage then ends with."""
    delay = FIRST_RETRY
    reported = ""
    while not cancelled():
        try:
            ping(engine)
        except Exception as exc:
            said = describe_error(exc, secrets=secrets)
            hint = revive() if revive is not None else ""
            if hint and hint != reported:
                send(post, DatabaseLost(f"{said} {hint}"))
                reported = hint
            elif not reported:
                send(post, DatabaseLost(said))
                reported = said
            pause(delay, cancelled)
            delay = next_delay(delay)
        else:
            send(post, DatabaseBack())
            return
