"""The one margin formula of ``pricing.current_prices``, used by the demo data and by every
price the prices screen saves.

Margins are of the price a customer pays now, ``paid``: the sale price when the listing has
one, else the price.

    referral_fee     = round(paid * 15%, 2)          (Amazon UK, Tools & Home Improvement)
    gross_margin     = paid - landed_cost
    net_margin       = gross_margin - referral_fee - fba_fee   (no FBA fee for FBM listings)
    gross_margin_pct = round(gross_margin / paid * 100, 2)
    net_margin_pct   = round(net_margin / paid * 100, 2)

Rounding is half up to the cent or to a hundredth of a percent, the columns' scale. The
landed cost is ``current_prices.landed_cost``, else the BOM estimate of the seed's view
``inventory.listing_landed_costs``; without either there are no margins to compute.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

REFERRAL_RATE = Decimal("0.15")  # Amazon UK referral fee for Tools & Home Improvement
PCT_LIMIT = Decimal("999.99")  # the margin percentages are DECIMAL(5,2)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Margins:
    referral_fee: Decimal
    gross_margin: Decimal
    gross_margin_pct: Decimal
    net_margin: Decimal
    net_margin_pct: Decimal

    @property
    def storable(self) -> bool:
        """Whether both percentages fit their DECIMAL(5,2) columns."""
        return abs(self.gross_margin_pct) <= PCT_LIMIT and abs(self.net_margin_pct) <= PCT_LIMIT


def compute_margins(
    price: Decimal, sale_price: Decimal | None, landed_cost: Decimal, fba_fee: Decimal | None
) -> Margins:
    """Margins of the price a customer pays now: the sale price when there is one.

    referral fee = 15% of that price; gross = price - landed cost; net = gross - referral fee -
    FBA fee (none for FBM); percentages are of that price.
    """
    paid = sale_price if sale_price is not None else price
    referral = (paid * REFERRAL_RATE).quantize(_CENT, ROUND_HALF_UP)
    gross = paid - landed_cost
    net = gross - referral - (fba_fee or Decimal(0))
    return Margins(
        referral,
        gross,
        (gross * 100 / paid).quantize(_CENT, ROUND_HALF_UP),
        net,
        (net * 100 / paid).quantize(_CENT, ROUND_HALF_UP),
    )


def referral_fee_of(price: Decimal, sale_price: Decimal | None) -> Decimal:
    """The referral fee alone, for a listing whose landed cost is unknown."""
    paid = sale_price if sale_price is not None else price
    return (paid * REFERRAL_RATE).quantize(_CENT, ROUND_HALF_UP)
