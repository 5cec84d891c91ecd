"""What the prices screen's workers report back."""

from __future__ import annotations

from hotdash_tui.db.prices.digital import (
    DigitalCursor,
    DigitalRow,
)
from hotdash_tui.db.prices.read import (
    PriceCursor,
    PriceRow,
)
from hotdash_tui.screens.window_messages import WindowLoaded


class PricesLoaded(WindowLoaded[PriceRow, PriceCursor]):
    """A window of the listings tab."""


class DigitalLoaded(WindowLoaded[DigitalRow, DigitalCursor]):
    """A window of the digital tab."""
