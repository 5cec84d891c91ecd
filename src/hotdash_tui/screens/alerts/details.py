"""`enter` on an alert: the alert and its competitor, a plot of the competitor's price and BSR
over the last 90 days, and beside it our affected listings with their own current prices.
`v` / `x` / `d` act on the alert from here.

The plot keeps apart its series by marker as well as by color (price ``*``, BSR ``+``, our
price ``-``), so it reads under NO_COLOR; BSR has its own axis on the right (a rank, where
lower is better, on a scale unrelated to money)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from hotdash_tui.db.alerts import HISTORY_DAYS, Action, AffectedListing, AlertDetails
from hotdash_tui.formatting import day_label, relative, when
from hotdash_tui.screens.alerts.rows import change_label, severity_label
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.matrix_plot import MatrixPlot

NO_HISTORY = f"No price history in the last {HISTORY_DAYS} days."
DATE_TICKS = 4  # day labels under the plot: at most as many as fit its width at 80 columns


def money(value: Decimal | None, currency: str | None = "GBP") -> str:
    if value is None:
        return "-"
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency or "", "")
    return f"{symbol}{value:,.2f}" if symbol else f"{value:,.2f} {currency}"


def head_text(details: AlertDetails, now: datetime) -> Text:
    """The alert and its competitor in five lines; a long title is cut at the edge."""
    item = details.item
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(severity_label(item.severity, short=False), style="bold")
    out.append(f"  {item.alert_type}  {change_label(item)}\n")
    out.append(f"{item.status}", style="bold")
    out.append(f", raised {when(now, item.created_at)} ({relative(now, item.created_at)})")
    if item.actioned_by:
        done = f" at {when(now, item.actioned_at)}" if item.actioned_at else ""
        out.append(f"; {item.status} by {item.actioned_by}{done}")
    if item.action_taken:
        out.append(f": {item.action_taken}")
    out.append("\n")
    out.append(f"{item.competitor_asin} ", style="bold")
    out.append(f"{item.competitor_title or '?'}\n")
    seller = details.seller_name or "?"
    if details.is_amazon_seller:
        seller += " (Amazon)"
    rating = f"{details.rating}★ ({details.review_count or 0})" if details.rating else "no rating"
    out.append(f"{item.competitor_brand or '?'} · sold by {seller} · {rating}\n")
    out.append(f"price {money(details.current_price)} · buy box {money(details.buy_box_price)}")
    out.append(f" · BSR {details.current_bsr or '-'} · threat {details.threat_score or '-'}")
    return out


LISTINGS_WIDTH = 28  # the panel is 30 wide with its padding; lines are cut, never wrapped


def _ours_vs_theirs(listing: AffectedListing, theirs: Decimal | None) -> str:
    ours = listing.sale_price or listing.price
    if ours is None or not theirs:
        return ""
    return f" {(ours - theirs) / theirs * 100:+.0f}%"


def _cut(text: str, width: int = LISTINGS_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def listings_text(details: AlertDetails) -> Text:
    """Our affected listings: ASIN, our price (the sale price when there is one) against the
    competitor's current price, the buy box, and the title."""
    item = details.item
    out = Text()
    out.append(f"Our listings ({item.affected_count})\n", style="bold underline")
    out.append(_cut(f"% vs their {money(details.current_price)}") + "\n", style="dim")
    if not details.listings:
        out.append("none recorded\n")
    for listing in details.listings:
        price = money(listing.sale_price or listing.price, listing.currency)
        out.append(f"{listing.asin} ", style="bold")
        out.append(f"{price}{_ours_vs_theirs(listing, details.current_price)}\n")
        box = "held" if listing.has_buy_box else money(listing.buy_box_price, listing.currency)
        out.append(f" buy box {box}\n", style="")
        out.append(_cut(f" {listing.title}") + "\n", style="dim")
    hidden = item.affected_count - len(details.listings)
    if hidden > 0:
        out.append(f"and {hidden} more\n")
    return out


def draw_history(plot: MatrixPlot, details: AlertDetails) -> None:
    """Price (left axis) and BSR (right axis) per day, with our first listing's price as a
    flat line on the price axis."""
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    points = [p for p in details.history if p.price is not None or p.bsr is not None]
    if not points:
        plt.title(NO_HISTORY)
        plot.refresh_figure()
        return
    # Days as positions, labelled as every screen writes a day (plotext's own date axis
    # knows only numeric forms).
    days = [float(n) for n in range(len(points))]
    prices = [(d, float(p.price)) for d, p in zip(days, points, strict=True) if p.price is not None]
    ranks = [(d, p.bsr) for d, p in zip(days, points, strict=True) if p.bsr is not None]
    if prices:
        plt.plot(*zip(*prices, strict=True), marker="*", color="cyan", label="price")
    ours = next((x for x in details.listings if x.price is not None), None)
    if ours is not None and prices:
        level = float(ours.sale_price or ours.price or 0)
        plt.plot(days, [level] * len(days), marker="-", color="green", label=f"ours {ours.asin}")
    if ranks:
        plt.plot(*zip(*ranks, strict=True), marker="+", color="magenta", label="BSR", yside="right")
    step = max(1, len(points) // DATE_TICKS)
    plt.xticks(days[::step], [day_label(p.day) for p in points[::step]])
    plt.title(f"{details.item.competitor_asin}, last {HISTORY_DAYS} days")
    plot.refresh_figure()


class AlertDetailsScreen(ModalScreen[Action | None]):
    """Dismisses with the action chosen here (v, x or d), else None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss_details", "Close", id="alert_details.close"),
        Binding("q", "app.quit", "Quit", show=False, id="alert_details.quit"),
        Binding("v", "choose('view')", "Viewed", id="alert_details.view"),
        Binding("x", "choose('action')", "Actioned", id="alert_details.action"),
        Binding("d", "choose('dismiss')", "Dismiss", id="alert_details.dismiss"),
    ]

    def __init__(self, details: AlertDetails, now: datetime) -> None:
        super().__init__()
        self.details = details
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="alert-details-box"):
            yield Static(head_text(self.details, self.now), id="alert-details-head")
            with Horizontal(id="alert-details-body"):
                yield MatrixPlot(id="alert-plot")
                yield Static(listings_text(self.details), id="alert-listings")
        yield KeyBar()

    def on_mount(self) -> None:
        draw_history(self.query_one(MatrixPlot), self.details)

    def action_dismiss_details(self) -> None:
        self.dismiss(None)

    def action_choose(self, action: Action) -> None:
        self.dismiss(action)
