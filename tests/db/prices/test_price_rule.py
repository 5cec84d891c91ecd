"""The price form's rule: each kind of bad input gets its own sentence; floors are flagged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hotdash_tui.db.prices.form import PriceCheck, PriceContext, check_price, money
from hotdash_tui.db.prices.margin import Margins, compute_margins

CTX = PriceContext(
    currency="GBP",
    sale_price=None,
    landed_cost=Decimal("5.00"),
    fba_fee=Decimal("2.00"),
    min_price=Decimal("10.00"),
    max_price=Decimal("30.00"),
    margin_floor_pct=Decimal("20.00"),
)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "Type the new price in GBP"),
        ("abc", 'not "abc"'),
        ("1e3", 'not "1e3"'),
        ("12.3.4", "must be an amount"),
        ("-12.00", "must be positive"),
        ("0", "must be positive"),
        ("12.345", "at most two decimals"),
        ("9.99", "at least £10.00"),
        ("30.01", "at most £30.00"),
        ("$15", "priced in GBP"),
        # A comma is neither a decimal comma nor a thousands separator here (issue 15): once
        # every comma was deleted and 7,49 saved £749.00.
        ("7,49", "decimal point"),
        ("12,99", "decimal point"),
        ("£12,50", "decimal point"),
        ("1,000", "decimal point"),
        # Digits of other scripts are not ASCII digits (७ read as 7 once).
        ("७", "must be an amount"),
        ("1٢.00", "must be an amount"),
    ],
)
def test_bad_prices_are_refused_with_a_reason(raw: str, reason: str) -> None:
    result = check_price(raw, CTX)
    assert isinstance(result, str) and reason in result


@pytest.mark.parametrize("raw", ["15.5", "£15.50", "15.50 GBP", " 15.50 "])
def test_a_price_may_carry_its_own_currency(raw: str) -> None:
    result = check_price(raw, CTX)
    assert isinstance(result, PriceCheck) and result.price == Decimal("15.50")


def test_a_price_under_the_floor_is_valid_but_flagged() -> None:
    low = check_price("10.50", CTX)
    high = check_price("25.00", CTX)
    assert isinstance(low, PriceCheck) and isinstance(high, PriceCheck)
    # 10.50 paid, 5.00 landed, 2.00 FBA: referral 1.575 -> 1.58 (half up), net 5.50 - 1.58 - 2.
    assert low.margins == Margins(
        referral_fee=Decimal("1.58"),
        gross_margin=Decimal("5.50"),
        gross_margin_pct=Decimal("52.38"),
        net_margin=Decimal("1.92"),
        net_margin_pct=Decimal("18.29"),
    )
    assert low.below_floor and low.margins.net_margin_pct < 20
    assert not high.below_floor and high.margins is not None
    assert high.margins.net_margin == Decimal("25.00") - 5 - Decimal("3.75") - 2


def test_on_sale_the_margin_is_of_the_sale_price() -> None:
    ctx = PriceContext("GBP", Decimal("12.00"), Decimal("5"), None, None, None, Decimal(20))
    result = check_price("40", ctx)
    assert isinstance(result, PriceCheck) and result.margins is not None
    assert result.margins.referral_fee == Decimal("1.80")
    assert result.margins.gross_margin == Decimal("7.00")


def test_without_a_landed_cost_there_are_no_margins_and_no_floor() -> None:
    ctx = PriceContext("GBP", None, None, None, None, None, Decimal(20))
    result = check_price("1.00", ctx)
    assert result == PriceCheck(Decimal("1.00"), None, False)


def test_a_margin_beyond_its_column_is_refused() -> None:
    ctx = PriceContext("GBP", None, Decimal("50"), None, None, None, None)
    result = check_price("0.01", ctx)
    assert isinstance(result, str) and "cannot be right" in result


def test_money_reads_in_its_currency() -> None:
    assert money(Decimal("1234.5"), "GBP") == "£1,234.50"
    assert money(Decimal("-3"), "USD") == "-$3.00"
    assert money(Decimal("3"), "CHF") == "3.00 CHF"
    assert money(None, "GBP") == "-"


def test_limits_that_contradict_each_other_refuse_every_price() -> None:
    """Seed 001's cheapest listings under their floor have min_price (at the floor) above
    max_price (1.5 x the price): say so rather than blame the typed price."""
    ctx = PriceContext("GBP", None, Decimal(1), None, Decimal("4.88"), Decimal("4.48"), None)
    for raw in ("4.00", "4.70", "5.00"):
        result = check_price(raw, ctx)
        assert isinstance(result, str) and "minimum £4.88 is above the maximum £4.48" in result


@pytest.mark.parametrize(
    ("price", "sale", "landed", "fba", "expected"),
    [
        # On sale: every margin is of the sale price; the regular price changes nothing.
        ("40.00", "12.00", "5.00", "2.00", ("1.80", "7.00", "58.33", "3.20", "26.67")),
        ("99.99", "12.00", "5.00", "2.00", ("1.80", "7.00", "58.33", "3.20", "26.67")),
        # Not on sale: 19.99 -> referral 2.9985 -> 3.00.
        ("19.99", None, "7.50", "2.70", ("3.00", "12.49", "62.48", "6.79", "33.97")),
        # FBM: no FBA fee.
        ("19.99", None, "7.50", None, ("3.00", "12.49", "62.48", "9.49", "47.47")),
        # Under the landed cost: negative margins, rounded half up away from zero.
        ("4.00", None, "5.00", "1.00", ("0.60", "-1.00", "-25.00", "-2.60", "-65.00")),
    ],
)
def test_the_margin_formula_on_literal_numbers(
    price: str, sale: str | None, landed: str, fba: str | None, expected: tuple[str, ...]
) -> None:
    margins = compute_margins(
        Decimal(price),
        None if sale is None else Decimal(sale),
        Decimal(landed),
        None if fba is None else Decimal(fba),
    )
    assert margins == Margins(*(Decimal(value) for value in expected))
