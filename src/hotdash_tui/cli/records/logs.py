"""``hotdash logs``: the error log (key 9) as records."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy

from hotdash_tui.cli.output import Record
from hotdash_tui.cli.records import Cut, Listing, paged
from hotdash_tui.db.logs.model import COUNT_CAP, LogCursor, LogFilter
from hotdash_tui.db.logs.read import count_logs, load_logs

LOG_FIELDS = ("id", "level", "service", "message", "trace_id", "context", "logged_at")


def read_logs(
    engine: sqlalchemy.Engine, spec: LogFilter, now: datetime, limit: int | None
) -> Listing:
    """Log lines newest first (the error log's order and filter)."""

    def load(after: LogCursor | None, size: int) -> tuple[list[Record], LogCursor | None]:
        window = load_logs(engine, spec, now, after=after, limit=size)
        records = [
            {
                "id": line.id,
                "level": line.level,
                "service": line.service,
                "message": line.message,
                "trace_id": line.trace_id,
                "context": line.context,
                "logged_at": line.at,
            }
            for line in window.lines
        ]
        return records, window.next_cursor

    cut = Cut(count=lambda: count_logs(engine, spec, now), cap=COUNT_CAP)
    columns = {"id": "id", "logged_at": "logged", "level": "level", "service": "service"}
    columns["message"] = "message"
    return Listing(LOG_FIELDS, columns, paged(load, limit, cut), cut, ("message",))
