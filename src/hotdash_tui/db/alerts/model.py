"""The competitor alerts' shapes: one row type, the `/` filter, the keyset cursor, the
details and the outcome of a change. Nothing here talks to the database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from hotdash_tui.filters import FilterSpec, ParsedFilter

ALERT_TYPES = (
    "price_drop",
    "price_increase",
    "bsr_change",
    "new_competitor",
    "listing_change",
    "out_of_stock",
    "back_in_stock",
)
"""The values seed 001 documents for competitors.alerts.alert_type."""
SEVERITIES = ("critical", "high", "medium", "low")
"""Most severe first; the rank of each is what sql/alerts.sql orders by."""
SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
ALERT_STATUSES = ("new", "viewed", "actioned", "dismissed")
"""In the order a view shows them: what needs a look first."""
VIEW_STATUSES: dict[str, tuple[str, ...]] = {
    "open": ("new", "viewed"),
    "new": ("new",),
    "viewed": ("viewed",),
    "actioned": ("actioned",),
    "dismissed": ("dismissed",),
    "closed": ("actioned", "dismissed"),
    "all": ALERT_STATUSES,
}
FILTER_SPEC = FilterSpec(
    keys={
        "severity": frozenset(SEVERITIES),
        "type": frozenset(ALERT_TYPES),
        "status": frozenset(VIEW_STATUSES),
        "competitor": None,
        "listing": None,
    },
    examples={"competitor": "acme", "listing": "B0"},
)
COUNT_CAP = 10_000

Action = Literal["view", "action", "dismiss"]
NEW_STATUS: dict[Action, str] = {"view": "viewed", "action": "actioned", "dismiss": "dismissed"}
ALLOWED_FROM: dict[Action, frozenset[str]] = {
    "view": frozenset({"new"}),
    "action": frozenset({"new", "viewed"}),
    "dismiss": frozenset({"new", "viewed"}),
}
"""The transitions (README, "Competitor alerts"): new -> viewed; new or viewed -> actioned or
dismissed. Actioned and dismissed are final: a handled alert is never reopened from here."""
# done: this call changed the alert. lost: it was not in a status the action starts from
# (someone else handled it first; by / at say who and when). missing: the alert is gone.
Outcome = Literal["done", "lost", "missing"]


@dataclass(frozen=True)
class AlertFilter:
    """What the list shows: by default every open (new or viewed) alert."""

    status: str = "open"
    severity: str | None = None
    kind: str | None = None
    competitor: str | None = None
    listing: str | None = None
    text: str = ""

    @classmethod
    def from_parsed(cls, parsed: ParsedFilter) -> AlertFilter:
        return cls(
            status=parsed.get("status") or "open",
            severity=parsed.get("severity"),
            kind=parsed.get("type"),
            competitor=parsed.get("competitor"),
            listing=parsed.get("listing"),
            text=parsed.text,
        )

    @property
    def statuses(self) -> tuple[str, ...]:
        """The stored statuses of the view, each one phase of windows, in this order."""
        return VIEW_STATUSES[self.status]

    @property
    def is_plain(self) -> bool:
        """No term beyond the status: the unfiltered window statement applies."""
        return not (self.severity or self.kind or self.competitor or self.listing or self.text)


@dataclass(frozen=True)
class Cursor:
    """Where the next window starts: after this alert of this status phase."""

    status: str
    rank: int
    at: datetime
    id: uuid.UUID


@dataclass(frozen=True)
class AlertItem:
    """One row of the list: an alert with its competitor product."""

    id: uuid.UUID
    competitor_id: uuid.UUID
    alert_type: str
    previous_value: str | None
    new_value: str | None
    change_pct: Decimal | None
    severity: str
    severity_rank: int
    status: str
    created_at: datetime
    competitor_asin: str
    competitor_title: str | None = None
    competitor_brand: str | None = None
    affected_count: int = 0
    first_affected_asin: str | None = None
    actioned_at: datetime | None = None
    actioned_by: str | None = None
    action_taken: str | None = None

    @property
    def key(self) -> uuid.UUID:
        return self.id

    @property
    def name(self) -> str:
        """How a report names the alert: its type and competitor."""
        return f"{self.alert_type} {self.competitor_asin}"


@dataclass(frozen=True)
class AlertWindow:
    items: tuple[AlertItem, ...]
    next_cursor: Cursor | None  # None: the view has no more rows


@dataclass(frozen=True)
class PricePoint:
    """One day of the competitor's history: average price and BSR that day."""

    day: datetime
    price: Decimal | None
    bsr: int | None


@dataclass(frozen=True)
class AffectedListing:
    """One of our listings an alert affects, with its own current price."""

    asin: str
    sku: str
    title: str
    price: Decimal | None
    sale_price: Decimal | None
    currency: str | None
    buy_box_price: Decimal | None
    has_buy_box: bool | None


@dataclass(frozen=True)
class AlertDetails:
    """Everything `enter` shows about one alert and its competitor."""

    item: AlertItem
    seller_name: str | None
    current_price: Decimal | None
    current_bsr: int | None
    review_count: int | None
    rating: Decimal | None
    buy_box_price: Decimal | None
    buy_box_seller: str | None
    is_amazon_seller: bool | None
    threat_score: Decimal | None
    tracking_priority: str | None
    last_synced_at: datetime | None
    history: tuple[PricePoint, ...] = ()
    listings: tuple[AffectedListing, ...] = ()


@dataclass(frozen=True)
class AlertChange:
    """The outcome of one v, x or d: ours, or who got there first and when."""

    id: uuid.UUID
    action: Action
    outcome: Outcome
    status: str | None = None  # the alert's status now
    by: str | None = None
    at: datetime | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.outcome == "done"
