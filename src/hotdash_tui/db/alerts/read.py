"""Reading competitor alerts: keyset windows per status, a capped count, one alert's details
with its competitor's price history and the affected listings' own prices."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy
from sqlalchemy import Connection, Row

from hotdash_tui.db.alerts.model import (
    COUNT_CAP,
    SEVERITY_RANK,
    AffectedListing,
    AlertDetails,
    AlertFilter,
    AlertItem,
    AlertWindow,
    Cursor,
    PricePoint,
)
from hotdash_tui.db.engine import Readable, connected, reading
from hotdash_tui.db.sql import contains_pattern, run

HISTORY_DAYS = 90
"""The details plot covers this many days before now, one averaged point per day."""
AFFECTED_SHOWN = 12
"""The details list at most this many affected listings (the count says how many there are)."""
COMPETITOR_MATCHES = 1_000
"""competitor: text matching more rivals than this keeps the first ones (by id)."""

# Above every rank, time and id: the first window of a phase starts here, so every window
# runs the same statement with its keyset predicate.
_TOP_RANK = 5
_TOP_AT = datetime.max.replace(tzinfo=UTC)
_TOP_ID = uuid.UUID(int=(1 << 128) - 1)


def item_of(row: Row[Any]) -> AlertItem:
    return AlertItem(
        id=row.id,
        competitor_id=row.competitor_id,
        alert_type=row.alert_type,
        previous_value=row.previous_value,
        new_value=row.new_value,
        change_pct=row.change_pct,
        severity=row.severity or "",
        severity_rank=row.severity_rank,
        status=row.status,
        created_at=row.created_at,
        competitor_asin=row.competitor_asin,
        competitor_title=row.competitor_title,
        competitor_brand=row.competitor_brand,
        affected_count=row.affected_count,
        first_affected_asin=row.first_affected_asin,
        actioned_at=row.actioned_at,
        actioned_by=row.actioned_by,
        action_taken=row.action_taken,
    )


def filter_params(conn: Connection, spec: AlertFilter) -> dict[str, Any]:
    """The bound terms of the filtered statements. competitor: and listing: are resolved to
    ids here (small tables), so the big query sees arrays whose selectivity it can judge."""
    competitor_ids: list[uuid.UUID] | None = None
    if spec.competitor:
        competitor_ids = list(
            run(
                conn,
                "alerts_find_competitors",
                {
                    "term": spec.competitor,
                    "pattern": contains_pattern(spec.competitor),
                    "cap": COMPETITOR_MATCHES,
                },
            ).scalars()
        )
    listing_ids: list[uuid.UUID] | None = None
    if spec.listing:
        listing_ids = list(run(conn, "alerts_find_listings", {"term": spec.listing}).scalars())
    return {
        "severity_rank": SEVERITY_RANK[spec.severity] if spec.severity else None,
        "kind": spec.kind,
        "competitor_ids": competitor_ids,
        "listing_ids": listing_ids,
        "pattern": contains_pattern(spec.text) if spec.text else None,
    }


def load_alerts(
    engine: Readable,
    spec: AlertFilter,
    *,
    after: Cursor | None = None,
    limit: int = 100,
) -> AlertWindow:
    """The next ``limit`` alerts of the view after ``after`` (from the top when None).

    Each status of the view is a phase read in its own windows; a window that empties one
    phase continues in the next, so "open" shows every new alert before the viewed ones."""
    statuses = spec.statuses
    start = statuses.index(after.status) if after is not None and after.status in statuses else 0
    items: list[AlertItem] = []
    last: Cursor | None = None
    with connected(engine) as conn:
        name, params = "alerts_window", {}
        if not spec.is_plain:
            name, params = "alerts_window_filtered", filter_params(conn, spec)
        for status in statuses[start:]:
            if after is not None and after.status == status:
                position = {"after_rank": after.rank, "after_at": after.at, "after_id": after.id}
            else:
                position = {"after_rank": _TOP_RANK, "after_at": _TOP_AT, "after_id": _TOP_ID}
            rows = run(
                conn,
                name,
                params | position | {"status": status, "limit": limit - len(items)},
            ).all()
            items.extend(item_of(row) for row in rows)
            if rows:
                tail = rows[-1]
                last = Cursor(status, tail.severity_rank, tail.created_at, tail.id)
            if len(items) >= limit:
                break
    more = len(items) >= limit and last is not None
    return AlertWindow(items=tuple(items), next_cursor=last if more else None)


def count_alerts(engine: Readable, spec: AlertFilter, cap: int = COUNT_CAP) -> int:
    """How many alerts the view has, stopping past ``cap`` (show ``cap + 1`` as "cap+")."""
    bounds = {"statuses": list(spec.statuses), "cap": cap + 1}
    with connected(engine) as conn:
        if spec.is_plain:
            total = int(run(conn, "alerts_count_plain", bounds).scalar_one())
        else:
            params = filter_params(conn, spec) | bounds
            total = int(run(conn, "alerts_count", params).scalar_one())
    return min(total, cap + 1)


def describe_count(total: int, cap: int = COUNT_CAP) -> str:
    return f"{cap}+" if total > cap else str(total)


def load_details(
    engine: sqlalchemy.Engine, alert_id: uuid.UUID, now: datetime
) -> AlertDetails | None:
    """One alert with its competitor, the last ``HISTORY_DAYS`` of its prices and BSR, and
    the affected listings; None when the alert no longer exists."""
    with reading(engine, each_statement=True) as conn:
        row = run(conn, "alerts_details", {"id": alert_id}).one_or_none()
        if row is None:
            return None
        history = run(
            conn,
            "alerts_price_history",
            {
                "competitor_id": row.competitor_id,
                "since": now - timedelta(days=HISTORY_DAYS),
                "until": now,
            },
        ).all()
        listings = run(
            conn,
            "alerts_affected_listings",
            {"ids": list(row.affected_listings or []), "limit": AFFECTED_SHOWN},
        ).all()
    return AlertDetails(
        item=item_of(row),
        seller_name=row.seller_name,
        current_price=row.current_price,
        current_bsr=row.current_bsr,
        review_count=row.review_count,
        rating=row.rating,
        buy_box_price=row.buy_box_price,
        buy_box_seller=row.buy_box_seller,
        is_amazon_seller=row.is_amazon_seller,
        threat_score=row.threat_score,
        tracking_priority=row.tracking_priority,
        last_synced_at=row.last_synced_at,
        history=tuple(PricePoint(h.day, h.price, h.bsr) for h in history),
        listings=tuple(
            AffectedListing(
                asin=x.asin,
                sku=x.sku,
                title=x.title,
                price=x.price,
                sale_price=x.sale_price,
                currency=x.currency,
                buy_box_price=x.buy_box_price,
                has_buy_box=x.has_buy_box,
            )
            for x in listings
        ),
    )
