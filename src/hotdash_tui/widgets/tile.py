"""A titled box of a few lines: the unit of the overview."""

from __future__ import annotations

from rich.console import RenderableType
from textual.widgets import Static


class Tile(Static):
    """One overview tile. Its border title names the screen and the key that opens it."""

    DEFAULT_CSS = """
    Tile {
        border: round $primary;
        padding: 0 1;
        height: 1fr;
        width: 1fr;
    }
    """

    def __init__(
        self,
        title: str,
        *,
        id: str | None = None,
        body: RenderableType = "loading…",
        subtitle: str = "",
    ) -> None:
        """A tile made with its ``body`` is laid out once: one filled after it mounts asks
        for another layout, which lands after the first frame and draws a second."""
        super().__init__(body, id=id)
        self.border_title = title
        self.body = body
        if subtitle:
            self.border_subtitle = subtitle

    def show(self, body: RenderableType, subtitle: str = "") -> None:
        # A refresh that reads the same (most live updates, every reopening) draws nothing.
        if body != self.body:
            self.body = body
            self.update(body)
        if subtitle != (self.border_subtitle or ""):  # setting one redraws, even unchanged
            self.border_subtitle = subtitle
