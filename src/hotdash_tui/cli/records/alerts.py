"""``hotdash alerts``: competitor alerts (key 3) as records."""

from __future__ import annotations

import sqlalchemy

from hotdash_tui.cli.output import Record
from hotdash_tui.cli.records import Cut, Listing, paged
from hotdash_tui.db.alerts import AlertFilter, load_alerts
from hotdash_tui.db.alerts.model import COUNT_CAP, AlertItem, Cursor
from hotdash_tui.db.alerts.read import count_alerts

ALERT_FIELDS = (
    "id", "severity", "type", "status", "competitor_asin", "competitor_brand",
    "competitor_title", "previous_value", "new_value", "change_pct", "affected_count",
    "first_affected_asin", "created_at", "actioned_at", "actioned_by", "action_taken",
)  # fmt: skip


def read_alerts(engine: sqlalchemy.Engine, spec: AlertFilter, limit: int | None) -> Listing:
    def load(after: Cursor | None, size: int) -> tuple[tuple[Record, ...], Cursor | None]:
        window = load_alerts(engine, spec, after=after, limit=size)
        return tuple(alert_record(a) for a in window.items), window.next_cursor

    cut = Cut(count=lambda: count_alerts(engine, spec), cap=COUNT_CAP)
    columns = {"id": "id", "severity": "severity", "status": "status", "type": "type"}
    columns |= {"change_pct": "change %", "competitor_asin": "competitor", "new_value": "now"}
    columns |= {"affected_count": "affects", "created_at": "created"}
    return Listing(ALERT_FIELDS, columns, paged(load, limit, cut), cut)


def alert_record(a: AlertItem) -> Record:
    return {
        "id": a.id,
        "severity": a.severity,
        "type": a.alert_type,
        "status": a.status,
        "competitor_asin": a.competitor_asin,
        "competitor_brand": a.competitor_brand,
        "competitor_title": a.competitor_title,
        "previous_value": a.previous_value,
        "new_value": a.new_value,
        "change_pct": a.change_pct,
        "affected_count": a.affected_count,
        "first_affected_asin": a.first_affected_asin,
        "created_at": a.created_at,
        "actioned_at": a.actioned_at,
        "actioned_by": a.actioned_by,
        "action_taken": a.action_taken,
    }
