"""The prices screen (key 4) driven by the Pilot on a real demo database: the listings tab in
each order, f, the `/` filter, the digital tab, and snapshots at 80x24 and 120x40."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.prices.digital import (
    DigitalView,
    load_digital_window,
)
from hotdash_tui.db.prices.read import (
    PriceView,
    count_prices,
    load_price_window,
)
from hotdash_tui.screens.overview.screen import OverviewScreen
from hotdash_tui.screens.prices.screen import PricesScreen
from tests.conftest import FIXED_NOW
from tests.ui.support import header, notices, press, settle, shown_row

SnapCompare = Callable[..., bool]


async def open_prices(pilot: Pilot[Any]) -> PricesScreen:
    await settle(pilot)
    await press(pilot, "4")
    assert isinstance(pilot.app.screen, PricesScreen)
    return pilot.app.screen


def ids(rows: Any) -> list[Any]:
    return [getattr(r, "listing_id", None) or r.id for r in rows]


async def test_key_4_shows_the_listings_lowest_margin_first_and_0_returns(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected = load_price_window(seeded_engine, PriceView()).rows
    total = count_prices(seeded_engine, PriceView())
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_prices(pilot)
        assert ids(screen.listings.items) == ids(expected)
        assert f"Prices · net margin ↑ · row 1 of {total}" in header(seeded_app)
        first = shown_row(screen.listings, 0)
        assert expected[0].below_floor and first.startswith("▼ " + expected[0].sku)
        assert f"{expected[0].net_margin_pct:.1f}%!" in first
        above = next(n for n, r in enumerate(expected) if not r.below_floor)
        assert not shown_row(screen.listings, above).startswith("▼")
        assert "!" not in shown_row(screen.listings, above)
        await press(pilot, "j", "j", "k")
        assert f"row 2 of {total}" in header(seeded_app)
        await press(pilot, "0")
        assert isinstance(seeded_app.screen, OverviewScreen)


async def test_f_keeps_only_the_listings_under_their_floor(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    below = PriceView(below_floor=True)
    expected = load_price_window(seeded_engine, below).rows
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_prices(pilot)
        everything = len(screen.listings.items)
        await press(pilot, "f")
        assert ids(screen.listings.items) == ids(expected)
        assert 0 < len(expected) < everything
        assert all(r.below_floor for r in screen.listings.items)
        assert f"▼ below floor · row 1 of {len(expected)}" in header(seeded_app)
        assert all(shown_row(screen.listings, n).startswith("▼") for n in range(len(expected)))
        await press(pilot, "f")
        assert len(screen.listings.items) == everything
        assert "below floor" not in header(seeded_app)


async def test_s_cycles_margin_price_title_each_read_in_its_order(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_prices(pilot)
        for sort, label in (("price", "price ↓"), ("title", "title A-Z"), ("margin", "net")):
            await press(pilot, "s")
            expected = load_price_window(seeded_engine, PriceView(sort=sort)).rows  # type: ignore[arg-type]
            assert ids(screen.listings.items) == ids(expected)
            assert f"Prices · {label}" in header(seeded_app)
            assert screen.listings.cursor_row == 0


async def test_f_and_the_order_combine(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected = load_price_window(seeded_engine, PriceView("price", below_floor=True)).rows
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_prices(pilot)
        await press(pilot, "f", "s")
        assert ids(screen.listings.items) == ids(expected)
        prices = [r.price for r in screen.listings.items]
        assert prices == sorted(prices, reverse=True)


async def test_the_filter_finds_text_full_of_quotes_literally(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    odd = 'Bob\'s 50%_off "pro" drill'
    with seeded_engine.begin() as conn:
        target = conn.execute(
            text(
                "UPDATE catalog.listings SET title = :t WHERE id ="
                " (SELECT listing_id FROM pricing.current_prices ORDER BY price LIMIT 1)"
                " RETURNING id"
            ),
            {"t": odd},
        ).scalar_one()
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_prices(pilot)
        everything = len(screen.listings.items)
        # Double quotes group words; the single quote, % and _ are characters to find.
        await press(pilot, "slash", *'"Bob\'s 50%_off"', "enter")
        assert ids(screen.listings.items) == [target]
        assert "row 1 of 1" in header(seeded_app)
        await press(pilot, "escape", "slash", *'"Bob\'s 50%_off pro"', "enter")
        assert screen.listings.items == []  # the title's own double quotes stand between
        await press(pilot, "escape", "slash", *'"\'s 50"', "enter")
        assert ids(screen.listings.items) == [target]
        await press(pilot, "escape")
        assert len(screen.listings.items) == everything
        sku = screen.listings.items[3].sku
        await press(pilot, "slash", *f"sku:{sku}", "enter")
        assert [r.sku for r in screen.listings.items] == [sku]
        await press(pilot, "escape", "slash", *"colour:red", "enter")
        assert any('There is no filter "colour:"' in n for n in notices(seeded_app))
        assert len(screen.listings.items) == everything  # a bad filter changes nothing


async def test_t_switches_to_the_digital_products_and_back(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected = load_digital_window(seeded_engine, DigitalView(), FIXED_NOW).rows
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_prices(pilot)
        await press(pilot, "t")
        assert screen.tab == "digital" and screen.digital.display
        assert ids(screen.digital.items) == ids(expected)
        assert f"digital, 30 days · row 1 of {len(expected)}" in header(seeded_app)
        top = expected[0]
        row = shown_row(screen.digital, 0)
        assert row.startswith(top.platform) and f"${top.net:,.2f}" in row
        await press(pilot, "f", "s", "e")  # the listings' keys do nothing here
        assert screen.view == PriceView() and isinstance(seeded_app.screen, PricesScreen)
        await press(pilot, "slash", *"platform:gumroad", "enter")
        assert screen.digital.items and {r.platform for r in screen.digital.items} == {"gumroad"}
        await press(pilot, "t")
        assert screen.listings.display and "net margin ↑" in header(seeded_app)
        assert screen.filter_text["listings"] == ""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_prices_snapshot(
    snap_compare: SnapCompare, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_prices(pilot)

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_digital_snapshot(
    snap_compare: SnapCompare, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_prices(pilot)
        await press(pilot, "t")

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)
