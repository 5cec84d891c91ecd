"""``hotdash runs``: every run log (key 5) as records."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy

from hotdash_tui.cli.output import Record
from hotdash_tui.cli.records import Cut, Listing, paged
from hotdash_tui.db.runs import RunFilter, load_runs
from hotdash_tui.db.runs.model import COUNT_CAP, RunCursor, RunLine
from hotdash_tui.db.runs.read import count_runs

RUN_FIELDS = (
    "id", "source", "run_ref", "at", "name", "status", "attempts", "max_attempts",
    "duration_ms", "cost_usd", "tokens", "error",
)  # fmt: skip


def run_id(line: RunLine) -> str:
    return f"{line.key.source}:{line.key.id}"


def read_runs(
    engine: sqlalchemy.Engine, spec: RunFilter, now: datetime, limit: int | None
) -> Listing:
    def load(after: RunCursor | None, size: int) -> tuple[list[Record], RunCursor | None]:
        window = load_runs(engine, spec, now, after=after, limit=size)
        return [_record(r) for r in window.lines], window.next_cursor

    cut = Cut(count=lambda: count_runs(engine, spec, now), cap=COUNT_CAP)
    # The id first, so a narrow terminal keeps what `hotdash runs retry` takes.
    columns = {"id": "id", "at": "at", "status": "status", "name": "stage"}
    columns |= {"attempts": "att", "duration_ms": "ms", "error": "error"}
    return Listing(RUN_FIELDS, columns, paged(load, limit, cut), cut, ("error",))


def _record(r: RunLine) -> Record:
    return {
        "id": run_id(r),
        "source": r.source,
        "run_ref": r.run_ref,
        "at": r.at,
        "name": r.name,
        "status": r.status,
        "attempts": r.attempts,
        "max_attempts": r.max_attempts,
        "duration_ms": r.duration_ms,
        "cost_usd": r.cost_usd,
        "tokens": r.tokens,
        "error": r.error,
    }
