"""Sections 2 and 3: the App in this process, driven by the Pilot on the benchmark database."""

from __future__ import annotations

import asyncio
import gc
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot

from benchmarks.driving import SCREEN_KEYS, SIZE, PaintClock, settle
from benchmarks.figures import Figure, Section, Target
from benchmarks.sqlclock import SqlClock, Step, replay
from benchmarks.tour import tour
from benchmarks.touring import stop_on_app_errors
from hotdash_tui.app import HotdashApp
from hotdash_tui.db.bootstrap import OpenDatabase
from hotdash_tui.screens.approvals.screen import ApprovalsScreen
from hotdash_tui.screens.board.screen import BoardScreen

OPEN = Target(200, "ms", "worst")
DB_PART = Target(10, "ms", "worst")
WRITE = Target(100, "ms", "worst")
DEEP_WINDOWS = 30  # ctrl+end presses before the page-downs: each reads the next 100-row window
PAGE_DOWNS = 40
POLL_TIMEOUT = 10.0

APPROVAL_STATUS = {
    "tasks": "SELECT status FROM public.approvals_queue WHERE id = :id",
    "agents": 'SELECT status FROM public."AgentApproval" WHERE id = :id',
}
TASK_STAGE = "SELECT stage_id FROM workflow.tasks WHERE id = :id"


PAINTS: PaintClock | None = None


class Keyed:
    """A figure of key presses and its database part: the statements a press ran, replayed
    alone after the App has closed (:func:`replay_database_parts`)."""

    def __init__(self, section: Section, name: str) -> None:
        self.ui = section.add(Figure(name, "ms", target=OPEN))
        self.db = section.add(Figure(f"{name}: database part", "ms", target=DB_PART))
        self.statements: list[list[Step]] = []  # per press
        self.in_app: list[float] = []  # SQL time seen inside the App during the key


KEYED: list[Keyed] = []


async def timed_key(pilot: Pilot[Any], clock: SqlClock, key: str, keyed: Keyed) -> None:
    """ms from the key press to the App's last paint before it settled (without a paint, to
    the moment it settled); the statements the key ran are kept for the replay."""
    clock.take()
    started = time.perf_counter()
    await pilot.press(key)
    await settle(pilot)
    settled = 1000 * (time.perf_counter() - started)
    stop_on_app_errors(pilot, (key,))  # a notice expires: the check at the end may miss it
    painted = PAINTS.since(started) if PAINTS else None
    keyed.ui.samples.append(settled if painted is None else painted)
    spent, statements = clock.take()
    if statements:
        keyed.statements.append(statements)
        keyed.in_app.append(1000 * spent)


def replay_database_parts(engine: sqlalchemy.Engine) -> None:
    for keyed in KEYED:
        for statements in keyed.statements:
            keyed.db.samples.append(replay(engine, statements))
        if keyed.in_app:
            keyed.db.note = (
                f"{len(keyed.statements)} of {len(keyed.ui.samples)} presses read; "
                f"inside the App the same SQL took {statistics.median(keyed.in_app):.1f} ms "
                "(median, with the UI thread holding the GIL)"
            )
        else:
            keyed.db.note = "no press read anything"


async def screens(pilot: Pilot[Any], clock: SqlClock, repeat: int, section: Section) -> None:
    # The first opening of a screen builds it (its module, widgets and styles): a figure of
    # its own, since a user meets it once a session and every opening after it is another.
    firsts = {
        key: Keyed(section, f"open {key} {name}, first time (builds the screen)")
        for key, name in SCREEN_KEYS.items()
        if key != "0"  # the overview is built at start (cold start, section 1)
    }
    opens = {key: Keyed(section, f"open {key} {name}") for key, name in SCREEN_KEYS.items()}
    KEYED.extend([*firsts.values(), *opens.values()])
    for round_ in range(repeat + 1):
        # 1..6 then 0: every screen is opened from another one; the first round builds them.
        for key in [*list(SCREEN_KEYS)[1:], "0"]:
            first = round_ == 0 and key in firsts
            await timed_key(pilot, clock, key, firsts[key] if first else opens[key])
    for key in ("5", "3"):  # pipeline runs and alerts: the two largest lists
        await deep_list(pilot, clock, key, section)
    await pilot.press("0")
    await settle(pilot)


async def deep_list(pilot: Pilot[Any], clock: SqlClock, key: str, section: Section) -> None:
    name = SCREEN_KEYS[key]
    ends = Keyed(section, f"{name}: ctrl+end, the next window")
    pages = Keyed(section, f"{name}: page-down deep in the list")
    KEYED.extend([ends, pages])
    await pilot.press(key)
    await settle(pilot)
    for _ in range(DEEP_WINDOWS):
        await timed_key(pilot, clock, "ctrl+end", ends)
    for _ in range(PAGE_DOWNS):
        await timed_key(pilot, clock, "pagedown", pages)
    rows = getattr(pilot.app.screen.focused, "row_count", None)
    note = f"{DEEP_WINDOWS} x ctrl+end then {PAGE_DOWNS} page-downs; {rows} rows loaded at the end"
    ends.ui.note = pages.ui.note = note


def _poll(engine: sqlalchemy.Engine, sql: str, ident: Any, changed: Callable[[Any], bool],
          started: list[float], result: list[float]) -> None:  # fmt: skip
    """In a thread: read the row until it has changed, then note the ms since the key press."""
    with engine.connect() as conn:
        deadline = time.perf_counter() + POLL_TIMEOUT
        while time.perf_counter() < deadline:
            value = conn.execute(text(sql), {"id": ident}).scalar_one()
            conn.rollback()  # a new snapshot for the next read
            if changed(value) and started:
                result.append(1000 * (time.perf_counter() - started[0]))
                return
            time.sleep(0.001)


async def until_committed(pilot: Pilot[Any], engine: sqlalchemy.Engine, key: str, sql: str,
                          ident: Any, changed: Callable[[Any], bool]) -> float | None:  # fmt: skip
    started: list[float] = []
    result: list[float] = []
    poller = threading.Thread(target=_poll, args=(engine, sql, ident, changed, started, result))
    poller.start()
    await asyncio.sleep(0.05)  # the poller has its connection and reads the old value
    started.append(time.perf_counter())
    await pilot.press(key)
    await asyncio.to_thread(poller.join)
    await settle(pilot)
    return result[0] if result else None


async def approvals_committed(pilot: Pilot[Any], engine: sqlalchemy.Engine, repeat: int,
                              figure: Figure) -> None:  # fmt: skip
    """``a`` on the approvals queue's first row, ``repeat`` times, each timed to the moment
    ``engine`` (a second session) sees the row committed."""
    await pilot.press("1")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ApprovalsScreen)
    for _ in range(repeat):
        item = screen.table.current
        if item is None:
            figure.note = "the queue ran out of pending items"
            return
        ms = await until_committed(pilot, engine, "a", APPROVAL_STATUS[item.source], item.id,
                                   lambda status: status != "pending")  # fmt: skip
        if ms is None:
            figure.note = "a decision was not seen committed within 10 s"
            return
        figure.samples.append(ms)


async def writes(pilot: Pilot[Any], engine: sqlalchemy.Engine, repeat: int,
                 section: Section) -> None:  # fmt: skip
    approve = section.add(Figure("approval: `a` to committed row", "ms", target=WRITE))
    move = section.add(Figure("board: `L` card move to committed row", "ms", target=WRITE))
    await approvals_committed(pilot, engine, repeat, approve)
    await pilot.press("2")
    await settle(pilot)
    board = pilot.app.screen
    assert isinstance(board, BoardScreen)
    for _ in range(repeat):
        column = board.focused_column()
        card = column.highlighted_card if column else None
        if card is None:
            move.note = "no card under the cursor"
            break
        before = card.stage_id

        def moved(stage: Any, old: Any = before) -> bool:
            return bool(stage != old)

        ms = await until_committed(pilot, engine, "L", TASK_STAGE, card.id, moved)
        if ms is None:
            move.note = "a move was not seen committed within 10 s"
            break
        move.samples.append(ms)
        await pilot.press("h")  # back to the first column, whose next card moves next
        await settle(pilot)
    await pilot.press("0")
    await settle(pilot)


def run(database: OpenDatabase, repeat: int, wanted: set[str],
        sections: dict[str, Section], clock: SqlClock) -> None:  # fmt: skip
    global PAINTS
    app = HotdashApp(database)
    PAINTS = PaintClock(app)

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            if "screens" in wanted:
                await screens(pilot, clock, repeat, sections["screens"])
            if "writes" in wanted:
                await writes(pilot, database.engine, repeat, sections["writes"])
            if "queries" in wanted:
                await tour(pilot, database)

    asyncio.run(drive())
    # A figure of an App that failed measures nothing: stop rather than report it.
    errors = [n.message for n in app.notices if n.severity == "error"]
    if errors:
        raise RuntimeError(f"the App reported errors while benchmarked: {errors}")
    # Untimed: the garbage of the whole drive. The App holds automatic collection off while
    # it runs (gc_tuning) and hands it back when it ends; the first collection after that
    # (0.4-1 s once the tour has run) landed in one of the replays below, which measure the
    # statements alone: the board's first opening's database part read 0.7-1.0 s.
    gc.collect()
    replay_database_parts(database.engine)
