"""The ROAS screen's aggregates, all computed in SQL (``sql/roas.sql``) over one window."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from hotdash_tui.db.engine import Readable, connected
from hotdash_tui.db.overview import RoasFigure
from hotdash_tui.db.roas.model import (
    AdsDay,
    AdsFigures,
    AmountDay,
    ChannelCost,
    DailySeries,
    RoasBoard,
    StoreRevenue,
    Subject,
    SubjectKind,
    SystemRevenue,
    Window,
)
from hotdash_tui.db.sql import run
from hotdash_tui.db.together import AS_UUID, Part, read_together

NO_CHANNEL = "(no channel)"

TILE_PARTS = {
    "ads": Part("roas_ads_tiles", {"campaign_id": AS_UUID}),
    "systems": Part("roas_system_revenue"),
    "store": Part("roas_store_revenue"),
    "channels": Part("roas_channel_costs"),
}
"""The tiles' queries, read together (:mod:`~hotdash_tui.db.together`): one round trip
where four statements in a transaction took six."""

# GROUPING(platform, id) of roas_ads_tiles: which grouping set a row belongs to.
_LEVEL_TOTAL, _LEVEL_PLATFORM, _LEVEL_CAMPAIGN = 3, 1, 0


def _ads_subject(row: Any) -> Subject:
    if row.level == _LEVEL_TOTAL:
        return Subject(SubjectKind.ADS_TOTAL, "All ads")
    if row.level == _LEVEL_PLATFORM:
        return Subject(SubjectKind.PLATFORM, row.platform, platform=row.platform)
    return Subject(
        SubjectKind.CAMPAIGN,
        row.campaign_name,
        platform=row.platform,
        campaign_id=row.campaign_id,
    )


def _ads(row: Any) -> AdsFigures:
    subject = _ads_subject(row)
    return AdsFigures(
        subject=subject,
        figure=RoasFigure(
            subject.platform,
            int(row.spend_cents),
            int(row.revenue_cents),
            row.roas,
            row.target_roas,
        ),
        status=row.status if row.level == _LEVEL_CAMPAIGN else None,
        campaigns=int(row.campaigns),
        impressions=int(row.impressions),
        clicks=int(row.clicks),
        conversions=int(row.conversions),
        cpc_cents=row.cpc_cents,
        cpa_cents=row.cpa_cents,
        ctr=row.ctr,
    )


def _store_subject(row: Any) -> Subject:
    label = "Store revenue" if row.dimension is None else f"Store {row.dimension_value}"
    return Subject(
        SubjectKind.STORE,
        label,
        currency=row.unit,
        dimension=row.dimension,
        dimension_value=row.dimension_value,
    )


def load_roas(engine: Readable, now: datetime, days: int) -> RoasBoard:
    """Every tile for the ``days`` up to ``now``'s day, read by one statement."""
    window = Window.ending(now, days)
    params = window.params()
    with connected(engine) as conn:
        tiles = read_together(conn, TILE_PARTS, params)
        ads, systems, store, channels = (tiles[key] for key in TILE_PARTS)
        return RoasBoard(
            window=window,
            ads=tuple(_ads(r) for r in ads),
            systems=tuple(
                SystemRevenue(
                    Subject(SubjectKind.SYSTEM, r.system, system=r.system, currency=r.currency),
                    Decimal(r.gross or 0),
                    Decimal(r.net or 0),
                    int(r.units or 0),
                    int(r.days),
                )
                for r in systems
            ),
            store=tuple(
                StoreRevenue(_store_subject(r), Decimal(r.amount), int(r.days)) for r in store
            ),
            channels=tuple(
                ChannelCost(
                    Subject(
                        SubjectKind.CHANNEL, r.channel_id or NO_CHANNEL, channel_id=r.channel_id
                    ),
                    Decimal(r.cost or 0),
                    int(r.tokens or 0),
                    int(r.runs),
                )
                for r in channels
            ),
        )


def _series_query(subject: Subject) -> tuple[str, dict[str, object]]:
    """The named query and its own parameters for one subject's daily series."""
    kind = subject.kind
    if kind is SubjectKind.ADS_TOTAL:
        return "roas_daily_total", {}
    if kind is SubjectKind.PLATFORM:
        return "roas_daily_platform", {"platform": subject.platform}
    if kind is SubjectKind.CAMPAIGN:
        return "roas_daily_campaign", {"campaign_id": subject.campaign_id}
    if kind is SubjectKind.SYSTEM:
        return "roas_daily_system", {"system": subject.system, "currency": subject.currency}
    if kind is SubjectKind.STORE:
        return "roas_daily_store", {
            "unit": subject.currency,
            "dimension": subject.dimension,
            "dimension_value": subject.dimension_value,
        }
    return "roas_daily_channel", {"channel_id": subject.channel_id}


def load_series(engine: Readable, subject: Subject, now: datetime, days: int) -> DailySeries:
    """One point per day of the window for the plot of ``subject``."""
    window = Window.ending(now, days)
    name, own = _series_query(subject)
    with connected(engine) as conn:
        rows = list(run(conn, name, window.params() | own))
    if subject.kind.is_ads:
        points = tuple(
            AdsDay(r.day, int(r.spend_cents), int(r.revenue_cents), r.roas) for r in rows
        )
        return DailySeries(subject, window, ads=points)
    return DailySeries(
        subject, window, amounts=tuple(AmountDay(r.day, Decimal(r.amount)) for r in rows)
    )
