"""What the App keeps for its user: the config file's keymap, theme and saved views, the
filters used lately, the notices shown, and what ctrl+p offers (:mod:`hotdash_tui.palette`)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace

from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from hotdash_tui.palette import hotdash_commands
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.user_config import UserConfig, save_theme

RECENT_FILTERS = 10  # (mode, filter) pairs the palette offers again, newest last
NOTICES_KEPT = 50  # the newest notices the App remembers (Textual shows each for a few seconds)


@dataclass(frozen=True)
class Notice:
    """A notice the App showed: its one sentence, its title and how severe it was."""

    message: str
    title: str
    severity: SeverityLevel


class PreferencesApp(App[None]):
    """The part of the App that follows the config file and remembers filters and notices."""

    def __init__(self, config: UserConfig | None = None) -> None:
        super().__init__()
        self.config = config or UserConfig()
        if self.config.keys:
            self.set_keymap(dict(self.config.keys))
        self.recent_filters: deque[tuple[str, str]] = deque(maxlen=RECENT_FILTERS)
        # Tables the schema browser (key 7) listed, offered by ctrl+p once it has been opened.
        self.known_tables: tuple[str, ...] = ()
        self.notices: deque[Notice] = deque(maxlen=NOTICES_KEPT)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Shows a notice, and keeps it in :attr:`notices` after its toast has gone."""
        self.notices.append(Notice(message, title, severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_help(self) -> None:
        """? (the App's own help screen)."""
        raise NotImplementedError

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from hotdash_commands(self, screen)

    def action_hide_keys(self) -> None:
        if not self.screen.query("HelpPanel"):
            raise SkipAction()  # esc goes on to the screen (its filter, a dialog)
        self.action_hide_help_panel()

    async def open_view(self, mode: str, filter_text: str) -> None:
        """Shows a screen with a filter applied (a saved view, a recent filter)."""
        await self.switch_mode(mode)
        screen = self.screen
        if isinstance(screen, HotdashScreen) and filter_text:
            screen.apply_filter_text(filter_text)

    async def open_table(self, name: str) -> None:
        """The schema browser, opened on one table's rows (``schema.name``)."""
        from hotdash_tui.screens.tables.screen import TablesScreen

        await self.switch_mode("tables")
        screen = self.screen
        if isinstance(screen, TablesScreen):
            screen.open_named(name)

    def remember_filter(self, filter_text: str) -> None:
        """A filter the user applied on the screen shown, offered again by ctrl+p."""
        entry = (self.current_mode, filter_text)
        if entry in self.recent_filters:
            self.recent_filters.remove(entry)
        self.recent_filters.append(entry)

    def _apply_configured_theme(self) -> None:
        wanted = self.config.theme
        if wanted and wanted in self.available_themes:
            self.theme = wanted
        elif wanted:
            known = ", ".join(sorted(self.available_themes))
            self.notify(
                f"{self.config.where('theme')}: there is no theme {wanted!r} (known: {known}).",
                title="Config",
                severity="warning",
                timeout=10,
            )
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        path = self.config.path
        if path is None or theme.name == self.config.theme:
            return
        try:
            save_theme(path, theme.name)
        except OSError as exc:
            self.notify(f"The theme could not be saved in {path}: {exc.strerror or exc}.",
                        title="Config", severity="warning")  # fmt: skip
            return
        self.config = replace(self.config, theme=theme.name)

    def unknown_binding_ids(self, known: set[str]) -> None:
        """Called once every screen's bindings are known: says which keymap ids match none."""
        for binding_id in self.config.keys:
            if binding_id not in known:
                self.notify(
                    f"{self.config.where(binding_id)}: no key has the id {binding_id!r}; "
                    "? shows the keys, and the README lists their ids.",
                    title="Config",
                    severity="warning",
                    timeout=10,
                )
