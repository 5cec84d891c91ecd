"""What ctrl+p offers besides Textual's own commands: every screen, the screen's refresh and
help, the saved views of the config file and the filters used lately, fuzzy-matched by
Textual's command palette (``appro`` finds "Approvals")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from hotdash_tui.screens.base import HotdashScreen

if TYPE_CHECKING:
    from hotdash_tui.preferences import PreferencesApp


@dataclass(frozen=True)
class Place:
    mode: str
    key: str
    title: str
    shows: str


PLACES = (
    Place("overview", "0", "Overview", "a tile for every area, with its figures"),
    Place("approvals", "1", "Approvals", "agent actions and tasks waiting for a decision"),
    Place("board", "2", "Task board", "the workflow's stages and their cards"),
    Place("alerts", "3", "Alerts", "open competitor alerts, most severe first"),
    Place("prices", "4", "Prices and margins", "listings and digital products, with margins"),
    Place("runs", "5", "Runs", "every pipeline run and job, newest first"),
    Place("roas", "6", "ROAS", "ad spend against revenue, by platform and campaign"),
    Place("tables", "7", "Tables", "every table of the schema: its rows, filtered, exported"),
    Place("stock", "8", "Stock", "stock-out risk per SKU and location, most urgent first"),
    Place("logs", "9", "Errors", "ERROR and FATAL log lines, newest first; f follows"),
)
TITLES = {place.mode: place.title for place in PLACES}
RECENT_SHOWN = 5  # the newest filters offered (the App remembers a few more)


def hotdash_commands(app: PreferencesApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    for place in PLACES:
        yield SystemCommand(
            f"Go to {place.title}",
            f"Key {place.key}: {place.shows}",
            partial(app.switch_mode, place.mode),
        )
    if isinstance(screen, HotdashScreen):
        yield SystemCommand("Refresh", "Read what this screen shows again", screen.reload)
    yield SystemCommand(
        "Help: keys and filters", "Key ?: this screen's keys and filter terms", app.action_help
    )
    for view in app.config.views.values():
        shown = f"{TITLES[view.screen]}: {view.filter or 'no filter'}"
        yield SystemCommand(
            f"View {view.name}",
            f"Saved view, {shown}",
            partial(app.open_view, view.screen, view.filter),
        )
    for name in app.known_tables:  # found by typing part of a name, not listed unasked
        yield SystemCommand(
            f"Table {name}",
            "Key 7: its rows, in key order",
            partial(app.open_table, name),
            discover=False,
        )
    for mode, text in list(reversed(app.recent_filters))[:RECENT_SHOWN]:
        yield SystemCommand(
            f"Filter {text}",
            f"Used lately on {TITLES.get(mode, mode)}",
            partial(app.open_view, mode, text),
            discover=False,
        )
