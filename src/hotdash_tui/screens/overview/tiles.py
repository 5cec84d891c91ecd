"""What each overview tile says, as Rich text that reads the same with and without color.

Severity and target misses are marked with words and symbols, not only with color, so the
overview works under ``NO_COLOR`` and on monochrome terminals.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from rich.text import Text

from hotdash_tui.db.overview import Overview, RoasFigure

SEVERITY_MARKS = {"critical": "!!!", "high": "!! ", "medium": "!  ", "low": "   "}
SEVERITY_STYLES = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
# A tile is 22 cells wide inside at 80x24 (three tiles, borders and padding); every line
# is laid out to fit that, so nothing wraps on the smallest supported terminal.
LABEL_WIDTH = 15


def humanize_age(then: datetime | None, now: datetime) -> str:
    """``5m``, ``3h``, ``2d``: how long something has waited."""
    if then is None:
        return "-"
    seconds = max((now - then) / timedelta(seconds=1), 0)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def money(cents: int) -> str:
    """Whole units with thousands separators; tiles have no room for cents."""
    return f"{cents / 100:,.0f}"


def _row(text: Text, label: str, value: str, style: str = "", width: int = LABEL_WIDTH) -> None:
    text.append(f"{label[:width]:<{width}}", style=style)
    text.append(f"{value:>6}\n", style=style or "bold")


def approvals_tile(overview: Overview) -> Text:
    text = Text()
    text.append(f"{overview.pending_total} pending\n", style="bold")
    for source in overview.approvals:
        age = humanize_age(source.oldest, overview.now)
        text.append(f"{source.source:<8}{source.pending:>5}  {age:>3} old\n")
    return text


def board_tile(overview: Overview) -> Text:
    text = Text()
    for stage in overview.stages:
        style = "dim" if stage.is_terminal else ""
        _row(text, stage.stage, str(stage.tasks), style)
    overdue = sum(s.overdue for s in overview.stages)
    if overdue:
        text.append(f"{overdue} overdue", style="bold reverse")
    return text


def alerts_tile(overview: Overview) -> Text:
    text = Text()
    counts = {s.severity: s for s in overview.new_alerts}
    for severity, mark in SEVERITY_MARKS.items():
        count = counts.get(severity)
        style = SEVERITY_STYLES[severity] if count else "dim"
        text.append(f"{mark} ", style=style)
        _row(text, severity.upper(), count.label if count else "0", style, width=11)
    return text


def margins_tile(overview: Overview) -> Text:
    text = Text()
    style = "bold reverse" if overview.below_floor else "bold"
    text.append(f"{overview.below_floor}", style=style)
    text.append(f" of {overview.priced_listings} listings\nbelow their own\nmargin floor\n")
    return text


def runs_tile(overview: Overview) -> Text:
    text = Text()
    style = "bold reverse" if overview.failed_total else "bold"
    text.append(f"{overview.failed_total} failed", style=style)
    text.append(" in 24h\n")
    for source in overview.failed_runs:
        _row(text, source.source, str(source.failed))
    return text


def _ratio(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


ROAS_MARKS: dict[bool | None, tuple[str, str]] = {
    True: ("▲", "green"),
    False: ("▼", "bold red"),
    None: (" ", ""),
}
"""The mark and style of a ROAS verdict (``RoasFigure.meets_target``): the mark alone
tells met from missed without color."""


PLATFORM_WIDTH = 9
"""The longest platform name of seed 004 (pinterest, microsoft) stays whole; with two ratios
and the verdict's mark a line is 22 wide, the inside of a tile at 80 columns."""


def _roas_line(text: Text, figure: RoasFigure) -> None:
    name = figure.platform or "all"
    mark, style = ROAS_MARKS[figure.meets_target]
    text.append(f"{name[:PLATFORM_WIDTH]:<{PLATFORM_WIDTH}}{_ratio(figure.roas):>6}")
    text.append(mark, style=style)
    text.append(f"{_ratio(figure.target_roas):>6}\n", style="dim")


def roas_tile(overview: Overview) -> Text:
    text = Text()
    total = overview.roas_total
    if total is None:
        text.append(f"no ad spend in {overview.roas_days} days\n", style="dim")
        return text
    text.append(f"{'spend':<8}{money(total.spend_cents):>14}\n")
    text.append(f"{'revenue':<8}{money(total.revenue_cents):>14}\n")
    text.append(f"{'':<{PLATFORM_WIDTH}}{'roas':>6} {'target':>6}\n", style="dim")
    for figure in overview.roas:
        _roas_line(text, figure)
    return text


def stock_tile(overview: Overview) -> Text:
    """Positions counted once per risk they have (one may be out and at its reorder point)."""
    text = Text()
    counts = overview.stock
    if counts is None or not counts.positions:
        text.append("no recent snapshots\n", style="dim")
        return text
    for label, value in (
        ("out before lead", counts.out),
        ("at reorder pt", counts.reorder),
        ("under 2 weeks", counts.low),
    ):
        _row(text, label, str(value), "bold reverse" if value and label.startswith("out") else "")
    return text


def errors_tile(overview: Overview) -> Text:
    text = Text()
    style = "bold reverse" if overview.errors_total else "bold"
    text.append(f"{overview.errors_total} in 24h", style=style)
    fatal = sum(e.lines for e in overview.errors if e.level == "FATAL")
    text.append(f", {fatal} fatal\n" if fatal else "\n")
    by_service: dict[str, int] = {}
    for error in overview.errors:
        by_service[error.service] = by_service.get(error.service, 0) + error.lines
    for service, lines in sorted(by_service.items(), key=lambda kv: (-kv[1], kv[0]))[:3]:
        _row(text, service, str(lines))
    return text


def refused_tile(reason: str) -> Text:
    """A tile the role may not read: the server's reason, e.g. ``permission denied for
    table approvals_queue``, which names the grant a DBA would give."""
    text = Text()
    text.append("no access\n", style="bold reverse")
    text.append(reason, style="dim")
    return text
