"""Saving a price (``e`` on the prices screen): one transaction, guarded, audited.

The transaction locks the listing's price row only if its price is still the one the user
saw, checks the new price again against that row (limits, floor), writes the price with the
margins of :func:`~hotdash_tui.db.prices.margin.compute_margins`, appends the change to
``pricing.price_history`` (source ``manual``) and records one ``system.audit_log`` row
(entity ``price``, the listing's id, as seed 001's log names prices). When the guard matches
nothing, nothing is written and the caller learns the price now, who changed it and when.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy
from sqlalchemy import Row

from hotdash_tui.db.audit import latest_audit, record_audit
from hotdash_tui.db.prices.form import PriceCheck, PriceContext, check_price, money
from hotdash_tui.db.prices.margin import referral_fee_of
from hotdash_tui.db.sql import run
from hotdash_tui.formatting import as_utc, when

ENTITY = "price"


@dataclass(frozen=True)
class PriceSaved:
    listing_id: uuid.UUID
    old_price: Decimal
    price: Decimal
    currency: str
    net_margin_pct: Decimal | None
    history_time: datetime


@dataclass(frozen=True)
class PriceRefused:
    """The new price breaks a rule of the row as it is now; nothing was written."""

    reason: str


@dataclass(frozen=True)
class NeedsConfirmation:
    """The price is valid but under the margin floor, and the user has not confirmed that."""

    check: PriceCheck


@dataclass(frozen=True)
class PriceLostRace:
    """The price changed (or the row went) since the user read it; nothing was written."""

    listing_id: uuid.UUID
    seen_price: Decimal
    price: Decimal | None  # the price now; None when the row no longer exists
    currency: str
    actor: str | None
    at: datetime | None
    source: str | None  # set when the latest trace is a price_history point, not an audit row

    def sentence(self, now: datetime) -> str:
        if self.price is None:
            return "This listing's price was removed meanwhile; nothing was changed."
        change = (
            f"from {money(self.seen_price, self.currency)} to {money(self.price, self.currency)}"
        )
        if self.actor and self.at:
            who = f"{self.actor} changed this price {change} at {when(now, self.at)}"
        elif self.source and self.at:
            who = f"The price changed {change} ({self.source}, at {when(now, self.at)})"
        else:
            who = f"The price changed {change} outside hotdash"
        return f"{who}; nothing was changed."


SaveOutcome = PriceSaved | PriceRefused | NeedsConfirmation | PriceLostRace


def _lost(conn: sqlalchemy.Connection, listing_id: uuid.UUID, seen: Decimal) -> PriceLostRace:
    now = run(conn, "prices_current_price", {"listing_id": listing_id}).one_or_none()
    entry = latest_audit(conn, ENTITY, listing_id)
    point = run(conn, "prices_latest_history", {"listing_id": listing_id}).one_or_none()
    actor, at, source = (entry.actor, entry.at, None) if entry else (None, None, None)
    # A newer point of the price series than the last audit row: the change came from a
    # channel that writes no audit row (a sync, a repricer); say which, not an old audit.
    if point is not None and (at is None or as_utc(point.time) > as_utc(at)):
        actor, at, source = None, point.time, point.source
    return PriceLostRace(
        listing_id=listing_id,
        seen_price=seen,
        price=now.price if now else None,
        currency=(now.currency if now else None) or "GBP",
        actor=actor,
        at=at,
        source=source,
    )


def _context(row: Row[Any]) -> PriceContext:
    return PriceContext(
        currency=row.currency or "GBP",
        sale_price=row.sale_price,
        landed_cost=row.landed_cost,
        fba_fee=row.fba_fee,
        min_price=row.min_price,
        max_price=row.max_price,
        margin_floor_pct=row.margin_floor_pct,
    )


def save_price(
    engine: sqlalchemy.Engine,
    listing_id: uuid.UUID,
    seen_price: Decimal,
    raw_price: str,
    actor: str,
    *,
    confirmed_below_floor: bool = False,
) -> SaveOutcome:
    """Sets the listing's price to ``raw_price`` if it is still ``seen_price``.

    A price under the margin floor is written only with ``confirmed_below_floor``; without
    it the result is NeedsConfirmation and nothing is written.
    """
    with engine.begin() as conn:
        guard = {"listing_id": listing_id, "expected_price": seen_price}
        row = run(conn, "prices_lock_for_edit", guard).one_or_none()
        if row is None:
            return _lost(conn, listing_id, seen_price)
        check = check_price(raw_price, _context(row))
        if isinstance(check, str):
            return PriceRefused(check)
        if check.price == row.price:
            return PriceRefused(f"{money(row.price, _context(row).currency)} is the price already.")
        if check.below_floor and not confirmed_below_floor:
            return NeedsConfirmation(check)
        margins = check.margins
        new: dict[str, Any] = {
            "price": check.price,
            "referral_fee": (
                margins.referral_fee if margins else referral_fee_of(check.price, row.sale_price)
            ),
            "gross_margin": margins.gross_margin if margins else None,
            "gross_margin_pct": margins.gross_margin_pct if margins else None,
            "net_margin": margins.net_margin if margins else None,
            "net_margin_pct": margins.net_margin_pct if margins else None,
        }
        run(conn, "prices_update_price", new | guard).one()  # locked: the guard holds
        history_time = run(
            conn,
            "prices_insert_history",
            {
                "listing_id": listing_id,
                "price": check.price,
                "sale_price": row.sale_price,
                "buy_box_price": row.buy_box_price,
                "has_buy_box": row.has_buy_box,
            },
        ).scalar_one()
        changes = {
            name: (getattr(row, name), value)
            for name, value in new.items()
            if getattr(row, name) != value
        }
        if check.below_floor:
            # The user was told the margin is under the floor and saved anyway: keep that.
            changes["confirmed_below_floor"] = (False, True)
        record_audit(
            conn,
            entity_type=ENTITY,
            entity_id=listing_id,
            action="update",
            actor=actor,
            changes=changes,
        )
        return PriceSaved(
            listing_id=listing_id,
            old_price=row.price,
            price=check.price,
            currency=row.currency or "GBP",
            net_margin_pct=new["net_margin_pct"],
            history_time=history_time,
        )
