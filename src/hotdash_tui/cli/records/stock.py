"""``hotdash stock``: stock-out risk (key 8) as records, most urgent first."""

from __future__ import annotations

from datetime import date

import sqlalchemy

from hotdash_tui.cli.output import Record
from hotdash_tui.cli.records import Listing, whole
from hotdash_tui.db.stock.model import StockFilter
from hotdash_tui.db.stock.read import load_positions

STOCK_FIELDS = (
    "sku", "location", "risk", "risks", "on_hand", "available", "inbound", "reserved",
    "avg_daily_sales", "days_of_supply", "weeks_of_supply", "reorder_point", "lead_time_days",
    "supplier", "snapshot_date",
)  # fmt: skip


def read_stock(
    engine: sqlalchemy.Engine, spec: StockFilter, today: date, limit: int | None
) -> Listing:
    """The stock screen's order and filter. Positions are one per SKU and location with a
    recent snapshot, read whole as the screen reads them."""
    records: list[Record] = [
        {
            "sku": p.sku,
            "location": p.location,
            "risk": p.risk,
            "risks": p.risks,
            "on_hand": p.on_hand,
            "available": p.available,
            "inbound": p.inbound,
            "reserved": p.reserved,
            "avg_daily_sales": p.avg_daily_sales,
            "days_of_supply": p.days_of_supply,
            "weeks_of_supply": p.weeks_of_supply,
            "reorder_point": p.reorder_point,
            "lead_time_days": p.lead_time_days,
            "supplier": p.supplier,
            "snapshot_date": p.snapshot_date,
        }
        for p in load_positions(engine, today)
        if spec.matches(p)
    ]
    columns = {"sku": "sku", "location": "loc", "on_hand": "on hand"}
    columns |= {"days_of_supply": "days", "lead_time_days": "lead", "reorder_point": "rop"}
    columns |= {"risk": "risk", "supplier": "supplier"}
    return whole(STOCK_FIELDS, columns, records, limit, ("supplier",))
