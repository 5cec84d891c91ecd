"""MatrixPlot on its own, beside the PlotextPlot it stands in for: the same figure drawn
both ways must show the same character in the same colors in every cell."""

from __future__ import annotations

from typing import Any

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.strip import Strip
from textual_plotext import PlotextPlot

from hotdash_tui.widgets.matrix_plot import MatrixPlot

WIDTH, HEIGHT = 60, 16


def draw(plot: PlotextPlot, shift: int = 0) -> None:
    """Two series on two axes, a colored rule, dates below: what the ROAS plot draws."""
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    xs = [float(x) for x in range(30)]
    plt.plot(xs, [(x + shift) * 1.5 % 7 for x in xs], marker="·", label="spend", yside="right")
    plt.plot(xs, [(x + shift) % 5 for x in xs], marker="hd", label="ROAS")
    plt.hline(3.0, color="red")
    plt.plot(xs, [2.0] * len(xs), marker="-", color="green", label="ours")
    plt.xticks(xs[::5], [f"d{int(x)}" for x in xs[::5]])


class PlotsApp(App[None]):
    CSS = f"PlotextPlot {{ width: {WIDTH}; height: {HEIGHT}; }}"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield PlotextPlot(id="text")
            yield MatrixPlot(id="grid")


Cell = tuple[str, Style | None]


def cells(strips: list[Strip]) -> list[list[Cell]]:
    """Each cell's character and style, without the offsets Textual's text adds to a style
    (they place mouse clicks, and draw nothing)."""
    return [
        [
            (char, None if segment.style is None else segment.style.clear_meta_and_links())
            for segment in strip
            for char in segment.text
        ]
        for strip in strips
    ]


def both(app: App[Any]) -> tuple[list[list[Cell]], list[list[Cell]]]:
    region = Region(0, 0, WIDTH, HEIGHT)
    text = app.query_one("#text", PlotextPlot).render_lines(region)
    grid = app.query_one("#grid", MatrixPlot).render_lines(region)
    return cells(text), cells(grid)


@pytest.mark.parametrize("no_color", [False, True])
async def test_every_cell_as_plotext_prints_it(
    monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = PlotsApp()
    async with app.run_test(size=(2 * WIDTH + 4, HEIGHT + 2)) as pilot:
        draw(app.query_one("#text", PlotextPlot))
        app.query_one("#text", PlotextPlot).refresh()
        draw(app.query_one("#grid", MatrixPlot))
        app.query_one("#grid", MatrixPlot).refresh_figure()
        await pilot.pause()
        text, grid = both(app)
        assert len(grid) == HEIGHT and all(len(row) == WIDTH for row in grid)
        assert grid == text
        styles = {style for row in grid for _, style in row}
        assert len(styles) > 3  # the axes, both series and the red rule are told apart
        drawn = "\n".join("".join(char for char, _ in row) for row in grid)
        assert "ROAS" in drawn and "spend" in drawn and "d25" in drawn


async def test_blank_until_there_is_a_figure_then_drawn_again_on_each_change() -> None:
    class Empty(MatrixPlot):
        ready = False

        def has_figure(self) -> bool:
            return self.ready

    class EmptyApp(App[None]):
        CSS = f"Empty {{ width: {WIDTH}; height: {HEIGHT}; }}"

        def compose(self) -> ComposeResult:
            yield Empty()

    app = EmptyApp()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        plot = app.query_one(Empty)
        await pilot.pause()
        assert all(not line.text.strip() for line in plot.figure_lines())
        plot.ready = True
        draw(plot)
        plot.refresh_figure()
        await pilot.pause()
        first = plot.figure_lines()
        assert any("ROAS" in line.text for line in first)
        assert plot.figure_lines() is first  # drawn once, not at each paint
        draw(plot, shift=2)
        plot.refresh_figure()
        await pilot.pause()
        again = plot.figure_lines()
        assert again is not first
        assert [line.text for line in again] != [line.text for line in first]
