"""What the prices screen's workers report back."""

from __future__ import annotations

from textual.message import Message

from hotdash_tui.db.prices_digital import (
    DigitalCursor,
    DigitalRow,
)
from hotdash_tui.db.prices_read import (
    PriceCursor,
    PriceRow,
)


class PricesLoaded(Message):
    """A window of the listings tab; ``append`` when it continues the rows shown."""

    def __init__(
        self,
        generation: int,
        rows: tuple[PriceRow, ...] = (),
        next_cursor: PriceCursor | None = None,
        total: int | None = None,
        *,
        append: bool = False,
        error: str = "",
    ) -> None:
        super().__init__()
        self.generation = generation
        self.rows = rows
        self.next_cursor = next_cursor
        self.total = total
        self.append = append
        self.error = error


class DigitalLoaded(Message):
    """A window of the digital tab; ``append`` when it continues the rows shown."""

    def __init__(
        self,
        generation: int,
        rows: tuple[DigitalRow, ...] = (),
        next_cursor: DigitalCursor | None = None,
        total: int | None = None,
        *,
        append: bool = False,
        error: str = "",
    ) -> None:
        super().__init__()
        self.generation = generation
        self.rows = rows
        self.next_cursor = next_cursor
        self.total = total
        self.append = append
        self.error = error
