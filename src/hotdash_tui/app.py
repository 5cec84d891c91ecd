"""The HotDash App: screens by number, global keys, the header's facts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from hotdash_tui.db.bootstrap import OpenDatabase
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.alerts import AlertsScreen
from hotdash_tui.screens.approvals import ApprovalsScreen
from hotdash_tui.screens.board import BoardScreen
from hotdash_tui.screens.help import HelpScreen, keys_table
from hotdash_tui.screens.overview import OverviewScreen
from hotdash_tui.screens.prices import PricesScreen
from hotdash_tui.screens.roas import RoasScreen
from hotdash_tui.screens.runs import RunsScreen
from hotdash_tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from hotdash_tui.widgets.header_line import HeaderLine

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class HotdashApp(App[None]):
    """The dashboard. Build it with an open database; tests pass a fixed clock."""

    TITLE = "HotDash"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        "overview": OverviewScreen,
        "approvals": ApprovalsScreen,
        "board": BoardScreen,
        "alerts": AlertsScreen,
        "prices": PricesScreen,
        "runs": RunsScreen,
        "roas": RoasScreen,
    }
    DEFAULT_MODE = "overview"
    # 1 to 6 stay out of the footer (the overview's tile titles and ? show them), so that
    # each screen's own keys, ? and q fit at 80 columns.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "switch_mode('overview')", "Overview", id="go.overview"),
        Binding("1", "switch_mode('approvals')", "Approvals", show=False, id="go.approvals"),
        Binding("2", "switch_mode('board')", "Board", show=False, id="go.board"),
        Binding("3", "switch_mode('alerts')", "Alerts", show=False, id="go.alerts"),
        Binding("4", "switch_mode('prices')", "Prices", show=False, id="go.prices"),
        Binding("5", "switch_mode('runs')", "Runs", show=False, id="go.runs"),
        Binding("6", "switch_mode('roas')", "ROAS", show=False, id="go.roas"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, database: OpenDatabase, *, clock: Clock = _utc_now) -> None:
        super().__init__()
        self.database = database
        self.clock = clock
        self.connection_state = "connecting"
        self._too_small: TooSmallScreen | None = None

    def fill_header(self, header: HeaderLine, screen_name: str) -> None:
        header.screen_name = screen_name
        header.database = self.database.target.label
        header.role = self.database.target.user
        header.identity = self.database.settings.identity
        header.state = self.connection_state

    def on_connection_state_changed(self, message: ConnectionStateChanged) -> None:
        self.connection_state = "connected" if message.ok else "database error"
        for header in self.screen.query(HeaderLine):
            header.state = self.connection_state
        if not message.ok:
            self.notify(message.detail, title="Database", severity="error", timeout=8)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        global_keys = [b for b in self.BINDINGS if isinstance(b, Binding)]
        self.push_screen(HelpScreen(keys_table(self.screen, global_keys)))

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def on_mount(self) -> None:
        self._check_size(self.size.width, self.size.height)

    def _check_size(self, width: int, height: int) -> None:
        fits = width >= MIN_WIDTH and height >= MIN_HEIGHT
        if not fits and self._too_small is None:
            self._too_small = TooSmallScreen(width, height)
            self.push_screen(self._too_small)
        elif not fits and self._too_small is not None:
            self._too_small.show_size(width, height)
        elif fits and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None
