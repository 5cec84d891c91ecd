"""The prices screen's reads of Amazon listings with their prices and margins, as keyset
windows (the digital tab's are in :mod:`hotdash_tui.db.prices.digital`).

Each sort order of the listings is its own named query walking its own index (see
sql/prices.sql), chosen here from a fixed table, never from user text. The header's count
stops at ``COUNT_CAP``. Writes live in :mod:`hotdash_tui.db.prices.write`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

import sqlalchemy
from sqlalchemy import Row

from hotdash_tui.db.engine import Readable, connected
from hotdash_tui.db.prices.form import PriceContext
from hotdash_tui.db.sql import contains_pattern, run
from hotdash_tui.filters import FilterSpec, ParsedFilter

PriceSort = Literal["margin", "price", "title"]
SORTS: tuple[PriceSort, ...] = ("margin", "price", "title")
"""The orders ``s`` cycles through, in that order."""
SORT_LABELS: dict[PriceSort, str] = {
    "margin": "net margin ↑",
    "price": "price ↓",
    "title": "title A-Z",
}
_WINDOW_QUERY: dict[PriceSort, str] = {
    "margin": "prices_window_by_margin",
    "price": "prices_window_by_price",
    "title": "prices_window_by_title",
}

LISTINGS_FILTER_SPEC = FilterSpec(
    keys={"sku": None, "asin": None}, examples={"sku": "HX-POW", "asin": "B0AB"}
)
"""``/`` on the listings tab: ``sku:HX-POW asin:B0AB`` plus text found in SKU, ASIN or title."""

COUNT_CAP = 10_000
PAGE_SIZE = 100

NULL_MARGIN_RANK = Decimal(1000)  # above anything DECIMAL(5,2) holds: no margin sorts last
_LOW_ID, _HIGH_ID = uuid.UUID(int=0), uuid.UUID(int=(1 << 128) - 1)


@dataclass(frozen=True)
class PriceRow:
    """One Amazon listing with its current price; ``price`` is what an edit is guarded on."""

    listing_id: uuid.UUID
    sku: str
    asin: str
    title: str
    price: Decimal
    currency: str
    sale_price: Decimal | None
    buy_box_price: Decimal | None
    has_buy_box: bool | None
    landed_cost: Decimal | None
    landed_from_bom: bool  # the landed cost is the BOM view's estimate
    referral_fee: Decimal | None
    fba_fee: Decimal | None
    gross_margin: Decimal | None
    gross_margin_pct: Decimal | None
    net_margin: Decimal | None
    net_margin_pct: Decimal | None
    min_price: Decimal | None
    max_price: Decimal | None
    margin_floor_pct: Decimal | None
    updated_at: datetime | None

    @property
    def fees(self) -> Decimal | None:
        """Referral plus FBA fee, or None when neither is known."""
        if self.referral_fee is None and self.fba_fee is None:
            return None
        return (self.referral_fee or Decimal(0)) + (self.fba_fee or Decimal(0))

    @property
    def below_floor(self) -> bool:
        floor, net = self.margin_floor_pct, self.net_margin_pct
        return floor is not None and net is not None and net < floor

    @property
    def context(self) -> PriceContext:
        return PriceContext(
            currency=self.currency,
            sale_price=self.sale_price,
            landed_cost=self.landed_cost,
            fba_fee=self.fba_fee,
            min_price=self.min_price,
            max_price=self.max_price,
            margin_floor_pct=self.margin_floor_pct,
        )


@dataclass(frozen=True)
class PriceView:
    """What the listings tab shows: its order, ``f`` (only below floor) and the ``/`` terms."""

    sort: PriceSort = "margin"
    below_floor: bool = False
    text: str | None = None
    sku: str | None = None
    asin: str | None = None

    def with_filter(self, parsed: ParsedFilter) -> PriceView:
        return PriceView(
            self.sort, self.below_floor, parsed.text or None, parsed.get("sku"), parsed.get("asin")
        )

    def params(self) -> dict[str, Any]:
        def pattern(value: str | None) -> str | None:
            return contains_pattern(value) if value else None

        return {
            "below_floor": self.below_floor,
            "pattern": pattern(self.text),
            "sku": pattern(self.sku),
            "asin": pattern(self.asin),
        }


DEFAULT_VIEW = PriceView()


@dataclass(frozen=True)
class PriceCursor:
    """Where the next window starts: right after this row in the view's order."""

    sort: PriceSort
    listing_id: uuid.UUID
    key: Decimal | str

    @classmethod
    def after(cls, sort: PriceSort, row: PriceRow) -> PriceCursor:
        if sort == "margin":
            rank = NULL_MARGIN_RANK if row.net_margin_pct is None else row.net_margin_pct
            return cls(sort, row.listing_id, rank)
        return cls(sort, row.listing_id, row.price if sort == "price" else row.title)


@dataclass(frozen=True)
class PriceWindow:
    rows: tuple[PriceRow, ...]
    next_cursor: PriceCursor | None


def _keyset(sort: PriceSort, after: PriceCursor | None) -> dict[str, Any]:
    """The keyset parameters of a window; the first one starts before every row."""
    if after is not None and after.sort != sort:
        after = None  # a cursor of another order means nothing here
    if sort == "margin":
        rank = after.key if after else Decimal(-1000)
        return {"after_rank": rank, "after_id": after.listing_id if after else _LOW_ID}
    if sort == "price":
        price = after.key if after else Decimal("1e12")
        return {"after_price": price, "after_id": after.listing_id if after else _HIGH_ID}
    title = after.key if after else ""
    return {"after_title": title, "after_id": after.listing_id if after else _LOW_ID}


def _price_row(row: Row[Any]) -> PriceRow:
    return PriceRow(
        listing_id=row.listing_id,
        sku=row.sku,
        asin=row.asin,
        title=row.title,
        price=row.price,
        currency=row.currency or "GBP",
        sale_price=row.sale_price,
        buy_box_price=row.buy_box_price,
        has_buy_box=row.has_buy_box,
        landed_cost=row.landed_cost,
        landed_from_bom=bool(row.landed_from_bom and row.landed_cost is not None),
        referral_fee=row.referral_fee,
        fba_fee=row.fba_fee,
        gross_margin=row.gross_margin,
        gross_margin_pct=row.gross_margin_pct,
        net_margin=row.net_margin,
        net_margin_pct=row.net_margin_pct,
        min_price=row.min_price,
        max_price=row.max_price,
        margin_floor_pct=row.margin_floor_pct,
        updated_at=row.updated_at,
    )


def read_price_window(
    conn: sqlalchemy.Connection,
    view: PriceView,
    *,
    after: PriceCursor | None = None,
    limit: int = PAGE_SIZE,
) -> PriceWindow:
    params = view.params() | _keyset(view.sort, after) | {"limit": limit + 1}
    rows = run(conn, _WINDOW_QUERY[view.sort], params).all()
    shown = tuple(_price_row(r) for r in rows[:limit])
    more = len(rows) > limit and shown
    return PriceWindow(shown, PriceCursor.after(view.sort, shown[-1]) if more else None)


def load_price_window(
    engine: Readable,
    view: PriceView = DEFAULT_VIEW,
    *,
    after: PriceCursor | None = None,
    limit: int = PAGE_SIZE,
) -> PriceWindow:
    """The next ``limit`` listings of ``view`` after ``after`` (from the top when None)."""
    with connected(engine) as conn:
        return read_price_window(conn, view, after=after, limit=limit)


def count_prices(engine: Readable, view: PriceView, cap: int = COUNT_CAP) -> int:
    """Priced listings in ``view``, at most ``cap + 1`` (shown as ``10000+``)."""
    with connected(engine) as conn:
        total = run(conn, "prices_count", view.params() | {"cap": cap + 1})
        return int(total.scalar_one())


def describe_count(total: int, cap: int = COUNT_CAP) -> str:
    return f"{cap}+" if total > cap else str(total)
