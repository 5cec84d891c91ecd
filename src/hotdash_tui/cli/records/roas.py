"""``hotdash roas``: the ROAS tiles (key 6) as records, one per tile in screen order."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy

from hotdash_tui.cli.output import Record
from hotdash_tui.cli.records import Listing, whole
from hotdash_tui.db.roas.model import AdsFigures, ChannelCost, StoreRevenue, SystemRevenue
from hotdash_tui.db.roas.read import load_roas

ROAS_FIELDS = (
    "kind", "label", "platform", "campaign_id", "status", "currency", "spend", "revenue", "net",
    "roas", "target_roas", "meets_target", "campaigns", "impressions", "clicks", "conversions",
    "units", "tokens", "runs", "days_with_data", "first_day", "last_day",
)  # fmt: skip


def _cents(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def read_roas(engine: sqlalchemy.Engine, now: datetime, days: int, limit: int | None) -> Listing:
    """``spend`` is money out (ad spend, a channel's cost), ``revenue`` money in (ad revenue,
    a system's gross, a store series), in units of ``currency``; a field a tile does not
    have is null. The tiles are aggregates, a few dozen at most: read in one go."""
    board = load_roas(engine, now, days)
    records: list[Record] = []
    for tile in board.tiles:
        s = tile.subject
        r: Record = dict.fromkeys(ROAS_FIELDS)
        r |= {"kind": str(s.kind), "label": s.label, "platform": s.platform}
        r |= {"campaign_id": s.campaign_id, "currency": s.currency}
        r |= {"first_day": board.window.first_day, "last_day": board.window.last_day}
        if isinstance(tile, AdsFigures):
            f = tile.figure
            r |= {"status": tile.status, "spend": _cents(f.spend_cents)}
            r |= {"revenue": _cents(f.revenue_cents), "roas": f.roas}
            r |= {"target_roas": f.target_roas, "meets_target": f.meets_target}
            r |= {"campaigns": tile.campaigns, "impressions": tile.impressions}
            r |= {"clicks": tile.clicks, "conversions": tile.conversions}
        elif isinstance(tile, SystemRevenue):
            r |= {"revenue": tile.gross, "net": tile.net, "units": tile.units}
            r |= {"days_with_data": tile.days}
        elif isinstance(tile, StoreRevenue):
            r |= {"revenue": tile.amount, "days_with_data": tile.days}
        elif isinstance(tile, ChannelCost):
            r |= {"spend": tile.cost, "tokens": tile.tokens, "runs": tile.runs}
        records.append(r)
    columns = {"kind": "kind", "label": "tile", "currency": "cur", "spend": "spend"}
    columns |= {"revenue": "revenue", "roas": "roas", "target_roas": "target"}
    columns |= {"meets_target": "met"}
    return whole(ROAS_FIELDS, columns, records, limit, ("label",))
