"""What an agent's proposed action touches, read from its payload for the approval's details:
a price change's margin at the proposed price against the listing's floor (the prices screen's
formula), a budget change's campaign and its ROAS over 30 days, a reorder's stock position.

Each is a few lines of (label, value), read in the details' own transaction; an action of
another kind, or a payload that names nothing found, has none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy

from hotdash_tui.db.approvals.model import Impact
from hotdash_tui.db.prices.form import money
from hotdash_tui.db.prices.margin import compute_margins
from hotdash_tui.db.sql import run
from hotdash_tui.db.stock.model import RISK_WORDS, StockPosition
from hotdash_tui.db.stock.read import read_positions

ROAS_DAYS = 30


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def price_impact(conn: sqlalchemy.Connection, payload: dict[str, Any]) -> Impact | None:
    sku, proposed = payload.get("sku"), _decimal(payload.get("new_price"))
    if not isinstance(sku, str) or proposed is None or proposed <= 0:
        return None
    row = run(conn, "approvals_price_context", {"sku": sku}).one_or_none()
    if row is None:
        return Impact((("Listing", f"{sku}: no current price on record"),))
    currency = row.currency or "GBP"
    lines = [
        ("Price", f"{sku}: {money(row.price, currency)} now, {money(proposed, currency)} proposed")
    ]
    if row.landed_cost is None:
        lines.append(("Margin", "unknown: the listing has no landed cost"))
        return Impact(tuple(lines))
    after = compute_margins(proposed, row.sale_price, row.landed_cost, row.fba_fee)
    floor = row.margin_floor_pct
    now = "-" if row.net_margin_pct is None else f"{row.net_margin_pct}%"
    below = floor is not None and after.net_margin_pct < floor
    verdict = (
        ""
        if floor is None
        else (f", BELOW its floor of {floor}%" if below else f", above its floor of {floor}%")
    )
    lines.append(
        ("Net margin", f"{now} now, {after.net_margin_pct}% at the proposed price{verdict}")
    )
    seen = _decimal(payload.get("old_price"))
    if seen is not None and row.price is not None and seen != row.price:
        lines.append(("Note", f"the agent saw {money(seen, currency)}; the price changed since"))
    if row.sale_price is not None:
        lines.append(
            ("Note", f"a sale price of {money(row.sale_price, currency)} holds: customers pay that")
        )
    return Impact(tuple(lines), below)


def budget_impact(
    conn: sqlalchemy.Connection, payload: dict[str, Any], today: date
) -> Impact | None:
    name = payload.get("campaign")
    if not isinstance(name, str):
        return None
    row = run(
        conn, "approvals_campaign_roas", {"name": name, "today": today, "days": ROAS_DAYS}
    ).first()
    if row is None:
        return Impact((("Campaign", f"{name}: not found"),))
    roas = None if not row.spend_cents else Decimal(row.revenue_cents) / Decimal(row.spend_cents)
    target = row.target_roas
    missed = roas is not None and target is not None and roas < target
    shown = "no spend" if roas is None else f"{roas:.2f}x"
    against = (
        ""
        if target is None
        else f" against a target of {target:.2f}x ({'missed' if missed else 'met'})"
    )
    lines = [
        ("Campaign", f"{row.campaign_name} ({row.platform}, {row.status})"),
        (f"ROAS {ROAS_DAYS} days", shown + against),
    ]
    change = _decimal(payload.get("change_pct"))
    budget = Decimal(row.budget_cents) / 100
    if change is not None:
        after = (budget * (100 + change) / 100).quantize(Decimal("0.01"))
        lines.append(("Budget", f"{budget:,.2f} now, {after:,.2f} after {change:+}%"))
    else:
        lines.append(("Budget", f"{budget:,.2f}"))
    return Impact(tuple(lines), missed)


def _position_text(p: StockPosition) -> str:
    lead = "?" if p.lead_time_days is None else str(p.lead_time_days)
    days = "?" if p.days_of_supply is None else str(p.days_of_supply)
    return (
        f"{p.on_hand:,} on hand, {days} days of supply, lead time {lead} days: "
        + (RISK_WORDS[p.risk])
    )


def stock_impact(
    conn: sqlalchemy.Connection, payload: dict[str, Any], today: date
) -> Impact | None:
    sku = payload.get("sku")
    if not isinstance(sku, str):
        return None
    positions = read_positions(conn, today, sku=sku)
    if not positions:
        return Impact((("Stock", f"{sku}: no recent snapshot"),))
    lines = [(f"Stock at {p.location}", _position_text(p)) for p in positions]
    return Impact(tuple(lines), any(p.risk != "ok" for p in positions))


def load_impact(conn: sqlalchemy.Connection, kind: str, payload: Any, today: date) -> Impact | None:
    """The impact of an agent action of ``kind`` with this payload, if it has one."""
    if not isinstance(payload, dict):
        return None
    if kind == "update_price":
        return price_impact(conn, payload)
    if kind == "adjust_budget":
        return budget_impact(conn, payload, today)
    if kind == "reorder_stock":
        return stock_impact(conn, payload, today)
    return None
