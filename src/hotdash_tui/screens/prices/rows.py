"""How a listing and a digital listing read as table rows, and which columns fit a width.

Like the approvals table, cells are cut to their column here (no cell padding) so the
essentials fit at 80 columns: SKU, title, price, sale, buy box, net margin and floor. From
110 columns the landed cost, fees and gross margin join them; from 150 the ASIN.
A row under its margin floor starts with ``▼`` and its net margin ends with ``!``, so it
stands out without color too."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text

from hotdash_tui.db.prices.digital import (
    DigitalRow,
)
from hotdash_tui.db.prices.form import money
from hotdash_tui.db.prices.read import (
    PriceRow,
)
from hotdash_tui.widgets.columns import Column, fit

BELOW_FLOOR = "▼"
BOM_MARK = "~"  # the landed cost is the BOM view's estimate, not the listing's own figure
# A light red: under NO_COLOR Textual turns colors into greys by lightness, and plain red
# became a dark grey that vanished into the dark background; this one stays readable.
WARN_STYLE = "bold #ff6e6e"


def percent(value: Decimal | None) -> str:
    """``38.3%``: one decimal is what a glance needs; the form shows two."""
    return "-" if value is None else f"{value:.1f}%"


def floor_text(value: Decimal | None) -> str:
    """``20%``, or ``17.5%`` when the floor is not a whole number."""
    if value is None:
        return "-"
    return f"{value.normalize():f}%" if value != value.to_integral() else f"{value:.0f}%"


def listing_columns(width: int) -> tuple[Column, ...]:
    """The listings tab's columns at a terminal ``width``; the title takes what is left."""
    head: tuple[Column, ...] = (Column("mark", "", 2), Column("sku", "SKU", 13))
    if width >= 150:
        head = (*head, Column("asin", "ASIN", 11))
    money_cols: tuple[Column, ...] = (
        Column("price", "price", 9),
        Column("sale", "sale", 8),
        Column("buy_box", "buy box", 8),
    )
    wide = width >= 110
    if wide:
        money_cols = (
            *money_cols,
            Column("landed", "landed", 8),
            Column("fees", "fees", 8),
            Column("gross", "gross", 8),
            Column("gross_pct", "gross%", 7),
        )
    tail = (Column("net", "net", 8), Column("net_pct", "net%", 8), Column("floor", "floor", 6))
    fixed = sum(c.width for c in (*head, *money_cols, *tail))
    title = max(12, width - fixed - 2)  # 2 for the vertical scrollbar
    return (*head, Column("title", "title", title), *money_cols, *tail)


def _buy_box(row: PriceRow) -> str:
    if row.has_buy_box:
        return "ours"
    return money(row.buy_box_price, row.currency) if row.buy_box_price is not None else "-"


NUMERIC = frozenset(
    {
        "price",
        "sale",
        "buy_box",
        "landed",
        "fees",
        "gross",
        "gross_pct",
        "net",
        "net_pct",
        "floor",
        "units",
        "refunds",
    }
)
"""Columns whose figures are right-aligned, so pounds and pence line up down the table."""


def cell(key: str, text: str, width: int) -> Text:
    """``text`` fitted to its column; figures right-aligned before the column's last space."""
    if key not in NUMERIC or len(text) >= width:
        return fit(text, width)
    return Text(text.rjust(width - 1) + " ", no_wrap=True)


def listing_cells(row: PriceRow, columns: tuple[Column, ...]) -> list[Text]:
    below = row.below_floor
    cur = row.currency
    landed = money(row.landed_cost, cur)
    values = {
        "mark": BELOW_FLOOR if below else "",
        "sku": row.sku,
        "asin": row.asin,
        "title": row.title,
        "price": money(row.price, cur),
        "sale": money(row.sale_price, cur),
        "buy_box": _buy_box(row),
        "landed": f"{BOM_MARK}{landed}" if row.landed_from_bom else landed,
        "fees": money(row.fees, cur),
        "gross": money(row.gross_margin, cur),
        "gross_pct": percent(row.gross_margin_pct),
        "net": money(row.net_margin, cur),
        "net_pct": percent(row.net_margin_pct) + ("!" if below else " "),  # % aligned
        "floor": floor_text(row.margin_floor_pct),
    }
    cells = [cell(c.key, values[c.key], c.width) for c in columns]
    if below:
        for column, shown in zip(columns, cells, strict=True):
            if column.key in {"mark", "net", "net_pct"}:
                shown.stylize(WARN_STYLE)
    return cells


def digital_columns(width: int) -> tuple[Column, ...]:
    head = (Column("platform", "platform", 9), Column("status", "status", 7))
    nums = [
        Column("price", "price", 8),
        Column("units", "sold", 6),
        Column("gross", "gross", 9),
        Column("fees", "fees", 8),
        Column("net", "net", 9),
    ]
    if width >= 110:
        nums.insert(2, Column("refunds", "refunds", 8))
    fixed = sum(c.width for c in (*head, *nums))
    title = max(12, width - fixed - 2)
    return (*head, Column("title", "title", title), *nums)


def digital_cells(row: DigitalRow, columns: tuple[Column, ...]) -> list[Text]:
    cur = row.currency
    values = {
        "platform": row.platform,
        "status": row.status or "-",
        "title": row.title,
        "price": money(row.price, cur),
        "units": str(row.units),
        "refunds": str(row.refunds),
        "gross": money(row.gross, cur),
        "fees": money(row.fees, cur),
        "net": money(row.net, cur),
    }
    return [cell(c.key, values[c.key], c.width) for c in columns]


def labels(columns: tuple[Column, ...]) -> list[Text]:
    return [cell(c.key, c.label, c.width) for c in columns]
