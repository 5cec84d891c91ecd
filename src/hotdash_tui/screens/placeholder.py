"""A screen that is not built yet says so plainly, rather than pretending."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

from hotdash_tui.widgets.header_line import HeaderLine


class PlaceholderScreen(Screen[None]):
    """Stands in for a screen of a later issue: names it and says what it will show."""

    def __init__(self, title: str, promise: str) -> None:
        super().__init__()
        self.title_text = title
        self.promise = promise

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        with Middle(), Center():
            yield Static(
                f"{self.title_text} is not built yet.\n\n{self.promise}\n\n"
                "Press 0 for the overview.",
                classes="placeholder",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        from hotdash_tui.app import HotdashApp

        if isinstance(self.app, HotdashApp):
            self.app.fill_header(self.query_one(HeaderLine), self.title_text)
