"""The price form's rule, apart from any widget: raw text in, a checked price or one sentence.

A price is a positive amount in the listing's currency with at most two decimals, within the
listing's ``min_price`` / ``max_price`` when they are set. A price that would put the net
margin under the listing's floor is valid but flagged, so the form asks for an explicit
confirmation. The save checks the same rule again on the locked row, in its transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from hotdash_tui.db.prices.margin import Margins, compute_margins

PRICE_MAX = Decimal("99999999.99")  # pricing.current_prices.price is DECIMAL(10,2)
SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}

# ASCII digits only: \d would take other scripts' digits as well.
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_ANY_SYMBOL = re.compile(r"^[£$€]")


@dataclass(frozen=True)
class PriceContext:
    """What a new price is checked against: the listing's currency, costs and limits."""

    currency: str
    sale_price: Decimal | None
    landed_cost: Decimal | None
    fba_fee: Decimal | None
    min_price: Decimal | None
    max_price: Decimal | None
    margin_floor_pct: Decimal | None


@dataclass(frozen=True)
class PriceCheck:
    """A valid new price, its margins (None without a landed cost) and whether they are
    under the floor, which needs the user's explicit confirmation."""

    price: Decimal
    margins: Margins | None
    below_floor: bool


def money(amount: Decimal | None, currency: str) -> str:
    """``£12.99``, ``$4.99``; other currencies as ``12.99 CHF``; ``-`` for no amount."""
    if amount is None:
        return "-"
    symbol = SYMBOLS.get(currency)
    if symbol is None:
        return f"{amount:,.2f} {currency}"
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,.2f}"


def _strip_symbol(text: str, currency: str) -> str | None:
    """The amount without the listing's own currency symbol or code; None when another
    currency's symbol was typed."""
    own = SYMBOLS.get(currency)
    if own and text.startswith(own):
        return text[len(own) :].strip()
    if text.upper().endswith(currency.upper()):
        return text[: -len(currency)].strip()
    if _ANY_SYMBOL.match(text):
        return None
    return text


def check_price(raw: str, ctx: PriceContext) -> PriceCheck | str:
    """The checked price, or one sentence saying why ``raw`` cannot be this listing's price."""
    text = raw.strip()
    if "," in text:
        # 7,49 is a decimal comma in most of Europe and 1,000 a thousands separator in the
        # UK and US: neither can be guessed, so neither is taken.
        return (
            "Type the price with a decimal point and no thousands separator, for example"
            " 7.49 or 1000.00."
        )
    if not text:
        return f"Type the new price in {ctx.currency}, for example 12.99."
    amount = _strip_symbol(text, ctx.currency)
    if amount is None:
        return f"This listing is priced in {ctx.currency}; type the amount in {ctx.currency}."
    if amount.startswith("-") and _AMOUNT.fullmatch(amount[1:]):
        return "A price must be positive."
    if not _AMOUNT.fullmatch(amount):
        return f'The price must be an amount such as 12.99, not "{raw.strip()}".'
    price = Decimal(amount)
    if price != price.quantize(Decimal("0.01")):
        return "A price takes at most two decimals (pence or cents)."
    price = price.quantize(Decimal("0.01"))
    if price <= 0:
        return "A price must be positive."
    if price > PRICE_MAX:
        return f"A price can be at most {money(PRICE_MAX, ctx.currency)}."
    low, high = ctx.min_price, ctx.max_price
    if low is not None and high is not None and low > high:
        return (
            f"No price can do: the minimum {money(low, ctx.currency)} is above the maximum"
            f" {money(high, ctx.currency)}; correct the limits first."
        )
    if ctx.min_price is not None and price < ctx.min_price:
        return f"The price must be at least {money(ctx.min_price, ctx.currency)} (its minimum)."
    if ctx.max_price is not None and price > ctx.max_price:
        return f"The price must be at most {money(ctx.max_price, ctx.currency)} (its maximum)."
    if ctx.landed_cost is None:
        return PriceCheck(price, None, False)
    margins = compute_margins(price, ctx.sale_price, ctx.landed_cost, ctx.fba_fee)
    if not margins.storable:
        return (
            f"At {money(price, ctx.currency)} the margin would be {margins.net_margin_pct}%:"
            " that far from the landed cost cannot be right."
        )
    floor = ctx.margin_floor_pct
    return PriceCheck(price, margins, floor is not None and margins.net_margin_pct < floor)
