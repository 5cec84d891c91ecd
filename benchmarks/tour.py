"""The tour: after the timed sections, the harness uses the App as an operator would, so that
the App itself runs every named query it can; the queries section replays each with the
parameters the App sent (:mod:`benchmarks.sqlclock`).

It writes to the benchmark database (re-seeded for every full run): a task, two prices,
decisions (some undone), alerts handled, a job re-queued. Races are lost for real: a rival
reviewer changes the row on a second connection just before the App's key, and the App says
who won, as a warning (an error would stop the harness). The forms, decisions and races are
in :mod:`benchmarks.tour_writes`; here are the reads, and the order of it all."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from benchmarks import tour_writes
from benchmarks.touring import Rival, cursor_to, filter_by, press, screen_of
from hotdash_tui.db.bootstrap import OpenDatabase
from hotdash_tui.db.roas.model import SubjectKind
from hotdash_tui.screens.alerts.screen import AlertsScreen
from hotdash_tui.screens.roas.screen import RoasScreen
from hotdash_tui.screens.runs.report import refusal
from hotdash_tui.screens.runs.screen import RunsScreen


async def tour(pilot: Pilot[Any], database: OpenDatabase) -> None:
    rival = Rival(database.dsn)
    try:
        await basics(pilot)
        await tour_writes.approvals(pilot, rival)
        await tour_writes.board(pilot, rival)
        await alert_filters(pilot)
        await tour_writes.alerts(pilot, rival)
        await tour_writes.prices(pilot, rival)
        await runs(pilot)
        await roas(pilot)
        await press(pilot, "0")
    finally:
        rival.close()


async def basics(pilot: Pilot[Any]) -> None:
    """Details, an undo with nothing to undo, an alert viewed, a board column read further,
    the prices' sort orders, floor and tab, and a text filter on every list."""
    # A screen's key settles before the next key: enter on a list still loading finds no row.
    steps: list[tuple[str, ...]] = [
        ("1",), ("enter",), ("escape",), ("u",), ("3",), ("enter",), ("escape",), ("v",),
        ("5",), ("enter",), ("escape",), ("6",),
        ("2",), ("end",), ("home",),  # the first column's next window of cards
        ("4",), ("s",), ("s",), ("s",), ("f",), ("f",), ("t",), ("t",),
    ]  # fmt: skip
    for key in ("1", "2", "3", "4", "5"):
        steps += [(key, "slash", "e", "r", "enter"), ("escape",)]
    for keys in steps:
        await press(pilot, *keys)


async def alert_filters(pilot: Pilot[Any]) -> None:
    """competitor: and listing: with the ASINs of a row on screen, as a user copies them."""
    await press(pilot, "3")
    table = screen_of(pilot, AlertsScreen).table
    alert = await cursor_to(pilot, table, lambda a: a.first_affected_asin is not None)
    if alert is None:
        raise RuntimeError("no open alert names an affected listing")
    await filter_by(pilot, f"competitor:{alert.competitor_asin}")
    await filter_by(pilot, f"listing:{alert.first_affected_asin}")
    await press(pilot, "escape")


async def runs(pilot: Pilot[Any]) -> None:
    """The details of a bot job, a system job and an agent run; R on a failed system job."""
    await press(pilot, "5")
    table = screen_of(pilot, RunsScreen).table
    for source in ("jobs", "system", "agents"):
        await filter_by(pilot, f"source:{source}")
        if not table.items:
            raise RuntimeError(f"the runs log has no {source} line")
        await press(pilot, "enter")
        await press(pilot, "escape")
    await filter_by(pilot, "source:system status:failure")
    if await cursor_to(pilot, table, lambda line: refusal(line) is None) is None:
        raise RuntimeError("no failed system job has an attempt left to re-queue")
    await press(pilot, "R")
    await press(pilot, "escape")


async def roas(pilot: Pilot[Any]) -> None:
    """The selected tile moved (l / h) to the first tile of each kind: each plots its daily
    series with its own query."""
    await press(pilot, "6")
    screen = screen_of(pilot, RoasScreen)
    if screen.board is None:
        raise RuntimeError("the ROAS screen shows no tiles")
    kinds = [tile.subject.kind for tile in screen.board.tiles]
    for kind in SubjectKind:
        if kind not in kinds:
            continue  # this database has no such tile; the queries section says so
        steps = kinds.index(kind) - screen.selected
        await press(pilot, *(["l"] * steps if steps > 0 else ["h"] * -steps))
