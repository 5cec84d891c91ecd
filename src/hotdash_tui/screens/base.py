"""What every data screen shares: the App it belongs to, its header line, live reloads and
the keys a read-only session hides."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.screen import Screen

from hotdash_tui.messages import DataChanged
from hotdash_tui.widgets.header_line import HeaderLine

if TYPE_CHECKING:
    from hotdash_tui.app import HotdashApp


class HotdashScreen(Screen[None]):
    """A screen of the dashboard; ``SCREEN_NAME`` is what its header calls it.

    ``WATCHES`` names the tables (``schema.table``, as the live-notify trigger spells them)
    whose committed changes make the screen read its rows again, keeping cursor and marks.
    ``WRITE_ACTIONS`` names the actions that write; with ``--read-only`` their keys are hidden
    and do nothing.
    """

    SCREEN_NAME = ""
    WATCHES: ClassVar[frozenset[str]] = frozenset()
    WRITE_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    @property
    def hotdash(self) -> HotdashApp:
        from hotdash_tui.app import HotdashApp

        return cast(HotdashApp, self.app)

    @property
    def header_line(self) -> HeaderLine:
        return self.query_one(HeaderLine)

    def on_mount(self) -> None:
        # Textual's switch_mode re-parses the whole stylesheet and restyles every node when a
        # screen's CSS count lags the App's. A screen made by its first switch is not mounted
        # yet when that count is recorded, so its second opening paid for a full restyle too.
        # Mounting has just applied the current stylesheet to it: record that. (Its first
        # opening still restyles: marking a screen level before it is mounted left the first
        # screen without its theme's colours.)
        self._css_update_count = self.app._css_update_count

    def on_screen_resume(self) -> None:
        self.hotdash.fill_header(self.header_line, self.SCREEN_NAME)

    def show_position(self, position: str) -> None:
        """The header's place part: the filter and row x of N."""
        self.header_line.position = position

    def reload(self) -> None:
        """Reads what the screen shows again; each screen says how."""

    def on_data_changed(self, message: DataChanged) -> None:
        if message.polled or message.tables & self.WATCHES:
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False (not None) hides the key from the footer as well as refusing it.
        return not (action in self.WRITE_ACTIONS and self.hotdash.database.settings.read_only)
