"""The stock view's shapes and its risk rules. Nothing here talks to the database.

A position is at risk, most urgent first, when:
- ``out``: its days of supply (on hand / average daily sales) are fewer than its supplier's
  lead time: it runs out before an order placed today could arrive;
- ``reorder``: on hand is at or below its reorder point;
- ``low``: under two weeks of supply.
Inbound stock is shown but not counted: its arrival date is not recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from hotdash_tui.filters import FilterSpec, ParsedFilter

Risk = Literal["out", "reorder", "low", "ok"]
RISKS: tuple[Risk, ...] = ("out", "reorder", "low", "ok")
RISK_WORDS = {
    "out": "out before resupply",
    "reorder": "at reorder point",
    "low": "under 2 weeks",
    "ok": "ok",
}
LOW_WEEKS = Decimal(2)
RECENT_DAYS = 30  # a SKU-location with no snapshot for this long is no longer stocked
HISTORY_DAYS = 90
MAX_POSITIONS = 2_000

FILTER_SPEC = FilterSpec(
    keys={"risk": frozenset({*RISKS, "any", "all"}), "sku": None, "location": None},
    examples={"sku": "HX-POW", "location": "main"},
    explains={
        "risk": "out (before resupply), reorder (at its point), low (under 2 weeks), ok, "
        "any (at risk) or all; e.g. risk:out"
    },
)


@dataclass(frozen=True)
class StockPosition:
    """One SKU at one location: its latest snapshot and what it is measured against."""

    sku: str
    location: str
    snapshot_date: date
    on_hand: int
    available: int | None
    inbound: int
    reserved: int
    avg_daily_sales: Decimal | None
    weeks_of_supply: Decimal | None
    days_of_supply: Decimal | None
    reorder_point: int | None
    reorder_quantity: int | None
    safety_stock: int | None
    lead_time_days: int | None
    supplier: str | None

    @property
    def risks(self) -> tuple[Risk, ...]:
        found: list[Risk] = []
        days, lead = self.days_of_supply, self.lead_time_days
        if days is not None and lead is not None and days < lead:
            found.append("out")
        if self.reorder_point is not None and self.on_hand <= self.reorder_point:
            found.append("reorder")
        if self.weeks_of_supply is not None and self.weeks_of_supply < LOW_WEEKS:
            found.append("low")
        return tuple(found) or ("ok",)

    @property
    def risk(self) -> Risk:
        """The most urgent of its risks."""
        return self.risks[0]

    @property
    def key(self) -> str:
        return f"{self.sku}@{self.location}"


@dataclass(frozen=True)
class StockFilter:
    risk: str = "all"
    sku: str | None = None
    location: str | None = None
    text: str = ""

    @classmethod
    def from_parsed(cls, parsed: ParsedFilter) -> StockFilter:
        return cls(
            risk=parsed.get("risk") or "all",
            sku=parsed.get("sku"),
            location=parsed.get("location"),
            text=parsed.text,
        )

    def matches(self, position: StockPosition) -> bool:
        wanted_risk = (
            self.risk == "all"
            or (self.risk == "any" and position.risk != "ok")
            or self.risk in position.risks
        )
        text = self.text.lower()
        return (
            wanted_risk
            and (self.sku is None or self.sku.lower() in position.sku.lower())
            and (self.location is None or self.location.lower() == position.location.lower())
            and (
                not text
                or text in position.sku.lower()
                or text in (position.supplier or "").lower()
            )
        )


@dataclass(frozen=True)
class StockCounts:
    """The overview's Stock tile: SKU-locations per risk (one counted once, by its worst)."""

    positions: int
    out: int
    reorder: int
    low: int

    @classmethod
    def of(cls, positions: tuple[StockPosition, ...]) -> StockCounts:
        def count(risk: Risk) -> int:
            return sum(risk in p.risks for p in positions)

        return cls(len(positions), count("out"), count("reorder"), count("low"))


@dataclass(frozen=True)
class StockDay:
    location: str
    day: date
    on_hand: int
    inbound: int


@dataclass(frozen=True)
class SupplierLine:
    how: str  # "lead time" (the SKU's own) or "component" (a component's default supplier)
    supplier: str
    lead_time_days: int | None
    stddev_days: Decimal | None
    component: str | None
    email: str | None
    country: str | None
    payment_terms: str | None


@dataclass(frozen=True)
class StockDetails:
    position: StockPosition
    history: tuple[StockDay, ...]
    suppliers: tuple[SupplierLine, ...]
