"""Reading the run log: keyset windows over the four sources and a capped count."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row

from hotdash_tui.db.engine import Readable, connected
from hotdash_tui.db.runs.model import (
    COUNT_CAP,
    SOURCES,
    RunCursor,
    RunFilter,
    RunLine,
    RunWindow,
    Source,
)
from hotdash_tui.db.sql import contains_pattern, run

_MIN_UUID = uuid.UUID(int=0)
_MIN_TEXT = ""  # no text sorts before the empty string, in any collation
_TOP = datetime.max.replace(tzinfo=UTC)
_TICK = timedelta(microseconds=1)  # timestamptz's resolution
_PREFIX = {"pipeline": "p", "jobs": "j", "system": "s", "agents": "a", "tasks": "t"}


def _min_key(source: Source) -> uuid.UUID | str:
    return _MIN_TEXT if source == "jobs" else _MIN_UUID


def source_bounds(after: RunCursor | None) -> dict[str, Any]:
    """Each source's keyset bound ``(at, id)``: its rows strictly below it come next.

    The merged order is time, then source rank, then id (newest, highest first). For the
    cursor's own source that is its (at, id). A source ranked after it still owes its rows of
    the cursor's very time, so its bound is one tick later with the smallest id (= at <= t);
    a source ranked before it has shown them, so its bound is the time itself (= at < t)."""
    params: dict[str, Any] = {}
    for source in SOURCES:
        if after is None:
            at, key = _TOP, _min_key(source)
        elif source == after.source:
            at = after.at
            key = after.key_text if source == "jobs" else after.key_uuid  # type: ignore[assignment]
        elif SOURCES.index(source) > SOURCES.index(after.source):
            at, key = after.at + _TICK, _min_key(source)
        else:
            at, key = after.at, _min_key(source)
        params[f"{_PREFIX[source]}_at"] = at
        params[f"{_PREFIX[source]}_id"] = key
    return params


def filter_params(spec: RunFilter, now: datetime) -> dict[str, Any]:
    params: dict[str, Any] = {f"with_{source}": spec.wants(source) for source in SOURCES}
    return params | {
        "since": spec.since_moment(now),
        "stage": spec.stage,
        "pattern": contains_pattern(spec.text) if spec.text else None,
        "status": spec.status,
    }


def is_plain(spec: RunFilter) -> bool:
    """No status:, stage: or text: the ``_plain`` statements apply (see sql/runs.sql)."""
    return spec.status is None and spec.stage is None and not spec.text


def line_of(row: Row[Any]) -> RunLine:
    return RunLine(
        source=row.source,
        key_uuid=row.key_uuid,
        key_text=row.key_text,
        run_ref=row.run_ref or "",
        at=row.at,
        name=row.name or "",
        status=row.status or "unknown",
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        duration_ms=None if row.duration_ms is None else int(row.duration_ms),
        cost_usd=row.cost_usd,
        tokens=None if row.tokens is None else int(row.tokens),
        error=row.error,
    )


def load_runs(
    engine: Readable,
    spec: RunFilter,
    now: datetime,
    *,
    after: RunCursor | None = None,
    limit: int = 100,
) -> RunWindow:
    """The next ``limit`` lines of the log after ``after`` (from the newest when None)."""
    params = filter_params(spec, now) | source_bounds(after) | {"limit": limit}
    with connected(engine) as conn:
        if is_plain(spec):
            rows = run(conn, "runs_window_plain", params).all()
        else:
            rows = run(conn, "runs_window", params).all()  # planned per value (sql/runs.sql)
    lines = tuple(line_of(row) for row in rows)
    if len(lines) < limit:
        return RunWindow(lines, None)
    last = lines[-1]
    return RunWindow(lines, RunCursor(last.at, last.source, last.key_uuid, last.key_text))


def count_runs(engine: Readable, spec: RunFilter, now: datetime, cap: int = COUNT_CAP) -> int:
    """How many lines the log has, stopping past ``cap`` (show ``cap + 1`` as "cap+")."""
    params = filter_params(spec, now) | {"cap": cap + 1}
    with connected(engine) as conn:
        if is_plain(spec):
            total = int(run(conn, "runs_count_plain", params).scalar_one())
        else:
            total = int(run(conn, "runs_count", params).scalar_one())
    return min(total, cap + 1)


def describe_count(total: int, cap: int = COUNT_CAP) -> str:
    return f"{cap}+" if total > cap else str(total)
