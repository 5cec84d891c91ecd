"""What every data screen shares: the App it belongs to, its header line, live reloads and
the keys a read-only session hides."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.screen import Screen

from hotdash_tui.filters import FilterSpec
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

    # Textual's switch_mode re-parses every source of CSS and restyles the App (twice for a
    # new screen) whenever a screen's CSS count lags the App's. Our screens bring no CSS of
    # their own, so both methods below record that a screen is styled with the current
    # stylesheet: one before a screen built by its first opening mounts, one after mounting.
    # The counts are Textual's private names (hotdash_tui.library_internals says what they buy).

    def mark_styled_before_mount(self) -> None:
        """For a screen built by its first opening: spares it two parses of the whole
        stylesheet (about a fifth of the board's first opening; benchmarks/RESULTS.md).
        Its widgets' DEFAULT_CSS is parsed when they mount, with the current variables.
        Left alone while a theme change waits to be applied (the screen shown now lags
        too), and for the App's first screen, whose theme is applied after it is made."""
        app = self.app
        if app._screen_stacks and app.screen._css_update_count == app._css_update_count:
            self._css_update_count = app._css_update_count

    def on_mount(self) -> None:
        # A screen made before the App was running (the overview) is not mounted when
        # switch_mode records the count, so its second opening restyled the App too.
        # Mounting has just applied the current stylesheet to it.
        self._css_update_count = self.app._css_update_count

    def on_screen_resume(self) -> None:
        self.hotdash.fill_header(self.header_line, self.SCREEN_NAME)

    def show_position(self, position: str, rows: str = "") -> None:
        """The header's place: what the user set (filter, sort, ...) and ``row x of N``."""
        header = self.header_line
        header.position, header.rows = position, rows

    def reload(self) -> None:
        """Reads what the screen shows again; each screen says how."""

    @property
    def filter_spec(self) -> FilterSpec | None:
        """The terms the screen's `/` filter takes (None: it has no filter)."""
        return None

    def filter_help(self) -> list[tuple[str, str]] | None:
        """Each term of the `/` filter with what it matches, for `?` (None: no filter)."""
        spec = self.filter_spec
        return spec.help_lines() if spec else None

    def apply_filter_text(self, text: str) -> None:
        """Applies a filter as if typed after `/` (a saved view, a recent filter)."""
        if text.strip():
            self.notify(f"{self.SCREEN_NAME} has no filter; {text!r} was not applied.")

    def on_data_changed(self, message: DataChanged) -> None:
        if message.polled or message.tables & self.WATCHES:
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False (not None) hides the key from the footer as well as refusing it.
        return not (action in self.WRITE_ACTIONS and self.hotdash.database.read_only)
