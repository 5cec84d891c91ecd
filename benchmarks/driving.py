"""Driving the real App headless: open it on the benchmark database the way ``hotdash`` does,
and wait for a key's work to finish."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from hotdash_tui.config import Settings
from hotdash_tui.db.bootstrap import OpenDatabase, open_database

SIZE = (120, 40)  # a common terminal; 80x24 shows fewer rows per page-down
SCREEN_KEYS = {
    "0": "overview",
    "1": "approvals",
    "2": "board",
    "3": "alerts",
    "4": "prices",
    "5": "runs",
    "6": "roas",
}


def open_embedded() -> OpenDatabase:
    """The embedded database named by HOTDASH_DATA_DIR, opened exactly as ``hotdash`` opens it
    (which joins the running server, checks the migrations and finds the data seeded)."""
    return open_database(Settings.from_options())


async def settle(pilot: Pilot[Any]) -> None:
    """What the UI tests wait for: the workers twice (a result may start another read) and
    the message queues idle, so the screen has been updated with the data."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
