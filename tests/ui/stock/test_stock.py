"""The stock view (key 8) driven by the Pilot on a real demo database."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy
from textual.pilot import Pilot
from textual.widgets import Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.stock.read import load_positions
from hotdash_tui.screens.stock.details import StockDetailsScreen, StockPlot
from hotdash_tui.screens.stock.screen import StockScreen, StockTable
from tests.conftest import FIXED_NOW
from tests.ui.support import header, press, settle, shown_row


async def open_stock(pilot: Pilot[Any]) -> StockScreen:
    await settle(pilot)
    await press(pilot, "8")
    screen = pilot.app.screen
    assert isinstance(screen, StockScreen)
    return screen


async def test_key_8_lists_positions_most_urgent_first(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    wanted = load_positions(seeded_engine, FIXED_NOW.date())
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(pilot)
        table = screen.query_one(StockTable)
        assert [p.key for p in table.items] == [p.key for p in wanted]
        assert shown_row(table, 0).startswith(wanted[0].sku)
        assert f"of {len(wanted)}" in header(seeded_app)


async def test_a_risk_filter_keeps_only_those_positions(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    wanted = [
        p.key for p in load_positions(seeded_engine, FIXED_NOW.date()) if "reorder" in p.risks
    ]
    assert wanted
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(pilot)
        await press(pilot, "slash")
        await pilot.press(*"risk:reorder")
        await press(pilot, "enter")
        assert [p.key for p in screen.query_one(StockTable).items] == wanted


async def test_enter_shows_the_skus_plot_and_suppliers(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(100, 40)) as pilot:
        screen = await open_stock(pilot)
        position = screen.query_one(StockTable).items[0]
        await press(pilot, "enter")
        details = seeded_app.screen
        assert isinstance(details, StockDetailsScreen)
        assert details.details.position == position
        assert details.query_one(StockPlot).has_figure()
        body = str(details.query_one("#stock-details-body", Static).render())
        assert f"{position.sku} at {position.location}" in body
        assert details.details.suppliers[0].supplier in body
        await press(pilot, "escape")
        assert seeded_app.screen is screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_stock_snapshot(snap_compare: Any, snapshot_app: HotdashApp, size: tuple[int, int]) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_stock(pilot)

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)


def test_stock_details_snapshot(snap_compare: Any, snapshot_app: HotdashApp) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_stock(pilot)
        await press(pilot, "enter")

    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=open_it)


def test_stock_snapshot_without_color(snap_compare: Any, no_color_snapshot_app: HotdashApp) -> None:
    """The risk is a word (out, reorder, low): it reads the same without color."""

    async def open_it(pilot: Pilot[Any]) -> None:
        await open_stock(pilot)

    assert snap_compare(no_color_snapshot_app, terminal_size=(80, 24), run_before=open_it)
