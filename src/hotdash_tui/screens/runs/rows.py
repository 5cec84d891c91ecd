"""How one run record reads as a table row, and how wide each column is at a terminal width.

Cells are cut to their column here (the table runs without cell padding), as on the approvals
screen. The status is a word, so it reads without color; a failure is also bold."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from hotdash_tui.db.runs import RunLine, millis
from hotdash_tui.formatting import age
from hotdash_tui.widgets.columns import Column, fit

SOURCE_LABELS = {
    "pipeline": "pipe", "jobs": "bot", "system": "sys", "agents": "agent", "tasks": "task",
}  # fmt: skip
_LOUD = frozenset({"failure"})  # bold, besides its word


def columns_for(width: int) -> tuple[Column, ...]:
    """The columns at a terminal ``width``: cost and tokens from 110 columns on; the error
    takes what is left."""
    wide = width >= 110
    fixed = [
        Column("when", "age", 5),
        Column("source", "src", 6),
        Column("run", "run", 14 if wide else 10),
        Column("name", "stage", 16 if wide else 11),
        Column("status", "status", 10),
        Column("attempts", "att", 4 if not wide else 5),
        Column("duration", "time", 8),
    ]
    if wide:
        fixed += [Column("cost", "cost", 9), Column("tokens", "tokens", 8)]
    # 2 for the vertical scrollbar, so the last column is never cut by it.
    rest = max(10, width - sum(c.width for c in fixed) - 2)
    return (*fixed, Column("error", "error", rest))


def short_run(line: RunLine, room: int) -> str:
    """A UUID by its first 8 digits; a run id by its end, which is what tells runs apart."""
    ref = line.run_ref
    if line.source in {"system", "agents", "tasks"}:
        return ref[:8]
    return ref if len(ref) <= room else "…" + ref[-(room - 1) :]


def attempts_text(line: RunLine) -> str:
    if line.attempts is None:
        return "-"
    if line.max_attempts is not None:
        return f"{line.attempts}/{line.max_attempts}"
    return str(line.attempts)


def duration_text(ms: int | None) -> str:
    return "-" if ms is None else millis(ms).replace(" ", "")


def cells(line: RunLine, columns: tuple[Column, ...], now: datetime) -> list[Text]:
    values = {
        "when": age(now, line.at),
        "source": SOURCE_LABELS[line.source],
        "name": line.name,
        "status": line.status,
        "attempts": attempts_text(line),
        "duration": duration_text(line.duration_ms),
        "cost": "-" if line.cost_usd is None else f"${line.cost_usd:.3f}",
        "tokens": "-" if line.tokens is None else f"{line.tokens:,}",
        "error": (line.error or "").replace("\n", " "),
    }
    row = []
    for column in columns:
        if column.key == "run":
            row.append(fit(short_run(line, column.width - 1), column.width))
        elif column.key == "status" and line.status in _LOUD:
            row.append(fit(line.status, column.width, "bold"))
        else:
            row.append(fit(values[column.key], column.width))
    return row
