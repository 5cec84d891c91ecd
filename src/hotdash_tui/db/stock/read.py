"""Reading the stock view: every SKU-location's latest position (one statement, served by the
snapshots' unique (sku, location, snapshot_date) index), and one SKU's history and suppliers."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy
from sqlalchemy import Row

from hotdash_tui.db.engine import reading
from hotdash_tui.db.sql import run
from hotdash_tui.db.stock.model import (
    HISTORY_DAYS,
    MAX_POSITIONS,
    RECENT_DAYS,
    StockDay,
    StockDetails,
    StockPosition,
    SupplierLine,
)


def position_of(row: Any) -> StockPosition:
    """A row of ``stock_positions``, SQLAlchemy's or decoded from JSON (the overview's)."""
    return StockPosition(
        sku=row.sku,
        location=row.location,
        snapshot_date=row.snapshot_date,
        on_hand=int(row.on_hand),
        available=row.available,
        inbound=int(row.inbound),
        reserved=int(row.reserved),
        avg_daily_sales=row.avg_daily_sales,
        weeks_of_supply=row.weeks_of_supply,
        days_of_supply=row.days_of_supply,
        reorder_point=row.reorder_point,
        reorder_quantity=row.reorder_quantity,
        safety_stock=row.safety_stock,
        lead_time_days=row.lead_time_days,
        supplier=row.supplier,
    )


def read_positions(
    conn: sqlalchemy.Connection, today: date, limit: int = MAX_POSITIONS, *, sku: str | None = None
) -> tuple[StockPosition, ...]:
    """Every SKU-location's position, or one SKU's at each of its locations."""
    params = positions_params(today, limit, sku=sku)
    return tuple(position_of(row) for row in run(conn, "stock_positions", params))


def positions_params(
    today: date, limit: int = MAX_POSITIONS, *, sku: str | None = None
) -> dict[str, Any]:
    """The parameters of ``stock_positions``."""
    return {"today": today, "recent_days": RECENT_DAYS, "limit": limit, "sku": sku}


def load_positions(
    engine: sqlalchemy.Engine, today: date, limit: int = MAX_POSITIONS
) -> tuple[StockPosition, ...]:
    """Most urgent first (sql/stock.sql); at most ``limit``."""
    with reading(engine, each_statement=True) as conn:
        return read_positions(conn, today, limit)


def load_details(engine: sqlalchemy.Engine, position: StockPosition, today: date) -> StockDetails:
    """The SKU's last 90 days of stock at every location, and its suppliers."""
    with reading(engine, each_statement=True) as conn:
        history = run(
            conn, "stock_history", {"sku": position.sku, "today": today, "days": HISTORY_DAYS}
        ).all()
        suppliers = run(conn, "stock_supplier", {"sku": position.sku}).all()
    return StockDetails(
        position=position,
        history=tuple(StockDay(r.location, r.snapshot_date, r.on_hand, r.inbound) for r in history),
        suppliers=tuple(supplier_of(r) for r in suppliers),
    )


def supplier_of(row: Row[Any]) -> SupplierLine:
    return SupplierLine(
        how=row.how,
        supplier=row.supplier,
        lead_time_days=row.lead_time_days,
        stddev_days=row.lead_time_stddev_days,
        component=row.component,
        email=row.email,
        country=row.country,
        payment_terms=row.payment_terms,
    )
