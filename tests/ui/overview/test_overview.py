"""The overview screen, driven by the Pilot on a real demo database."""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy
from rich.console import Console
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.overview import load_overview
from hotdash_tui.screens.alerts.screen import AlertsScreen
from hotdash_tui.screens.approvals.screen import ApprovalsScreen
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.screens.board.screen import BoardScreen
from hotdash_tui.screens.help import HelpScreen
from hotdash_tui.screens.overview.screen import OverviewScreen
from hotdash_tui.screens.prices.screen import PricesScreen
from hotdash_tui.screens.roas.screen import RoasScreen
from hotdash_tui.screens.runs.screen import RunsScreen
from hotdash_tui.screens.too_small import TooSmallScreen
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.tile import Tile
from tests.conftest import FIXED_NOW
from tests.ui.conftest import REVIEWER

SnapCompare = Callable[..., bool]


def tile_text(app: HotdashApp, tile_id: str) -> str:
    tile = app.screen.query_one(f"#{tile_id}", Tile)
    return str(tile.render())


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_tiles_show_the_figures_the_database_holds(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected = load_overview(seeded_engine, FIXED_NOW)
    with seeded_engine.connect() as conn:
        pending_tasks = conn.execute(
            text("SELECT count(*) FROM approvals_queue WHERE status = 'pending'")
        ).scalar_one()
    assert pending_tasks > 0 and expected.pending_total > pending_tasks
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(seeded_app.screen, OverviewScreen)
        assert f"{expected.pending_total} pending" in tile_text(seeded_app, "tile-approvals")
        assert f"{expected.failed_total} failed" in tile_text(seeded_app, "tile-runs")
        assert f"{expected.below_floor} of {expected.priced_listings}" in tile_text(
            seeded_app, "tile-margins"
        )
        board = tile_text(seeded_app, "tile-board")
        assert all(stage.stage[:15] in board for stage in expected.stages)


@pytest.mark.parametrize(
    "keys",
    [("ctrl+r",), ("1", "0")],
    ids=["refresh key", "back from another screen"],
)
async def test_tiles_follow_a_change_in_the_database(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine, keys: tuple[str, ...]
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = load_overview(seeded_engine, FIXED_NOW).pending_total
        with seeded_engine.begin() as conn:
            conn.execute(
                text("UPDATE approvals_queue SET status = 'approved' WHERE status = 'pending'")
            )
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
        after = load_overview(seeded_engine, FIXED_NOW).pending_total
        assert after < before
        assert f"{after} pending" in tile_text(seeded_app, "tile-approvals")


async def test_a_refresh_that_reads_the_same_redraws_only_the_changed_tiles(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tiles = {tile.id: tile.body for tile in seeded_app.screen.query(Tile)}
        with seeded_engine.begin() as conn:
            conn.execute(
                text("UPDATE approvals_queue SET status = 'approved' WHERE status = 'pending'")
            )
        await pilot.press("ctrl+r")
        await settle(pilot)
        kept = {tile.id for tile in seeded_app.screen.query(Tile) if tile.body is tiles[tile.id]}
        assert "tile-approvals" not in kept  # its figures changed: drawn again
        assert kept == set(tiles) - {"tile-approvals"}  # the others read the same: kept


async def test_header_names_database_role_and_reviewer_never_a_password(
    seeded_app: HotdashApp,
) -> None:
    async with seeded_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        header = seeded_app.screen.query_one(HeaderLine)
        line = str(header.render())
        target = seeded_app.database.target
        assert target.dbname in line and f"role {target.user}" in line
        assert f"you: {REVIEWER}" in line and "connected" in line


async def test_a_narrow_header_keeps_who_you_are_and_the_state(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = seeded_app.screen.query_one(HeaderLine)
        # What the user set stays, cut at its end only when nothing else is left to give.
        header.position = "source:agents status:all a long free text filter that goes on"
        header.rows = "row 1 of 10000+"
        await pilot.pause()
        line = str(header.render())
        assert len(line) <= 80
        assert line.startswith("Overview · source:agents status:all a long")
        assert line.endswith(f"… │ you: {REVIEWER} │ connected")
        assert "role" not in line and "HotDash" not in line and "10000+" not in line
        # A shorter one stays whole; "row x of N" gives way to "x/N" and the role goes first.
        header.position = "following · status:failure"
        header.rows = "row 1 of 2,560"
        await pilot.pause()
        line = str(header.render())
        assert len(line) <= 80
        assert line.startswith("Overview · following · status:failure · 1/2,560 │ ")
        assert line.endswith(f"│ you: {REVIEWER} │ connected")
        header.position, header.rows = "", "row 1 of 5"
        await pilot.pause()
        assert str(header.render()).startswith("HotDash > Overview · row 1 of 5 │ ")


@pytest.mark.parametrize(
    ("key", "screen_class"),
    [
        ("1", ApprovalsScreen),
        ("2", BoardScreen),
        ("3", AlertsScreen),
        ("4", PricesScreen),
        ("5", RunsScreen),
        ("6", RoasScreen),
    ],
)
async def test_number_keys_open_their_screens_and_zero_returns(
    seeded_app: HotdashApp, key: str, screen_class: type[HotdashScreen]
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        name = screen_class.SCREEN_NAME
        assert type(seeded_app.screen) is screen_class
        shown = str(seeded_app.screen.query_one(HeaderLine).render())
        place = shown.split(" │ ")[0]  # a narrow header may drop "HotDash > " for room
        assert place.removeprefix("HotDash > ").startswith(f"{name}")
        await pilot.press("0")
        await pilot.pause()
        assert isinstance(seeded_app.screen, OverviewScreen)


async def test_question_mark_shows_the_keys_and_escape_closes(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(seeded_app.screen, HelpScreen)
        console = Console(file=io.StringIO(), width=80, color_system=None)
        console.print(seeded_app.screen.table)
        shown = console.file.getvalue()  # type: ignore[attr-defined]
        for key, action in (("q", "Quit"), ("?", "Help"), ("ctrl+r", "Refresh"), ("3", "Alerts")):
            assert any(
                line.split()[:2] == [key, action] for line in shown.splitlines() if line.split()
            )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(seeded_app.screen, OverviewScreen)


async def test_q_quits(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not seeded_app.is_running


async def test_a_terminal_too_small_says_so_and_recovers(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert isinstance(seeded_app.screen, TooSmallScreen)
        assert "60x20" in str(seeded_app.screen.query_one("#too-small", Static).render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(seeded_app.screen, OverviewScreen)


async def test_a_database_error_is_one_sentence_in_the_header_and_a_notice(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        with seeded_engine.begin() as conn:
            conn.execute(text("ALTER TABLE competitors.alerts RENAME TO alerts_gone"))
        await pilot.press("ctrl+r")
        await settle(pilot)
        header = str(seeded_app.screen.query_one(HeaderLine).render())
        assert "database error" in header
        notices = [n.message for n in seeded_app.notices]
        assert any("not migrated" in n and "hotdash migrate" in n for n in notices)


def _wait_for_tiles(pilot: Pilot[Any]) -> Any:
    return settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_overview_snapshot(
    snap_compare: SnapCompare, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    assert snap_compare(snapshot_app, terminal_size=size, run_before=_wait_for_tiles)


def test_overview_snapshot_without_color(
    snap_compare: SnapCompare, no_color_snapshot_app: HotdashApp
) -> None:
    assert snap_compare(no_color_snapshot_app, terminal_size=(80, 24), run_before=_wait_for_tiles)


async def test_the_app_collects_garbage_between_keys_and_hands_collection_back_on_exit(
    seeded_app: HotdashApp,
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not gc.isenabled()  # the App's idle collector collects instead
        before = seeded_app.collector.last_input
        await pilot.press("question_mark")
        assert seeded_app.collector.last_input > before
    assert gc.isenabled()


async def test_help_names_the_database_and_role_at_any_width(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(seeded_app.screen, HelpScreen)
        said = str(seeded_app.screen.query_one("#help-connection", Static).render())
        target = seeded_app.database.target
        assert f"Database {target.label} as role {target.user}" in said
        assert f"recorded as {REVIEWER}" in said


async def test_the_roas_tile_names_every_platform_whole_at_80_columns(
    seeded_app: HotdashApp,
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tile = seeded_app.screen.query_one("#tile-roas", Static)
        lines = str(tile.render()).splitlines()
        assert any(line.startswith("pinterest ") for line in lines), lines
        inside = tile.content_region.width
        assert all(len(line) <= inside for line in lines), (inside, lines)


@pytest.mark.parametrize("size", [(79, 24), (60, 20), (40, 10), (20, 5)])
async def test_a_too_small_terminal_shows_one_line_on_a_blank_screen_and_q_quits(
    seeded_app: HotdashApp, size: tuple[int, int]
) -> None:
    async with seeded_app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = seeded_app.screen
        assert isinstance(screen, TooSmallScreen)
        line = str(screen.query_one("#too-small", Static).render())
        assert "\n" not in line and 0 < len(line) <= size[0]
        assert "80x24" in line
        assert screen.styles.background.a == 1  # opaque: nothing of the overview shows
        await pilot.press("q")
        await pilot.pause()
        assert not seeded_app.is_running
