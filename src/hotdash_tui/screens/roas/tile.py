"""A ROAS screen tile: an overview :class:`Tile` that can be the selected one."""

from __future__ import annotations

from rich.console import RenderableType
from textual.reactive import reactive

from hotdash_tui.widgets.tile import Tile


class RoasTile(Tile):
    """One platform, campaign or revenue source. ``key`` names its subject across reloads."""

    # The selection must show without color: a heavy border and a reversed title.
    DEFAULT_CSS = """
    RoasTile.-selected {
        border: heavy $accent;
        border-title-style: bold reverse;
    }
    """

    selected: reactive[bool] = reactive(False)
    """Whether this is the tile the keys move and the plot shows."""

    def __init__(
        self,
        key: str,
        title: str,
        *,
        body: RenderableType = "loading…",
        subtitle: str = "",
        selected: bool = False,
    ) -> None:
        super().__init__(title, body=body, subtitle=subtitle)
        self.key = key
        if selected:  # styled as selected from the start: no restyle once it is shown
            self.set_reactive(RoasTile.selected, True)
            self.watch_selected(True)

    def watch_selected(self, selected: bool) -> None:
        self.set_class(selected, "-selected")
