"""The screens a start does not import, built on their first opening."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from textual.binding import Binding
from textual.screen import Screen

from hotdash_tui.gc_tuning import settle_long_lived
from hotdash_tui.screens.base import HotdashScreen

LAZY_SCREENS = {
    "approvals": ("hotdash_tui.screens.approvals.screen", "ApprovalsScreen"),
    "board": ("hotdash_tui.screens.board.screen", "BoardScreen"),
    "alerts": ("hotdash_tui.screens.alerts.screen", "AlertsScreen"),
    "prices": ("hotdash_tui.screens.prices.screen", "PricesScreen"),
    "runs": ("hotdash_tui.screens.runs.screen", "RunsScreen"),
    "roas": ("hotdash_tui.screens.roas.screen", "RoasScreen"),
    "tables": ("hotdash_tui.screens.tables.screen", "TablesScreen"),
    "stock": ("hotdash_tui.screens.stock.screen", "StockScreen"),
    "logs": ("hotdash_tui.screens.logs.screen", "LogsScreen"),
}
"""Screens whose modules a start does not import: the overview is all it needs, and the
others (plotext among their imports) would add about a tenth of a second to every start
(benchmarks/RESULTS.md, cold start). They are imported in the background once the overview
shows its figures (:meth:`hotdash_tui.app.HotdashApp.warm_up_screens`), else when first opened."""


def screen_from(module: str, name: str) -> Callable[[], Screen[None]]:
    """Builds a screen of a module of :data:`LAZY_SCREENS`, importing it if need be."""

    def build() -> Screen[None]:
        screen_class: type[HotdashScreen] = getattr(importlib.import_module(module), name)
        screen = screen_class()
        screen.mark_styled_before_mount()
        settle_long_lived()  # the module and the screen live as long as the App
        return screen

    return build


def lazy_screen_classes() -> list[type[HotdashScreen]]:
    """Every screen class of :data:`LAZY_SCREENS`, its module imported."""
    return [
        getattr(importlib.import_module(module), name) for module, name in LAZY_SCREENS.values()
    ]


def bindings_of(classes: Iterable[type]) -> set[str]:
    """The id of every key binding the classes (and their bases) declare."""
    found = set()
    for cls in classes:
        for klass in cls.__mro__:
            for binding in klass.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    found.add(binding.id)
    return found
