"""`enter` on a stock position: the SKU's stock over the last 90 days at each location (a
plot, one line per location, the reorder point as a rule), then its figures and suppliers."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from hotdash_tui.db.stock.model import RISK_WORDS, StockDetails
from hotdash_tui.formatting import day_label
from hotdash_tui.screens.modal import DetailsModal
from hotdash_tui.screens.stock.rows import number
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.matrix_plot import MatrixPlot

MARKERS = ("hd", "·", "+", "x")  # one per location, so lines are told apart without color
TICKS = 6


class StockPlot(MatrixPlot):
    details: StockDetails | None = None

    def has_figure(self) -> bool:
        return self.details is not None and bool(self.details.history)

    def show(self, details: StockDetails) -> None:
        self.details = details
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        days = sorted({d.day for d in details.history})
        place = {day: float(n) for n, day in enumerate(days)}
        locations = sorted({d.location for d in details.history})
        for n, location in enumerate(locations):
            points = [d for d in details.history if d.location == location]
            plt.plot(
                [place[d.day] for d in points],
                [float(d.on_hand) for d in points],
                marker=MARKERS[n % len(MARKERS)],
                label=location,
            )
        reorder = details.position.reorder_point
        if reorder is not None:
            plt.hline(float(reorder), color="red")
        step = max(1, len(days) // TICKS)
        xs = [place[d] for d in days]
        plt.xticks(xs[::step], [day_label(d) for d in days[::step]])
        self.refresh_figure()


def facts_text(details: StockDetails) -> Text:
    p = details.position
    out = Text()
    out.append(f"{p.sku} at {p.location}: ", style="bold")
    out.append(", ".join(RISK_WORDS[r] for r in p.risks) + "\n")
    out.append(
        f"On hand {number(p.on_hand)} ({number(p.available)} available, {number(p.reserved)}"
        f" reserved, {number(p.inbound)} inbound) on {day_label(p.snapshot_date)}; selling"
        f" {number(p.avg_daily_sales)} a day: {number(p.days_of_supply)} days"
        f" ({number(p.weeks_of_supply)} weeks) of supply.\n"
    )
    out.append(
        f"Reorder point {number(p.reorder_point)} (order {number(p.reorder_quantity)}, safety"
        f" stock {number(p.safety_stock)}); lead time {number(p.lead_time_days)} days"
        f" from {p.supplier or 'an unknown supplier'}.\n"
    )
    if p.reorder_point is not None:
        out.append("The plot's rule is the reorder point.\n", style="dim")
    out.append("\nSuppliers\n", style="bold underline")
    if not details.suppliers:
        out.append("None recorded for this SKU.\n")
    for line in details.suppliers:
        lead = "-" if line.lead_time_days is None else f"{line.lead_time_days} days"
        spread = "" if line.stddev_days is None else f" ± {line.stddev_days}"
        what = f" for {line.component}" if line.component else " (this SKU's own lead time)"
        out.append(f"{line.supplier}{what}: {lead}{spread}")
        contact = ", ".join(x for x in (line.country, line.payment_terms, line.email) if x)
        out.append(f"; {contact}\n" if contact else "\n")
    return out


class StockDetailsScreen(DetailsModal[None]):
    BOX_ID = "stock-details-box"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="stock_details.close"),
        Binding("q", "app.quit", "Quit", show=False, id="stock_details.quit"),
        Binding("j", "scroll('down')", "Down", show=False, id="stock_details.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="stock_details.up"),
    ]

    def __init__(self, details: StockDetails) -> None:
        super().__init__()
        self.details = details

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stock-details-box"):
            yield StockPlot(id="stock-plot")
            yield Static(facts_text(self.details), id="stock-details-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(StockPlot).show(self.details)
