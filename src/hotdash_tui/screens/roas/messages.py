"""The messages the ROAS screen's thread workers post back to it (UI thread only)."""

from __future__ import annotations

from textual.message import Message

from hotdash_tui.db.roas.model import DailySeries, RoasBoard


class RoasLoaded(Message):
    """A worker's read of every tile for one window, or why there is none."""

    def __init__(
        self,
        board: RoasBoard | None,
        error: str,
        generation: int,
        series: DailySeries | None = None,
    ) -> None:
        """``series``: the plot of the tile to be selected, read in the same trip."""
        super().__init__()
        self.board = board
        self.error = error
        self.generation = generation
        self.series = series


class SeriesLoaded(Message):
    """The daily series of the tile with ``key``, read for the plot."""

    def __init__(self, series: DailySeries | None, error: str, key: str, generation: int) -> None:
        super().__init__()
        self.series = series
        self.error = error
        self.key = key
        self.generation = generation
