"""The overview (key 0): one tile per area, each an aggregate computed in SQL."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.message import Message
from textual.timer import Timer

from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.live import NOTIFYING_TABLES
from hotdash_tui.db.overview import Overview, load_overview
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.screens.overview import tiles as tiles
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.tile import Tile

# Tiles are re-read on this cadence while the overview is visible; the next read is
# scheduled when the last one finished, so a slow database never piles up queries.
REFRESH_SECONDS = 15.0

# In the order the grid places them (app.tcss, #tiles): the tall tiles span two of its four
# rows, the short ones of the first column take one each.
TILES: tuple[tuple[str, str], ...] = (
    ("tile-approvals", "1 Approvals"),
    ("tile-board", "2 Task board"),
    ("tile-alerts", "3 New alerts"),
    ("tile-stock", "8 Stock"),
    ("tile-margins", "4 Margins"),
    ("tile-runs", "5 Failed runs"),
    ("tile-roas", "6 ROAS 30d"),
    ("tile-errors", "9 Errors"),
)


class OverviewScreen(HotdashScreen):
    """Eight tiles at a glance; the number in each title is the key that opens its screen."""

    SCREEN_NAME = "Overview"
    WATCHES = NOTIFYING_TABLES  # every tile but ROAS counts rows of these
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "refresh", "Refresh", id="overview.refresh"),
    ]

    class Loaded(Message):
        """A worker's read of the tiles: the figures, or why there are none."""

        def __init__(self, overview: Overview | None, error: str = "") -> None:
            super().__init__()
            self.overview = overview
            self.error = error

    _next_refresh: Timer | None = None

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        with Grid(id="tiles"):
            for tile_id, title in TILES:
                yield Tile(title, id=tile_id)
        yield KeyBar()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self._next_refresh is None:
            self.load()  # shown first, or again after another screen: current figures at once

    def on_screen_suspend(self) -> None:
        # A hidden overview queries nothing; it reloads when it is shown again.
        if self._next_refresh is not None:
            self._next_refresh.stop()
            self._next_refresh = None

    def action_refresh(self) -> None:
        self.load()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="overview")
    def load(self) -> None:
        app = self.hotdash
        try:
            overview = load_overview(app.database.engine, app.clock())
        except Exception as exc:
            self.post_message(self.Loaded(None, describe_error(exc)))
        else:
            self.post_message(self.Loaded(overview))

    def on_overview_screen_loaded(self, message: Loaded) -> None:
        if self._next_refresh is not None:
            self._next_refresh.stop()
        if self.is_current:
            self._next_refresh = self.set_timer(REFRESH_SECONDS, self.load)
        self.app.post_message(ConnectionStateChanged(message.overview is not None, message.error))
        overview = message.overview
        if overview is None:
            return
        shown = {
            "approvals": tiles.approvals_tile,
            "board": tiles.board_tile,
            "alerts": tiles.alerts_tile,
            "margins": tiles.margins_tile,
            "runs": tiles.runs_tile,
            "roas": tiles.roas_tile,
            "stock": tiles.stock_tile,
            "errors": tiles.errors_tile,
        }
        for tile, draw in shown.items():
            reason = overview.refused.get(tile)
            body = draw(overview) if reason is None else tiles.refused_tile(reason)
            self.query_one(f"#tile-{tile}", Tile).show(body)
        self.call_after_refresh(self.hotdash.warm_up_screens)  # once the figures are painted
