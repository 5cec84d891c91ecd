"""e on the prices screen: a valid price saved with its margins, history and audit row; each
bad input refused beside the field with nothing written; the floor's second step; a lost
race; and the form's look."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Input, Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.prices.margin import compute_margins
from hotdash_tui.db.prices.read import PriceRow
from hotdash_tui.db.prices.write import PriceSaved, save_price
from hotdash_tui.screens.prices.form import PriceFormScreen
from hotdash_tui.screens.prices.screen import PricesScreen
from hotdash_tui.widgets.key_bar import KeyBar
from tests.prices_support import price_state
from tests.ui.conftest import REVIEWER
from tests.ui.prices.test_prices import open_prices
from tests.ui.support import notices, press, shown_row

SnapCompare = Callable[..., bool]


async def edit(
    pilot: Pilot[Any], pick: Callable[[PriceRow], bool]
) -> tuple[PriceRow, PriceFormScreen]:
    """Moves to the first listing ``pick`` accepts and opens its price form with e."""
    screen = await open_prices(pilot)
    assert isinstance(screen, PricesScreen)
    row = next(n for n, r in enumerate(screen.listings.items) if pick(r))
    screen.listings.move_cursor(row=row)
    await press(pilot, "e")
    form = pilot.app.screen
    assert isinstance(form, PriceFormScreen)
    return screen.listings.items[row], form


def editable(row: PriceRow) -> bool:
    """Above its floor, not on sale, with limits that leave room."""
    low, high = row.min_price, row.max_price
    return not row.below_floor and row.sale_price is None and low is not None and high is not None


async def type_price(pilot: Pilot[Any], form: PriceFormScreen, price: str) -> None:
    form.field.value = ""
    await press(pilot, *price, "enter")


def error_of(form: PriceFormScreen) -> str:
    line = form.query_one("#error-price", Static)
    return str(line.render()) if line.display else ""


async def test_e_saves_a_price_with_its_margins_history_and_audit_row(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        row, form = await edit(pilot, editable)
        assert row.max_price is not None and row.landed_cost is not None
        new = ((row.price + row.max_price) / 2).quantize(Decimal("0.01"))
        form.field.value = ""
        await press(pilot, *str(new))
        preview = str(form.query_one("#price-preview", Static).render())
        m = compute_margins(new, None, row.landed_cost, row.fba_fee)
        assert f"net £{m.net_margin:,.2f} ({m.net_margin_pct}%)" in preview
        await press(pilot, "enter")
        assert isinstance(seeded_app.screen, PricesScreen)
        with seeded_engine.connect() as conn:
            cp = conn.execute(
                text("SELECT * FROM pricing.current_prices WHERE listing_id = :id"),
                {"id": row.listing_id},
            ).one()
            point = conn.execute(
                text(
                    "SELECT price, source FROM pricing.price_history WHERE listing_id = :id"
                    " ORDER BY time DESC LIMIT 1"
                ),
                {"id": row.listing_id},
            ).one()
            audit = conn.execute(
                text(
                    "SELECT actor, action, changes FROM system.audit_log"
                    " WHERE entity_type = 'price' AND entity_id = :id AND actor = :me"
                ),
                {"id": row.listing_id, "me": REVIEWER},
            ).one()
        assert (cp.price, cp.net_margin, cp.net_margin_pct) == (new, m.net_margin, m.net_margin_pct)
        assert (cp.gross_margin, cp.gross_margin_pct) == (m.gross_margin, m.gross_margin_pct)
        assert cp.referral_fee == m.referral_fee
        assert (point.price, point.source) == (new, "manual")
        changes = audit.changes if isinstance(audit.changes, dict) else json.loads(audit.changes)
        assert audit.action == "update" and changes["price"] == {
            "old": str(row.price),
            "new": str(new),
        }
        assert f"Price of {row.sku} set to £{new}" in " ".join(notices(seeded_app))
        screen = seeded_app.screen
        assert isinstance(screen, PricesScreen)
        shown = next(r for r in screen.listings.items if r.listing_id == row.listing_id)
        assert shown.price == new and screen.listings.current == shown


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("abc", "must be an amount such as 12.99"),
        ("-5", "must be positive"),
        ("12.345", "at most two decimals"),
        ("below min", "at least £"),
        ("above max", "at most £"),
    ],
)
async def test_each_bad_price_is_refused_beside_the_field_and_nothing_is_written(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine, typed: str, reason: str
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        row, form = await edit(pilot, editable)
        assert row.min_price is not None and row.max_price is not None
        price = {
            "below min": str(row.min_price - Decimal("0.01")),
            "above max": str(row.max_price + Decimal("0.01")),
        }.get(typed, typed)
        before = price_state(seeded_engine, row.listing_id)
        await type_price(pilot, form, price)
        assert seeded_app.screen is form
        assert reason in error_of(form)
        assert price_state(seeded_engine, row.listing_id) == before
        await press(pilot, "escape")
        assert isinstance(seeded_app.screen, PricesScreen)
        assert price_state(seeded_engine, row.listing_id) == before


async def test_under_the_floor_a_second_step_asks_and_n_or_esc_write_nothing(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        row, form = await edit(pilot, editable)
        assert row.min_price is not None
        assert "Save below floor" not in str(form.query_one(KeyBar).render())
        # The seed's minimum is the floor's price, so only a listing without one can go under.
        with seeded_engine.begin() as conn:
            conn.execute(
                text("UPDATE pricing.current_prices SET min_price = NULL WHERE listing_id = :id"),
                {"id": row.listing_id},
            )
        await press(pilot, "escape", "e")  # the form reads the listing again
        form = seeded_app.screen  # type: ignore[assignment]
        assert isinstance(form, PriceFormScreen) and form.row.min_price is None
        low = str(row.min_price - Decimal("0.50"))
        before = price_state(seeded_engine, row.listing_id)
        await type_price(pilot, form, low)
        confirm = str(form.query_one("#price-confirm", Static).render())
        assert confirm.startswith("▼ Net margin") and "y saves anyway" in confirm
        keys = str(form.query_one(KeyBar).render())
        assert "y Save below floor" in keys and "n Back" in keys, keys
        assert form.field.disabled and price_state(seeded_engine, row.listing_id) == before
        await press(pilot, "n")
        assert not form.field.disabled and seeded_app.screen is form
        await press(pilot, "enter")  # asks again
        await press(pilot, "escape")  # back to the field
        await press(pilot, "escape")  # and out
        assert isinstance(seeded_app.screen, PricesScreen)
        assert price_state(seeded_engine, row.listing_id) == before
        await press(pilot, "e")
        form = seeded_app.screen
        assert isinstance(form, PriceFormScreen)
        await type_price(pilot, form, low)
        await press(pilot, "y")
        assert isinstance(seeded_app.screen, PricesScreen)
        with seeded_engine.connect() as conn:
            price, changes = conn.execute(
                text(
                    "SELECT p.price, a.changes FROM pricing.current_prices p"
                    " JOIN system.audit_log a ON a.entity_id = p.listing_id AND a.actor = :me"
                    " WHERE p.listing_id = :id"
                ),
                {"id": row.listing_id, "me": REVIEWER},
            ).one()
        assert price == Decimal(low) and changes["confirmed_below_floor"]["new"] is True
        assert shown_row(
            seeded_app.screen.listings, seeded_app.screen.listings.cursor_row
        ).startswith("▼")


async def test_a_price_changed_meanwhile_is_not_overwritten(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        row, form = await edit(pilot, editable)
        assert row.max_price is not None
        theirs = row.max_price
        # Another operator, on another connection, saves first.
        assert isinstance(
            save_price(seeded_engine, row.listing_id, row.price, str(theirs), "bob"), PriceSaved
        )
        before = price_state(seeded_engine, row.listing_id)
        await type_price(pilot, form, str(row.max_price - 1))
        assert isinstance(seeded_app.screen, PricesScreen)
        assert price_state(seeded_engine, row.listing_id) == before
        said = " ".join(notices(seeded_app))
        assert f"bob changed this price from £{row.price} to £{theirs}" in said
        assert "nothing was changed" in said
        screen = seeded_app.screen
        shown = next(r for r in screen.listings.items if r.listing_id == row.listing_id)
        assert shown.price == theirs  # the screen read it again


def test_price_form_snapshot(snap_compare: SnapCompare, snapshot_app: HotdashApp) -> None:
    async def open_form(pilot: Pilot[Any]) -> None:
        _, form = await edit(pilot, editable)
        await type_price(pilot, form, "12.345")

    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=open_form)


async def test_the_field_takes_the_listings_currency_symbol(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        row, form = await edit(pilot, editable)
        before = price_state(seeded_engine, row.listing_id)
        await type_price(pilot, form, "$12")
        assert "priced in GBP" in error_of(form)
        assert price_state(seeded_engine, row.listing_id) == before
        assert isinstance(form.query_one("#field-price", Input), Input)


@pytest.mark.parametrize(("typed", "said"), [("७", "12.99"), ("12,50", "point"), ("abc", "12.99")])
async def test_the_preview_says_why_a_price_will_be_refused_before_enter(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine, typed: str, said: str
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        row, form = await edit(pilot, editable)
        before = price_state(seeded_engine, row.listing_id)
        form.field.value = ""
        await press(pilot, *typed)
        preview = str(form.query_one("#price-preview", Static).render())
        assert preview.startswith("✗ ") and said in preview, preview
        assert error_of(form) == ""  # nothing was submitted
        await press(pilot, "enter")
        assert error_of(form) == preview.removeprefix("✗ ")
        assert str(form.query_one("#price-preview", Static).render()) == ""  # said once
        assert price_state(seeded_engine, row.listing_id) == before
        await press(pilot, "backspace")  # the value the refusal was about is gone
        assert error_of(form) == ""
