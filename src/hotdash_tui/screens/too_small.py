"""Shown instead of a screen that cannot fit, with the size it needs."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


def too_small_message(width: int, height: int) -> str:
    """One line that fits ``width``: the longest of these that does."""
    said = (
        f"The terminal is {width}x{height}; hotdash needs at least "
        f"{MIN_WIDTH}x{MIN_HEIGHT}. Enlarge it, or press q to quit.",
        f"{width}x{height} is too small: hotdash needs {MIN_WIDTH}x{MIN_HEIGHT}; q quits.",
        f"Needs {MIN_WIDTH}x{MIN_HEIGHT}; q quits",
        f"{MIN_WIDTH}x{MIN_HEIGHT}",
    )
    return next((line for line in said if len(line) <= width), said[-1][: max(1, width)])


class TooSmallScreen(ModalScreen[None]):
    """Covers the dashboard (a blank screen, app.tcss) with one line until the terminal is
    large enough again; q still quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", show=False, id="too_small.quit"),
    ]

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.message_text = too_small_message(width, height)

    def compose(self) -> ComposeResult:
        yield Static(self.message_text, id="too-small")

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(too_small_message(width, height))
