"""The prices screen's digital tab: seed 000's Gumroad and Etsy listings, each with its
sales of the last ``SALES_DAYS`` days summed in SQL, read as keyset windows by SEO title."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy

from hotdash_tui.db.engine import reading
from hotdash_tui.db.prices.read import COUNT_CAP, PAGE_SIZE
from hotdash_tui.db.sql import contains_pattern, run
from hotdash_tui.filters import FilterSpec, ParsedFilter

DIGITAL_FILTER_SPEC = FilterSpec(keys={"platform": frozenset({"etsy", "gumroad"})})
"""``/`` on the digital tab: ``platform:etsy`` plus text found in the titles."""
SALES_DAYS = 30
_LOW_ID = uuid.UUID(int=0)


@dataclass(frozen=True)
class DigitalRow:
    """A Gumroad or Etsy listing of seed 000 with its sales over the last ``SALES_DAYS``."""

    id: uuid.UUID
    platform: str
    status: str | None
    title_key: str  # the keyset column: the SEO title, '' when there is none
    title: str
    price: Decimal | None
    product_status: str | None
    currency: str
    units: int
    refunds: int
    gross: Decimal
    fees: Decimal
    net: Decimal


@dataclass(frozen=True)
class DigitalView:
    platform: str | None = None
    text: str | None = None

    @classmethod
    def from_parsed(cls, parsed: ParsedFilter) -> DigitalView:
        return cls(parsed.get("platform"), parsed.text or None)

    def params(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "pattern": contains_pattern(self.text) if self.text else None,
        }


@dataclass(frozen=True)
class DigitalCursor:
    title_key: str
    id: uuid.UUID


@dataclass(frozen=True)
class DigitalWindow:
    rows: tuple[DigitalRow, ...]
    next_cursor: DigitalCursor | None


def _naive_utc(moment: datetime) -> datetime:
    """Seed 000 stores naive UTC TIMESTAMPs; its bounds are passed the same way."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def load_digital_window(
    engine: sqlalchemy.Engine,
    view: DigitalView,
    now: datetime,
    *,
    after: DigitalCursor | None = None,
    limit: int = PAGE_SIZE,
) -> DigitalWindow:
    """The next ``limit`` digital listings, each with its sales of the ``SALES_DAYS`` days
    before ``now`` (refunded sales counted apart and left out of the money)."""
    params = view.params() | {
        "after_title": after.title_key if after else "",
        "after_id": after.id if after else _LOW_ID,
        "since": _naive_utc(now - timedelta(days=SALES_DAYS)),
        "until": _naive_utc(now),
        "limit": limit + 1,
    }
    with reading(engine) as conn:
        rows = run(conn, "digital_window", params).all()
    shown = tuple(
        DigitalRow(
            id=r.id,
            platform=r.platform,
            status=r.status,
            title_key=r.title_key,
            title=r.title,
            price=r.price_usd,
            product_status=r.product_status,
            currency=r.currency,
            units=int(r.units),
            refunds=int(r.refunds),
            gross=r.gross,
            fees=r.fees,
            net=r.net,
        )
        for r in rows[:limit]
    )
    more = len(rows) > limit and shown
    return DigitalWindow(shown, DigitalCursor(shown[-1].title_key, shown[-1].id) if more else None)


def count_digital(engine: sqlalchemy.Engine, view: DigitalView, cap: int = COUNT_CAP) -> int:
    with reading(engine) as conn:
        total = run(conn, "digital_count", view.params() | {"cap": cap + 1})
        return int(total.scalar_one())
