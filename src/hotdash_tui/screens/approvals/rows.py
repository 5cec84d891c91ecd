"""How one approval reads as a table row, and how wide each column is at a terminal width.

Every cell is cut to its column here, with one space after it: at 80 columns that leaves
room for the summary and the start of the reason, which two spaces of padding would not."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from hotdash_tui.db.approvals import ApprovalItem
from hotdash_tui.formatting import age
from hotdash_tui.widgets.columns import Column, fit

MARK = "*"
IN_FLIGHT = "…"  # a decision for this row is on its way
SOURCE_LABELS = {"tasks": "task", "agents": "agent"}


def columns_for(width: int) -> tuple[Column, ...]:
    """The table's columns at a terminal ``width``; summary and reason share what is left."""
    kind = 15 if width < 110 else 20
    fixed = (
        Column("mark", "", 2),
        Column("source", "src", 6),
        Column("kind", "type", kind),
        Column("confidence", "conf", 5),
        Column("age", "age", 5),
        Column("status", "status", 10),
    )
    # 2 for the vertical scrollbar, so the last column is never cut by it.
    rest = max(20, width - sum(c.width for c in fixed) - 2)
    summary = rest * 11 // 20
    return (*fixed, Column("summary", "what", summary), Column("reason", "reason", rest - summary))


def cells(
    item: ApprovalItem,
    columns: tuple[Column, ...],
    now: datetime,
    *,
    marked: bool,
    in_flight: bool,
) -> list[Text]:
    """The row of ``item``: mark, source, type, confidence, age, status, summary, reason."""
    values = {
        "mark": MARK if marked else "",
        "source": SOURCE_LABELS[item.source],
        "kind": item.kind,
        "confidence": "-" if item.confidence is None else str(item.confidence),
        "age": age(now, item.requested_at),
        "status": IN_FLIGHT if in_flight else item.shown_status(now),
        "summary": item.summary.replace("\n", " "),
        "reason": (item.reason or "").replace("\n", " "),
    }
    return [fit(values[column.key], column.width) for column in columns]
