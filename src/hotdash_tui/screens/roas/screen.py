"""ROAS (key 6): ads tiles per platform and campaign, revenue and cost tiles of the other
systems, and a plot of the selected tile's days. ``w`` cycles the 7/30/90-day window.

Tiles and the plot are read by two thread workers; a result for an older window or an
earlier selection than the one on screen is dropped, so keys never wait on the database.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from hotdash_tui.db.engine import reading
from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.roas.model import (
    AdsFigures,
    DailySeries,
    RoasBoard,
    Subject,
    TileFigures,
    next_window,
)
from hotdash_tui.db.roas.read import load_roas, load_series
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.screens.roas import tiles as roas_tiles
from hotdash_tui.screens.roas.plot import RoasPlot
from hotdash_tui.screens.roas.tile import RoasTile
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar

DEFAULT_DAYS = 30  # the overview's ROAS window, so key 6 opens on the figures it summarises
TILE_WIDTH = 26  # 22 inside plus border and padding: three a row at 80 columns, four at 120
TILE_HEIGHT = 7
TALL = 32  # from this height three rows of tiles show above the plot instead of two


class TilesScroll(VerticalScroll, can_focus=False, inherit_bindings=False):
    """Scrolls the grid to the selected tile; the arrow keys are the screen's. Its scrollbar
    always shows (app.tcss), so its content's height changes no layout."""


class TilesGrid(Widget):
    """The tiles, as many a row as fit (a grid: app.tcss). Its height is set from the count
    of tiles and columns (:meth:`RoasScreen.size_grid`), not taken from its content
    (``auto``): the first layout that held the tiles then asked for another one, a frame of
    its own ~20 ms after the first opening's."""


class RoasScreen(HotdashScreen):
    """A grid of tiles moved through with the arrows or h j k l; the plot follows."""

    SCREEN_NAME = "ROAS"
    WATCHES = frozenset()  # daily ad figures send no notification; r reads them again
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "cycle_window", "Window 7/30/90", id="roas.window"),
        Binding("ctrl+r", "refresh", "Refresh", id="roas.refresh"),
        Binding("h,left", "move(0, -1)", "Tile ◀", show=False, id="roas.left"),
        Binding("l,right", "move(0, 1)", "Tile ▶", show=False, id="roas.right"),
        Binding("k,up", "move(-1, 0)", "Tile ▲", show=False, id="roas.up"),
        Binding("j,down", "move(1, 0)", "Tile ▼", show=False, id="roas.down"),
    ]

    class RoasLoaded(Message):
        """A worker's read of every tile for one window, or why there is none."""

        def __init__(
            self,
            board: RoasBoard | None,
            error: str,
            generation: int,
            series: DailySeries | None = None,
        ) -> None:
            """``series``: the plot of the tile to be selected, read in the same trip."""
            super().__init__()
            self.board = board
            self.error = error
            self.generation = generation
            self.series = series

    class SeriesLoaded(Message):
        """The daily series of the tile with ``key``, read for the plot."""

        def __init__(
            self, series: DailySeries | None, error: str, key: str, generation: int
        ) -> None:
            super().__init__()
            self.series = series
            self.error = error
            self.key = key
            self.generation = generation

    def __init__(self) -> None:
        super().__init__()
        self.days = DEFAULT_DAYS
        self.board: RoasBoard | None = None
        self.selected = 0
        self.selected_key: str | None = None
        self.generation = 0  # a result of an older read than the last one asked is dropped

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        with TilesScroll(id="roas-scroll"):
            yield TilesGrid(id="roas-tiles")
        yield Static("", id="roas-plot-title")
        yield RoasPlot(id="roas-plot")
        yield KeyBar()

    # -- reading ------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload()

    def reload(self) -> None:
        self.generation += 1
        self.show_place()
        self.load(self.days, self.generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="roas-tiles")
    def load(self, days: int, generation: int) -> None:
        app = self.hotdash
        now = app.clock()
        try:
            # The plot of the tile that will be selected comes with the tiles: read after
            # they were shown, it cost the first opening a second worker and a frame. The
            # figures only sit side by side, so each statement may be its own transaction
            # (no BEGIN and end, a round trip each; benchmarks, section 10).
            with reading(app.database.engine, each_statement=True) as conn:
                board = load_roas(conn, now, days)
                first = self._figures_to_select(board)
                series = None if first is None else load_series(conn, first.subject, now, days)
        except Exception as exc:
            self.post_message(self.RoasLoaded(None, describe_error(exc), generation))
        else:
            self.post_message(self.RoasLoaded(board, "", generation, series))

    @work(thread=True, exclusive=True, exit_on_error=False, group="roas-plot")
    def load_plot(self, subject: Subject, days: int, generation: int) -> None:
        app = self.hotdash
        try:
            series = load_series(app.database.engine, subject, app.clock(), days)
        except Exception as exc:
            self.post_message(self.SeriesLoaded(None, describe_error(exc), subject.key, generation))
        else:
            self.post_message(self.SeriesLoaded(series, "", subject.key, generation))

    @on(RoasLoaded)
    async def roas_loaded(self, message: RoasLoaded) -> None:
        self.app.post_message(ConnectionStateChanged(message.board is not None, message.error))
        if message.board is None or message.generation != self.generation:
            return
        self.board = board = message.board
        first = self._figures_to_select(board)
        index = 0 if first is None else board.tiles.index(first)
        if not await self._ensure_tiles(board, index):  # new tiles are made with theirs
            for tile, figures in zip(self.tiles(), board.tiles, strict=True):
                tile.show(*self._tile_content(figures, board))
        self.select(index, message.series)

    @staticmethod
    def _tile_content(figures: TileFigures, board: RoasBoard) -> tuple[Text, str]:
        """A tile's body and subtitle."""
        return roas_tiles.tile_body(figures, board.window), roas_tiles.tile_subtitle(figures)

    def _figures_to_select(self, board: RoasBoard) -> TileFigures | None:
        """The tile selected before the read if it is still there, else the first."""
        keys = [f.subject.key for f in board.tiles]
        if self.selected_key in keys:
            return board.tiles[keys.index(self.selected_key)]
        return board.tiles[0] if board.tiles else None

    async def _ensure_tiles(self, board: RoasBoard, selected: int) -> bool:
        """Makes the tiles anew when their subjects changed (True if so). New tiles are made
        with their figures and selection: each takes its first layout with its final size
        and style, and the first opening draws them once."""
        if [t.key for t in self.tiles()] == [f.subject.key for f in board.tiles]:
            return False
        grid = self.query_one(TilesGrid)
        await grid.remove_children()
        self.size_grid(len(board.tiles))
        tiles = []
        for position, figures in enumerate(board.tiles):
            body, subtitle = self._tile_content(figures, board)
            title = roas_tiles.tile_title(figures)
            tiles.append(
                RoasTile(
                    figures.subject.key,
                    title,
                    body=body,
                    subtitle=subtitle,
                    selected=position == selected,
                )
            )
        await grid.mount_all(tiles)
        return True

    @on(SeriesLoaded)
    def series_loaded(self, message: SeriesLoaded) -> None:
        if message.series is None:
            self.app.post_message(ConnectionStateChanged(False, message.error))
            return
        if message.generation != self.generation or message.key != self.selected_key:
            return
        figures = self.selected_figures()
        self.query_one(RoasPlot).show_series(message.series, self._target(figures))

    # -- selection ----------------------------------------------------------------------

    def tiles(self) -> list[RoasTile]:
        return list(self.query(RoasTile))

    def columns(self, width: int | None = None) -> int:
        return max(1, (self.size.width if width is None else width) // TILE_WIDTH)

    def selected_figures(self) -> TileFigures | None:
        if self.board is None or not self.board.tiles:
            return None
        return self.board.tiles[min(self.selected, len(self.board.tiles) - 1)]

    @staticmethod
    def _target(figures: TileFigures | None) -> Decimal | None:
        return figures.figure.target_roas if isinstance(figures, AdsFigures) else None

    def select(self, index: int, series: DailySeries | None = None) -> None:
        """Select the tile at ``index``, scroll to it, and show its plot: ``series`` if it
        is that tile's, else read."""
        tiles = self.tiles()
        if self.board is None or not tiles:
            self.show_place()
            return
        self.selected = max(0, min(index, len(tiles) - 1))
        for position, tile in enumerate(tiles):
            tile.selected = position == self.selected
        chosen = tiles[self.selected]
        self.query_one(TilesScroll).scroll_to_widget(chosen, animate=False)
        figures = self.board.tiles[self.selected]
        self.query_one("#roas-plot-title", Static).update(
            roas_tiles.plot_title(figures.subject, self.board.window, self._target(figures))
        )
        self.selected_key = chosen.key
        self.show_place()
        if series is not None and series.subject.key == chosen.key:
            self.query_one(RoasPlot).show_series(series, self._target(figures))
        else:
            self.load_plot(figures.subject, self.board.window.days, self.generation)

    def action_move(self, rows: int, steps: int) -> None:
        count = len(self.tiles())
        if not count:
            return
        target = self.selected + rows * self.columns() + steps
        if 0 <= target < count:
            self.select(target)

    def action_cycle_window(self) -> None:
        self.days = next_window(self.days)
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def show_place(self) -> None:
        count = len(self.board.tiles) if self.board is not None else 0
        place = f"{self.days} days"
        if self.board is not None and self.board.window.days == self.days:
            window = self.board.window
            place += f" {window.first_day:%b %d} to {window.last_day:%b %d}"
        self.show_position(place, f"tile {self.selected + 1} of {count}" if count else "")

    def size_grid(self, tiles: int, width: int | None = None) -> None:
        """As many tiles a row as fit the width (the screen's, or the one it is given), and
        the rows they need."""
        grid = self.query_one(TilesGrid)
        columns = self.columns(width)
        grid.styles.grid_size_columns = columns
        grid.styles.height = -(-tiles // columns) * TILE_HEIGHT

    def on_resize(self, event: events.Resize) -> None:
        self.size_grid(len(self.tiles()), event.size.width)
        # Whole rows of tiles above the plot; the plot takes the rest.
        rows = 3 if event.size.height >= TALL else 2
        self.query_one(TilesScroll).styles.height = rows * TILE_HEIGHT
