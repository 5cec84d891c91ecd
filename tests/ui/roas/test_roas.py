"""The ROAS screen (key 6) driven by the Pilot on a real demo database: the window key, moving
between tiles, the plot following the selection, and what the tiles say."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.roas.model import RoasBoard, SubjectKind
from hotdash_tui.db.roas.read import load_roas
from hotdash_tui.screens.help import HelpScreen
from hotdash_tui.screens.roas.plot import RoasPlot
from hotdash_tui.screens.roas.screen import RoasScreen
from hotdash_tui.screens.roas.tile import RoasTile
from tests.conftest import FIXED_NOW
from tests.ui.support import header, press, settle


async def open_roas(pilot: Pilot[Any]) -> RoasScreen:
    await settle(pilot)
    await press(pilot, "6")
    screen = pilot.app.screen
    assert isinstance(screen, RoasScreen)
    return screen


def tiles(screen: RoasScreen) -> list[RoasTile]:
    return list(screen.query(RoasTile))


def selected(screen: RoasScreen) -> list[int]:
    return [i for i, tile in enumerate(tiles(screen)) if tile.has_class("-selected")]


def tile_text(tile: RoasTile) -> str:
    return str(tile.render())


def plot(screen: RoasScreen) -> RoasPlot:
    return screen.query_one(RoasPlot)


def plot_title(screen: RoasScreen) -> str:
    return str(screen.query_one("#roas-plot-title", Static).render())


def board(engine: sqlalchemy.Engine, days: int) -> RoasBoard:
    return load_roas(engine, FIXED_NOW, days)


async def test_key_6_shows_a_tile_per_figure_and_plots_the_first(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected = board(seeded_engine, 30)
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_roas(pilot)
        shown = tiles(screen)
        assert [t.key for t in shown] == [f.subject.key for f in expected.tiles]
        assert selected(screen) == [0]
        assert f"30 days Oct 04 to Nov 02 · tile 1 of {len(shown)}" in header(seeded_app)
        total = expected.ads[0]
        assert f"{total.figure.spend_cents / 100:,.0f} USD" in tile_text(shown[0])
        series = plot(screen).series
        assert series is not None and series.subject == total.subject
        assert len(series.ads) == 30 and series.window == expected.window
        assert "Daily ROAS and spend · All ads · 30 days to Nov 02" in plot_title(screen)
        assert plot(screen).region.height >= 6  # the plot is on screen, not squeezed away


async def test_w_cycles_the_window_and_the_tiles_and_plot_follow(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_roas(pilot)
        for days, first in ((90, "Aug 05"), (7, "Oct 27"), (30, "Oct 04")):
            await press(pilot, "w")
            assert f"{days} days {first} to Nov 02" in header(seeded_app)
            total = board(seeded_engine, days).ads[0].figure
            assert f"{total.spend_cents / 100:,.0f} USD" in tile_text(tiles(screen)[0])
            series = plot(screen).series
            assert series is not None and series.window.days == days
            assert len(series.ads) == days
            assert f"· {days} days to Nov 02" in plot_title(screen)


async def test_arrows_and_hjkl_move_the_selection_and_the_plot_follows(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    figures = board(seeded_engine, 30).tiles
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_roas(pilot)
        columns = screen.columns()
        assert columns == 3
        for key, index in (
            ("h", 0),  # nothing left of the first tile: it stays
            ("k", 0),
            ("l", 1),
            ("right", 2),
            ("j", 2 + columns),
            ("down", 2 + 2 * columns),
            ("left", 1 + 2 * columns),
            ("up", 1 + columns),
        ):
            await press(pilot, key)
            assert selected(screen) == [index], key
            series = plot(screen).series
            assert series is not None and series.subject == figures[index].subject, key
            assert figures[index].subject.label in plot_title(screen)
            assert f"tile {index + 1} of {len(figures)}" in header(seeded_app)
        for _ in range(len(figures)):
            await pilot.press("j")
        await settle(pilot)
        last_row = [i for i in range(len(figures)) if i % columns == (1 + columns) % columns]
        assert selected(screen) == [last_row[-1]]  # down stops at the last row
        assert screen.query_one("#roas-scroll").scroll_y > 0  # scrolled to the selected tile


async def test_the_tiles_fill_rows_as_wide_as_the_terminal_and_follow_a_resize(
    seeded_app: HotdashApp,
) -> None:
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        screen = await open_roas(pilot)
        for width, columns in ((120, 4), (80, 3), (60, 2)):
            await pilot.resize_terminal(width, 40)
            await settle(pilot)
            shown = tiles(screen)
            rows = -(-len(shown) // columns)
            assert len({tile.region.x for tile in shown}) == columns, width
            assert len({tile.region.y for tile in shown}) == rows, width
            grid = screen.query_one("#roas-tiles")
            assert grid.region.height == rows * shown[0].region.height, width
            assert shown[-1].region.bottom == grid.region.bottom, width  # none cut off


async def test_a_revenue_tile_plots_its_daily_amounts(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    figures = board(seeded_engine, 30)
    index = len(figures.ads)  # the first tile after the ads: a metrics_daily system
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_roas(pilot)
        screen.select(index)
        await settle(pilot)
        series = plot(screen).series
        assert series is not None and series.subject.kind is SubjectKind.SYSTEM
        assert len(series.amounts) == 30 and not series.ads
        system = figures.systems[0]
        assert sum(p.amount for p in series.amounts) == system.gross
        assert f"Daily revenue ({system.subject.currency})" in plot_title(screen)
        assert "metrics_daily" in str(tiles(screen)[index].border_subtitle)


async def test_the_selection_stays_on_its_tile_across_windows(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    figures = board(seeded_engine, 30).tiles
    campaign = next(i for i, f in enumerate(figures) if f.subject.kind is SubjectKind.CAMPAIGN)
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_roas(pilot)
        screen.select(campaign)
        await settle(pilot)
        await press(pilot, "w")
        assert selected(screen) == [campaign]
        series = plot(screen).series
        assert series is not None and series.subject == figures[campaign].subject
        assert series.window.days == 90


async def test_tiles_say_met_missed_and_dash_without_color(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    figures = board(seeded_engine, 30).ads
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_roas(pilot)
        for tile, figure in zip(tiles(screen), figures, strict=False):
            text = tile_text(tile)
            verdict = figure.figure.meets_target
            if verdict is True:
                assert "▲ met" in text
            elif verdict is False:
                assert "▼ missed" in text
            elif figure.figure.spend_cents == 0:
                assert "ROAS      — " in text and "no spend" in text
            if figure.clicks == 0:
                assert "CPC —" in text and "CTR —" in text
        assert any(f.clicks == 0 for f in figures)  # the draft campaign never ran


async def test_a_tile_follows_a_change_in_the_database_on_r(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_roas(pilot)
        with seeded_engine.begin() as conn:
            conn.execute(text("UPDATE ads_daily_metrics SET revenue_cents = 0"))
        await press(pilot, "ctrl+r")
        assert "ROAS  0.00x ▼ missed" in tile_text(tiles(screen)[0])
        series = plot(screen).series
        assert series is not None and all(p.revenue_cents == 0 for p in series.ads)


async def test_a_database_error_is_said_in_the_header(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await open_roas(pilot)
        with seeded_engine.begin() as conn:
            conn.execute(text("ALTER TABLE ads_daily_metrics RENAME TO ads_gone"))
        await press(pilot, "w")
        assert "database error" in header(seeded_app)
        assert any("not migrated" in n.message for n in seeded_app.notices)


async def test_question_mark_lists_the_window_and_move_keys(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await open_roas(pilot)
        await press(pilot, "question_mark")
        assert isinstance(seeded_app.screen, HelpScreen)
        rows = {str(row) for row in seeded_app.screen.table.columns[0]._cells}
        assert {"w", "h,left", "j,down", "k,up", "l,right", "ctrl+r"} <= rows


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_roas_snapshot(snap_compare: Any, snapshot_app: HotdashApp, size: tuple[int, int]) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_roas(pilot)

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)


def test_roas_snapshot_of_a_campaign_without_color(
    snap_compare: Any,
    seeded_engine: sqlalchemy.Engine,
    seeded_db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.ui.conftest import make_app

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(seeded_engine, seeded_db_url, stable_target=True)
    assert app.no_color

    async def open_campaign(pilot: Pilot[Any]) -> None:
        await open_roas(pilot)
        await press(pilot, "w", "j", "j", "l")

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_campaign)


async def test_the_plot_is_drawn_once_per_series_and_size(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await open_roas(pilot)
        plot = seeded_app.screen.query_one(RoasPlot)
        drawn = plot.figure_lines()
        assert any("ROAS" in line.text for line in drawn)
        await press(pilot, "0")
        await press(pilot, "6")  # back: the screen repaints, the figure is not drawn again
        assert plot.figure_lines() is drawn
        await press(pilot, "w")  # another window: another series, drawn anew
        assert plot.figure_lines() is not drawn
        redrawn = plot.figure_lines()
        await pilot.resize_terminal(100, 40)
        await settle(pilot)
        assert plot.figure_lines() is not redrawn  # another size
        assert len(plot.figure_lines()[0].text) == plot.size.width
