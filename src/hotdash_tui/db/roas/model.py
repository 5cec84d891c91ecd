"""The ROAS screen's rows: windows, tile subjects, tile figures and daily series.

Money keeps the unit its table stores: ads in integer cents (seed 004), the other systems in
decimal units (``metrics_daily``, ``"DashboardFact"``, ``channel_costs``). The screen turns
both into units with their currency; nothing here rounds money.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from hotdash_tui.db.overview import RoasFigure

WINDOWS: tuple[int, ...] = (7, 30, 90)
"""The windows ``w`` cycles through, in days."""

ADS_CURRENCY = "USD"
"""Seed 004 (a Shopify store) keeps ads money in cents without naming a currency; its own
revenue facts are in USD, so its ads are read as USD cents."""


def next_window(days: int) -> int:
    """7 → 30 → 90 → 7; a window not in the cycle starts it again."""
    if days not in WINDOWS:
        return WINDOWS[0]
    return WINDOWS[(WINDOWS.index(days) + 1) % len(WINDOWS)]


@dataclass(frozen=True)
class Window:
    """The last ``days`` calendar days (UTC) up to and including the day of ``now``."""

    days: int
    first_day: date
    last_day: date

    @classmethod
    def ending(cls, now: datetime, days: int) -> Window:
        last = now.astimezone(UTC).date()
        return cls(days, last - timedelta(days=days - 1), last)

    @property
    def since(self) -> datetime:
        """The first instant of the window, for timestamp columns."""
        return datetime.combine(self.first_day, time(), tzinfo=UTC)

    @property
    def until(self) -> datetime:
        """The first instant after the window."""
        return datetime.combine(self.last_day + timedelta(days=1), time(), tzinfo=UTC)

    def params(self) -> dict[str, object]:
        return {
            "first_day": self.first_day,
            "last_day": self.last_day,
            "since": self.since,
            "until": self.until,
        }


class SubjectKind(StrEnum):
    ADS_TOTAL = "ads"
    PLATFORM = "platform"
    CAMPAIGN = "campaign"
    SYSTEM = "system"
    STORE = "store"
    CHANNEL = "channel"

    @property
    def is_ads(self) -> bool:
        return self in {SubjectKind.ADS_TOTAL, SubjectKind.PLATFORM, SubjectKind.CAMPAIGN}


@dataclass(frozen=True)
class Subject:
    """What one tile (and the plot, when it is selected) is about."""

    kind: SubjectKind
    label: str
    platform: str | None = None
    campaign_id: uuid.UUID | None = None
    system: str | None = None
    currency: str = ADS_CURRENCY
    dimension: str | None = None
    dimension_value: str | None = None
    channel_id: str | None = None

    @property
    def key(self) -> str:
        """Stable across reloads and windows, so the selection survives ``w``."""
        parts = (
            self.platform,
            self.campaign_id,
            self.system,
            self.dimension,
            self.dimension_value,
            self.channel_id,
        )
        return f"{self.kind}:" + "/".join("" if p is None else str(p) for p in parts)


@dataclass(frozen=True)
class AdsFigures:
    """One ads tile: all campaigns, one platform or one campaign over the window.

    ``figure`` carries spend, revenue, ROAS and its target as the overview defines them,
    so ``figure.meets_target`` is the same verdict the overview shows.
    """

    subject: Subject
    figure: RoasFigure
    status: str | None
    campaigns: int
    impressions: int
    clicks: int
    conversions: int
    cpc_cents: Decimal | None
    cpa_cents: Decimal | None
    ctr: Decimal | None


@dataclass(frozen=True)
class SystemRevenue:
    """One system's row sums of ``metrics_daily`` (decimal units)."""

    subject: Subject
    gross: Decimal
    net: Decimal
    units: int
    days: int


@dataclass(frozen=True)
class StoreRevenue:
    """One ``"DashboardFact"`` revenue series summed over the window (decimal units)."""

    subject: Subject
    amount: Decimal
    days: int


@dataclass(frozen=True)
class ChannelCost:
    """One video channel's ``channel_costs`` (decimal dollars) over the window."""

    subject: Subject
    cost: Decimal
    tokens: int
    runs: int


TileFigures = AdsFigures | SystemRevenue | StoreRevenue | ChannelCost


@dataclass(frozen=True)
class RoasBoard:
    """Every tile of the screen for one window, read in one transaction."""

    window: Window
    ads: tuple[AdsFigures, ...]
    systems: tuple[SystemRevenue, ...]
    store: tuple[StoreRevenue, ...]
    channels: tuple[ChannelCost, ...]

    @property
    def tiles(self) -> tuple[TileFigures, ...]:
        """In screen order: ads (all, platforms, campaigns), then the other systems."""
        return (*self.ads, *self.systems, *self.store, *self.channels)


@dataclass(frozen=True)
class AdsDay:
    day: date
    spend_cents: int
    revenue_cents: int
    roas: Decimal | None  # None on a day without spend


@dataclass(frozen=True)
class AmountDay:
    day: date
    amount: Decimal


@dataclass(frozen=True)
class DailySeries:
    """The plot's data: one point per day of the window, ads days or amounts."""

    subject: Subject
    window: Window
    ads: tuple[AdsDay, ...] = ()
    amounts: tuple[AmountDay, ...] = ()
