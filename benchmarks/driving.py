"""Driving the real App headless: open it on the benchmark database the way ``hotdash`` does,
and wait for a key's work to finish."""

from __future__ import annotations

import time
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from hotdash_tui.config import Settings
from hotdash_tui.db.bootstrap import OpenDatabase, open_database

SETTLE_TRIES = 5
SIZE = (120, 40)  # a common terminal; 80x24 shows fewer rows per page-down
SCREEN_KEYS = {
    "0": "overview",
    "1": "approvals",
    "2": "board",
    "3": "alerts",
    "4": "prices",
    "5": "runs",
    "6": "roas",
    "7": "tables",
    "8": "stock",
    "9": "logs",
}


def open_embedded() -> OpenDatabase:
    """The embedded database named by HOTDASH_DATA_DIR, opened exactly as ``hotdash`` opens it
    (which joins the running server, checks the migrations and finds the data seeded)."""
    return open_database(Settings.from_options())


def open_in_server_process() -> OpenDatabase:
    """:func:`open_embedded` in the harness's own process, which started the server: there
    closing the database must not release the server (the same pid releasing it stops it)."""
    database = open_embedded()
    database.server = None
    return database


async def settle(pilot: Pilot[Any]) -> None:
    """What the UI tests wait for: the workers twice (a result may start another read) and
    the message queues idle, so the screen has been updated with the data. A worker that was
    cancelled was superseded by newer work (a live update's refresh during a slow read):
    wait for that instead, a bounded number of times."""
    for _ in range(SETTLE_TRIES):
        try:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            return
        except WorkerCancelled:
            continue
    raise RuntimeError(f"the App's workers were cancelled {SETTLE_TRIES} times in a row")


class PaintClock:
    """When the App last painted: the moment a screen hands its compositor update to the App
    for display (headless, the App then skips writing it to a terminal).

    Waiting for the App to settle costs the Pilot tens of milliseconds of idle polling; the
    last paint before it settled is when the user would have seen the result."""

    def __init__(self, app: App[Any]) -> None:
        self.last = 0.0
        self.count = 0
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.last = time.perf_counter()
                self.count += 1

        app._display = timed  # type: ignore[method-assign]

    def since(self, started: float) -> float | None:
        """ms from ``started`` to the last paint, if the App painted after it."""
        return 1000 * (self.last - started) if self.last > started else None
