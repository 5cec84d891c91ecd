"""g, G, ctrl+d and ctrl+u on the list screens (issue 17)."""

from __future__ import annotations

import pytest

import hotdash_tui.screens.windowed as windowed
from hotdash_tui.app import HotdashApp
from hotdash_tui.screens.prices.screen import PricesScreen
from hotdash_tui.screens.runs.screen import RunsScreen
from tests.ui.support import notices, press


async def test_capital_g_reads_to_the_real_end_and_g_goes_back(
    seeded_app: HotdashApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(windowed, "MAX_RELOAD", 5_000)  # more than the seeded runs
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "5")
        screen = seeded_app.screen
        assert isinstance(screen, RunsScreen)
        total = screen.total
        assert total is not None and windowed.PAGE < total <= windowed.MAX_RELOAD
        assert len(screen.table.items) == windowed.PAGE  # one window read so far
        await press(pilot, "G")
        assert len(screen.table.items) == total
        assert screen.table.cursor_row == total - 1
        await press(pilot, "g")
        assert screen.table.cursor_row == 0


async def test_capital_g_on_a_long_list_says_how_many_rows_there_are(
    seeded_app: HotdashApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(windowed, "MAX_RELOAD", windowed.PAGE)
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "5")
        screen = seeded_app.screen
        assert isinstance(screen, RunsScreen)
        await press(pilot, "G")
        total = screen.total
        assert total is not None
        said = [n for n in notices(seeded_app) if "G reads to the end of at most 100" in n]
        assert said and f"100 of {screen.describe_total(total)} rows are read" in said[0]
        assert screen.table.cursor_row == windowed.PAGE - 1  # the last row read


async def test_ctrl_d_and_ctrl_u_move_half_a_page(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "5")
        screen = seeded_app.screen
        assert isinstance(screen, RunsScreen)
        half = screen.table.page_rows // 2
        assert half > 1
        await press(pilot, "ctrl+d")
        assert screen.table.cursor_row == half
        await press(pilot, "ctrl+d", "ctrl+u")
        assert screen.table.cursor_row == half


async def test_the_prices_tables_take_the_same_keys(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "4")
        screen = seeded_app.screen
        assert isinstance(screen, PricesScreen)
        table = screen.listings
        await press(pilot, "G")
        assert table.cursor_row == len(table.items) - 1 > 0
        await press(pilot, "g", "ctrl+d")
        assert table.cursor_row == table.page_rows // 2 > 0
