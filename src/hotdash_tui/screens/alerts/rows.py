"""How one competitor alert reads as a table row, and how wide each column is.

Severity reads without color: ``!!!`` critical, ``!!`` high, ``!`` medium (the overview
tile's marks) followed by the word. The change puts the percent first, so a narrow column
still shows how big the move was. Cells are Text, cut to their column with one space after
(the table runs without cell padding, as the approvals table does)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from rich.text import Text

from hotdash_tui.db.alerts import AlertItem
from hotdash_tui.formatting import age
from hotdash_tui.screens.overview.tiles import SEVERITY_MARKS, SEVERITY_STYLES
from hotdash_tui.widgets.columns import Column, fit

MARK = "*"
IN_FLIGHT = "…"  # a change of this row is on its way
SHORT_SEVERITY = {"critical": "crit", "high": "high", "medium": "med", "low": "low"}
WIDE = 110  # from this width the competitor's brand and the first affected ASIN show


def columns_for(width: int) -> tuple[Column, ...]:
    """The columns at a terminal ``width``; the change (and when wide, the competitor's
    name) share what is left."""
    wide = width >= WIDE
    fixed = (
        Column("mark", "", 2),
        Column("severity", "severity", 13 if wide else 9),
        Column("type", "type", 15),
        Column("affected", "affects", 14) if wide else Column("affected", "aff", 4),
        Column("status", "status", 10 if wide else 9),
        Column("age", "age", 5),
    )
    # 2 for the vertical scrollbar, so the last column is never cut by it.
    rest = max(20 if wide else 30, width - sum(c.width for c in fixed) - 2)
    competitor = rest * 11 // 20 if wide else 11
    change = Column("change", "change", rest - competitor)
    mark, severity, kind, affected, status, when = fixed
    return (
        mark,
        severity,
        kind,
        Column("competitor", "competitor", competitor),
        change,
        affected,
        status,
        when,
    )


def severity_label(severity: str, *, short: bool) -> str:
    mark = SEVERITY_MARKS.get(severity, "   ")
    word = SHORT_SEVERITY.get(severity, severity) if short else severity
    return f"{mark} {word or '?'}"


def percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value:+.1f}%"


def change_label(item: AlertItem) -> str:
    """``-23.8% £46.59→£35.49``; a value alone when there is no previous one."""
    values = " ".join(v for v in (item.previous_value, item.new_value) if v is not None)
    if item.previous_value is not None and item.new_value is not None:
        values = f"{item.previous_value}→{item.new_value}"
    return " ".join(p for p in (percent(item.change_pct), values) if p).replace("\n", " ")


def competitor_label(item: AlertItem, *, wide: bool) -> str:
    if not wide:
        return item.competitor_asin
    name = " ".join(p for p in (item.competitor_brand, item.competitor_title) if p)
    if item.competitor_brand and item.competitor_title:
        # Seed titles start with the brand; say it once.
        name = item.competitor_title
        if not name.startswith(item.competitor_brand):
            name = f"{item.competitor_brand} {name}"
    return f"{item.competitor_asin} {name}".strip()


def affected_label(item: AlertItem, *, wide: bool) -> str:
    if not wide or item.first_affected_asin is None:
        return str(item.affected_count)
    more = item.affected_count - 1
    return item.first_affected_asin + (f" +{more}" if more > 0 else "")


def cells(
    item: AlertItem,
    columns: tuple[Column, ...],
    now: datetime,
    *,
    marked: bool,
    in_flight: bool,
) -> list[Text]:
    wide = any(c.key == "severity" and c.width > 9 for c in columns)
    values = {
        "mark": MARK if marked else "",
        "severity": severity_label(item.severity, short=not wide),
        "type": item.alert_type,
        "competitor": competitor_label(item, wide=wide),
        "change": change_label(item),
        "affected": affected_label(item, wide=wide),
        "status": IN_FLIGHT if in_flight else item.status,
        "age": age(now, item.created_at),
    }
    styles = {"severity": SEVERITY_STYLES.get(item.severity, "")}
    if item.status == "new":
        styles["status"] = "bold"
    return [fit(values[c.key], c.width, styles.get(c.key, "")) for c in columns]
