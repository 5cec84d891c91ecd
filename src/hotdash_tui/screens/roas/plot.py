"""The plot of the selected ROAS tile: daily ROAS and spend, or a daily amount.

Series are told apart without color: ROAS is a solid block line on the left axis, spend a
dotted line on the right axis (the legend marks the sides with L and ⅃), the target a
horizontal rule. Days without spend have no ROAS and are left out of its line.
"""

from __future__ import annotations

from decimal import Decimal

from hotdash_tui.db.roas.model import ADS_CURRENCY, DailySeries, SubjectKind
from hotdash_tui.formatting import day_label
from hotdash_tui.widgets.matrix_plot import MatrixPlot

TARGET_COLOR = "red"
"""The automatic theme draws a rule in the background's color; this one shows, also as the
grey a NO_COLOR terminal turns it into."""

TICKS = 6
"""About this many date labels under the plot, whatever the window."""


class RoasPlot(MatrixPlot):
    """A plotext plot of one :class:`DailySeries`; blank until the first one arrives. A
    screen switch repaints every widget: the series shown is drawn once per size and theme
    (MatrixPlot)."""

    series: DailySeries | None = None
    target: Decimal | None = None

    def has_figure(self) -> bool:
        return self.series is not None

    def show_series(self, series: DailySeries, target: Decimal | None) -> None:
        if self.series is not None and (series, target) == (self.series, self.target):
            return  # read again and the same (reopening the screen): keep the figure
        self.series, self.target = series, target
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        days = [p.day for p in series.ads] or [p.day for p in series.amounts]
        xs = [float(x) for x in range(len(days))]
        if series.subject.kind.is_ads:
            spend = [float(p.spend_cents) / 100 for p in series.ads]
            plt.plot(xs, spend, marker="·", label=f"spend {ADS_CURRENCY}", yside="right")
            days_with_spend = [(x, p.roas) for x, p in zip(xs, series.ads, strict=True)]
            roas = [(x, float(r)) for x, r in days_with_spend if r is not None]
            if roas:
                plt.plot([x for x, _ in roas], [y for _, y in roas], marker="hd", label="ROAS")
            if target is not None:
                plt.hline(float(target), color=TARGET_COLOR)
        else:
            what = "cost" if series.subject.kind is SubjectKind.CHANNEL else "revenue"
            amounts = [float(p.amount) for p in series.amounts]
            plt.plot(xs, amounts, marker="hd", label=f"{what} {series.subject.currency}")
        step = max(1, len(xs) // TICKS)
        plt.xticks(xs[::step], [day_label(d) for d in days[::step]])
        self.refresh_figure()
