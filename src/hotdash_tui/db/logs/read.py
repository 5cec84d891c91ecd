"""Reading the error log: keyset windows newest first, a capped count, and one line's trace."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy
from sqlalchemy import Row

from hotdash_tui.db.engine import Readable, connected, reading
from hotdash_tui.db.logs.model import COUNT_CAP, LogCursor, LogFilter, LogLine, LogWindow
from hotdash_tui.db.sql import contains_pattern, run

_TOP = LogCursor(datetime.max.replace(tzinfo=UTC), 2**63 - 1)


def _params(spec: LogFilter, now: datetime) -> dict[str, Any]:
    return {
        "levels": spec.levels,
        "service": spec.service,
        "since": spec.since_moment(now),
        "pattern": contains_pattern(spec.text) if spec.text else None,
    }


def line_of(row: Row[Any]) -> LogLine:
    return LogLine(
        id=int(row.id),
        level=row.level,
        service=row.service,
        message=row.message,
        context=getattr(row, "context", None),
        trace_id=getattr(row, "trace_id", None),
        at=row.created_at,
    )


def _window(
    conn: sqlalchemy.Connection, params: dict[str, Any], after: LogCursor | None, limit: int
) -> LogWindow:
    bound = after or _TOP
    window_params = params | {"at": bound.at, "id": bound.id, "limit": limit}
    lines = tuple(line_of(row) for row in run(conn, "logs_window", window_params))
    cursor = LogCursor(lines[-1].at, lines[-1].id) if len(lines) == limit else None
    return LogWindow(lines, cursor)


def load_logs(
    engine: Readable,
    spec: LogFilter,
    now: datetime,
    *,
    after: LogCursor | None = None,
    limit: int = 100,
) -> LogWindow:
    """The ``limit`` lines after ``after`` (from the newest when None)."""
    with connected(engine) as conn:
        return _window(conn, _params(spec, now), after, limit)


def count_logs(engine: Readable, spec: LogFilter, now: datetime) -> int:
    """How many lines match, stopping past ``COUNT_CAP`` (shown as "10,000+")."""
    params = _params(spec, now) | {"cap": COUNT_CAP + 1}
    with connected(engine) as conn:
        return int(run(conn, "logs_count", params).scalar_one())


def load_trace(engine: sqlalchemy.Engine, line: LogLine) -> tuple[LogLine, ...]:
    """The other lines of the line's trace, oldest first (at most 50)."""
    if not line.trace_id:
        return ()
    with reading(engine, each_statement=True) as conn:
        rows = run(conn, "logs_trace", {"trace_id": line.trace_id, "id": line.id})
        return tuple(line_of(row) for row in rows)


def describe_count(total: int) -> str:
    return f"{COUNT_CAP:,}+" if total > COUNT_CAP else f"{total:,}"
