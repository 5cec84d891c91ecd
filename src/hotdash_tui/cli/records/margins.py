"""``hotdash margins``: prices and margins (key 4) as records, the listings tab."""

from __future__ import annotations

import sqlalchemy

from hotdash_tui.cli.output import Record
from hotdash_tui.cli.records import Cut, Listing, paged
from hotdash_tui.db.prices.read import (
    COUNT_CAP,
    PriceCursor,
    PriceView,
    count_prices,
    load_price_window,
)

MARGIN_FIELDS = (
    "listing_id", "sku", "asin", "title", "currency", "price", "sale_price", "buy_box_price",
    "has_buy_box", "landed_cost", "landed_from_bom", "referral_fee", "fba_fee", "fees",
    "gross_margin", "gross_margin_pct", "net_margin", "net_margin_pct", "margin_floor_pct",
    "below_floor", "min_price", "max_price", "updated_at",
)  # fmt: skip


def read_margins(engine: sqlalchemy.Engine, view: PriceView, limit: int | None) -> Listing:
    def load(after: PriceCursor | None, size: int) -> tuple[list[Record], PriceCursor | None]:
        window = load_price_window(engine, view, after=after, limit=size)
        # every field is a PriceRow attribute or property of the same name
        records = [{key: getattr(row, key) for key in MARGIN_FIELDS} for row in window.rows]
        return records, window.next_cursor

    cut = Cut(count=lambda: count_prices(engine, view), cap=COUNT_CAP)
    # The sku first: it is what `hotdash price set` takes, and a narrow terminal keeps it.
    columns = {"sku": "sku", "title": "title", "net_margin_pct": "net %"}
    columns |= {"margin_floor_pct": "floor %", "below_floor": "below", "price": "price"}
    columns |= {"sale_price": "sale", "net_margin": "net", "currency": "cur"}
    return Listing(MARGIN_FIELDS, columns, paged(load, limit, cut), cut, ("title",))
