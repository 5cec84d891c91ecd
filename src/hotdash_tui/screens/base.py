"""What every data screen shares: the App it belongs to and its header line."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from hotdash_tui.widgets.header_line import HeaderLine

if TYPE_CHECKING:
    from hotdash_tui.app import HotdashApp


class HotdashScreen(Screen[None]):
    """A screen of the dashboard; ``SCREEN_NAME`` is what its header calls it."""

    SCREEN_NAME = ""

    @property
    def hotdash(self) -> HotdashApp:
        from hotdash_tui.app import HotdashApp

        return cast(HotdashApp, self.app)

    @property
    def header_line(self) -> HeaderLine:
        return self.query_one(HeaderLine)

    def on_screen_resume(self) -> None:
        self.hotdash.fill_header(self.header_line, self.SCREEN_NAME)

    def show_position(self, position: str) -> None:
        """The header's place part: the filter and row x of N."""
        self.header_line.position = position
