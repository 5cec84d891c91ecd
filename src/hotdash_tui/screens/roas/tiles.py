"""What each ROAS tile says, as Rich text that reads the same with and without color.

A tile is 22 cells wide inside at 80 columns (three tiles a row); every line fits that.
Money is shown in units with its currency; a ratio without a divisor (no spend, no clicks,
no conversions, no impressions) is shown as "—", never as a division by zero.
"""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text

from hotdash_tui.db.roas.model import (
    ADS_CURRENCY,
    AdsFigures,
    ChannelCost,
    StoreRevenue,
    Subject,
    SubjectKind,
    SystemRevenue,
    TileFigures,
    Window,
)
from hotdash_tui.screens.overview.tiles import ROAS_MARKS

NONE = "—"
INNER_WIDTH = 22
LINES = 5  # every tile has the same height, so the grid's rows line up

VERDICT_WORDS = {True: "met", False: "missed", None: ""}


def amount(value: Decimal | None) -> str:
    """Whole units from a thousand up, cents below (a channel's few dollars still read)."""
    if value is None:
        return NONE
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.2f}"


def cents(value: int | Decimal | None) -> str:
    """Integer cents (seed 004) as units."""
    return NONE if value is None else amount(Decimal(value) / 100)


def ratio(value: Decimal | None) -> str:
    return NONE if value is None else f"{value:.2f}x"


def percent(fraction: Decimal | None) -> str:
    return NONE if fraction is None else f"{fraction * 100:.2f}%"


def _row(text: Text, label: str, value: str, style: str = "") -> None:
    width = max(INNER_WIDTH - len(label) - 1, len(value))
    text.append(f"{label} {value:>{width}}\n", style=style)


def _pairs(text: Text, left: tuple[str, str], right: tuple[str, str]) -> None:
    first = f"{left[0]} {left[1]}"
    text.append(f"{first:<11}{right[0]} {right[1]}\n")


def verdict(figures: AdsFigures) -> tuple[str, str, str]:
    """(mark, word, style) of the tile's ROAS against its target."""
    figure = figures.figure
    met = figure.meets_target
    mark, style = ROAS_MARKS[met]
    if met is None:
        word = "no spend" if figure.spend_cents == 0 else "no target"
        return " ", word, "dim"
    return mark, VERDICT_WORDS[met], style


def ads_body(figures: AdsFigures) -> Text:
    figure = figures.figure
    text = Text(no_wrap=True, overflow="ellipsis")
    mark, word, style = verdict(figures)
    text.append(f"ROAS {ratio(figure.roas):>6} ", style="bold")
    text.append(f"{mark} {word}\n", style=style or "bold")
    _row(text, "spend", f"{cents(figure.spend_cents)} {ADS_CURRENCY}")
    _row(text, "revenue", f"{cents(figure.revenue_cents)} {ADS_CURRENCY}")
    _pairs(text, ("CPC", cents(figures.cpc_cents)), ("CPA", cents(figures.cpa_cents)))
    _pairs(text, ("CTR", percent(figures.ctr)), ("conv", f"{figures.conversions:,}"))
    return text


def _days(text: Text, days: int, window: Window) -> None:
    _row(text, "days", f"{days} of {window.days}", style="dim")


def system_body(figures: SystemRevenue, window: Window) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    currency = figures.subject.currency
    _row(text, "gross", f"{amount(figures.gross)} {currency}", style="bold")
    _row(text, "net", f"{amount(figures.net)} {currency}")
    _row(text, "units sold", f"{figures.units:,}")
    _days(text, figures.days, window)
    return text


def store_body(figures: StoreRevenue, window: Window) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    _row(text, "revenue", f"{amount(figures.amount)} {figures.subject.currency}", style="bold")
    _days(text, figures.days, window)
    return text


def channel_body(figures: ChannelCost) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    _row(text, "cost", f"{amount(figures.cost)} USD", style="bold")
    _row(text, "tokens", f"{figures.tokens:,}")
    _row(text, "runs", f"{figures.runs:,}")
    return text


def tile_body(figures: TileFigures, window: Window) -> Text:
    if isinstance(figures, AdsFigures):
        return ads_body(figures)
    if isinstance(figures, SystemRevenue):
        return system_body(figures, window)
    if isinstance(figures, StoreRevenue):
        return store_body(figures, window)
    return channel_body(figures)


def tile_title(figures: TileFigures) -> str:
    return figures.subject.label


def tile_subtitle(figures: TileFigures) -> str:
    """Where the figures come from, or the ads target (and a campaign's status)."""
    if isinstance(figures, AdsFigures):
        target = f"target {ratio(figures.figure.target_roas)}"
        if figures.status not in (None, "active"):
            return f"{figures.status} · {target}"
        return target
    if isinstance(figures, SystemRevenue):
        return "metrics_daily"
    if isinstance(figures, StoreRevenue):
        return "DashboardFact"
    return "channel_costs"


def plot_title(subject: Subject, window: Window, target: Decimal | None) -> str:
    """The line above the plot: what it shows, for whom, over which days."""
    days = f"{window.days} days to {window.last_day:%b %d}"
    if subject.kind.is_ads:
        aim = f" · target {ratio(target)} ──" if target is not None else ""
        return f"Daily ROAS and spend · {subject.label} · {days}{aim}"
    what = "cost" if subject.kind is SubjectKind.CHANNEL else "revenue"
    return f"Daily {what} ({subject.currency}) · {subject.label} · {days}"
