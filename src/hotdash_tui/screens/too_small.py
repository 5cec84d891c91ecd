"""Shown instead of a screen that cannot fit, with the size it needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


def too_small_message(width: int, height: int) -> str:
    return (
        f"The terminal is {width}x{height}; hotdash needs at least "
        f"{MIN_WIDTH}x{MIN_HEIGHT}. Enlarge it, or press q to quit."
    )


class TooSmallScreen(ModalScreen[None]):
    """Covers the dashboard until the terminal is large enough again."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.message_text = too_small_message(width, height)

    def compose(self) -> ComposeResult:
        yield Static(self.message_text, id="too-small")

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(too_small_message(width, height))
