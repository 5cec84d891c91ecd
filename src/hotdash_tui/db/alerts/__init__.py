"""Competitor alerts (key 3): ``competitors.alerts`` with the competitor product they are about.

Reads are keyset windows per status (:mod:`.read`); v / x / d are guarded single
transactions with an audit row (:mod:`.write`); the shapes live in :mod:`.model`.
"""

from __future__ import annotations

from hotdash_tui.db.alerts.model import (
    ALERT_STATUSES,
    ALERT_TYPES,
    ALLOWED_FROM,
    COUNT_CAP,
    FILTER_SPEC,
    SEVERITIES,
    Action,
    AffectedListing,
    AlertChange,
    AlertDetails,
    AlertFilter,
    AlertItem,
    AlertWindow,
    Cursor,
    PricePoint,
)
from hotdash_tui.db.alerts.read import (
    HISTORY_DAYS,
    count_alerts,
    describe_count,
    load_alerts,
    load_details,
)
from hotdash_tui.db.alerts.write import (
    ACTION_TAKEN_MAX,
    ENTITY_TYPE,
    ActionTakenRequired,
    change_alert,
    change_alerts,
    undo_change,
)

__all__ = [
    "ACTION_TAKEN_MAX",
    "ALERT_STATUSES",
    "ALERT_TYPES",
    "ALLOWED_FROM",
    "COUNT_CAP",
    "ENTITY_TYPE",
    "FILTER_SPEC",
    "HISTORY_DAYS",
    "SEVERITIES",
    "Action",
    "ActionTakenRequired",
    "AffectedListing",
    "AlertChange",
    "AlertDetails",
    "AlertFilter",
    "AlertItem",
    "AlertWindow",
    "Cursor",
    "PricePoint",
    "change_alert",
    "change_alerts",
    "count_alerts",
    "describe_count",
    "load_alerts",
    "load_details",
    "undo_change",
]
