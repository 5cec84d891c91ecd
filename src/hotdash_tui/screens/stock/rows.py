"""How a stock position reads as a row, and which columns fit a terminal's width. The risk
is a word, so it reads without color; a position that runs out before resupply is bold."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text

from hotdash_tui.db.stock.model import RISK_WORDS, StockPosition
from hotdash_tui.widgets.columns import Column, fit


def columns_for(width: int) -> tuple[Column, ...]:
    wide = width >= 110
    fixed = [
        Column("sku", "sku", 13),
        Column("location", "loc", 12 if wide else 7),
        Column("on_hand", "on hand", 8),
        Column("days", "days", 6),
        Column("lead", "lead", 5),
        Column("rop", "rop", 5),
        Column("risk", "risk", 20 if wide else 11),
    ]
    if wide:
        fixed[3:3] = [Column("inbound", "inbound", 8), Column("weeks", "weeks", 6)]
    rest = max(8, width - sum(c.width for c in fixed) - 2)
    return (*fixed, Column("supplier", "supplier", rest))


def number(value: Decimal | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return f"{value:,}"


def cells(position: StockPosition, columns: tuple[Column, ...]) -> list[Text]:
    wide = any(c.key == "weeks" for c in columns)
    risk = RISK_WORDS[position.risk] if wide else position.risk
    values = {
        "sku": position.sku,
        "location": position.location,
        "on_hand": number(position.on_hand),
        "inbound": number(position.inbound),
        "weeks": number(position.weeks_of_supply),
        "days": number(position.days_of_supply),
        "lead": number(position.lead_time_days),
        "rop": number(position.reorder_point),
        "risk": risk,
        "supplier": position.supplier or "-",
    }
    style = {"risk": "bold"} if position.risk == "out" else {}
    return [fit(values[c.key], c.width, style.get(c.key, "")) for c in columns]
