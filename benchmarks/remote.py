"""Section 10: the App with its database ``--rtt`` ms away, through the harness's delay proxy
(benchmarks/delay.py), and the round trips each key makes, counted on the wire.

The App opens the database through the proxy as ``hotdash --dsn`` opens a remote one (the
checks of a database that is not the embedded one included), then the overview, then the
screens as section 2 opens them: a first round that builds each screen, then --repeat rounds.
A key's round trips are the query cycles the server answered (ReadyForQuery) while it ran,
plus the connections it opened. An approval (``a``) is timed to its committed row, seen by a
second session that reads the server directly.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from textual.pilot import Pilot

from benchmarks.delay import DelayProxy, delayed
from benchmarks.driving import SCREEN_KEYS, SIZE, PaintClock, settle
from benchmarks.figures import Figure, Section, Target
from benchmarks.ui import approvals_committed
from hotdash_tui.app import HotdashApp
from hotdash_tui.config import Settings
from hotdash_tui.db.bootstrap import open_database
from hotdash_tui.db.engine import create_db_engine

FIRST = Target(300, "ms", "worst")
AGAIN = Target(150, "ms", "worst")
WRITE = Target(150, "ms", "worst")
TRIPS = Target(3, "trips", "worst")  # at most 2


def _trips(proxy: DelayProxy, before: tuple[int, int]) -> int:
    ready, connections = proxy.counts.snapshot()
    return (ready - before[0]) + (connections - before[1])


class Keys:
    """One screen's figures at this distance: first openings, reopenings, round trips."""

    def __init__(self, section: Section, key: str, rtt: float) -> None:
        name = f"open {key} {SCREEN_KEYS[key]} at {rtt:g} ms"
        self.first = (
            None if key == "0" else section.add(Figure(f"{name}, first time", "ms", target=FIRST))
        )
        self.again = section.add(Figure(name, "ms", target=AGAIN))
        self.trips = section.add(Figure(f"round trips to open {key} {SCREEN_KEYS[key]}", "trips",
                                        target=TRIPS))  # fmt: skip


async def _press(pilot: Pilot[Any], paints: PaintClock, proxy: DelayProxy, key: str,
                 ms: Figure, trips: Figure) -> None:  # fmt: skip
    before = proxy.counts.snapshot()
    started = time.perf_counter()
    await pilot.press(key)
    await settle(pilot)
    painted = paints.since(started)
    ms.samples.append(1000 * (time.perf_counter() - started) if painted is None else painted)
    trips.samples.append(_trips(proxy, before))


def run(url: str, rtt: float, repeat: int, section: Section) -> None:
    launch = section.add(Figure(f"open the database and paint the overview at {rtt:g} ms",
                                "ms"))  # fmt: skip
    launch_trips = section.add(Figure("round trips to open the database and the overview",
                                      "trips"))  # fmt: skip
    keys = {key: Keys(section, key, rtt) for key in [*list(SCREEN_KEYS)[1:], "0"]}
    approve = section.add(Figure(f"approval at {rtt:g} ms: `a` to committed row", "ms",
                                 target=WRITE))  # fmt: skip
    direct = create_db_engine(url)  # the second session sees the commit without the delay
    with delayed(url, rtt) as (proxy, through):
        before = proxy.counts.snapshot()
        started = time.perf_counter()
        database = open_database(Settings.from_options(dsn=through))
        app = HotdashApp(database)
        paints = PaintClock(app)

        async def drive() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                painted = paints.since(started)
                launch.samples.append(painted or 1000 * (time.perf_counter() - started))
                launch_trips.samples.append(_trips(proxy, before))
                for round_ in range(repeat + 1):
                    for key, figures in keys.items():
                        first = round_ == 0 and figures.first is not None
                        ms = figures.first if first and figures.first else figures.again
                        await _press(pilot, paints, proxy, key, ms, figures.trips)
                await approvals_committed(pilot, direct, repeat, approve)

        try:
            asyncio.run(drive())
        finally:
            database.close()
            direct.dispose()
    for figures in keys.values():
        trips = figures.trips.samples
        figures.trips.note = (
            f"median {statistics.median(trips):g}; each opening, first to last: "
            + " ".join(f"{t:g}" for t in trips)
        )
