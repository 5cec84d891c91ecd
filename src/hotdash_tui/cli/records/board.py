"""``hotdash board``: the task board (key 2) as records, stage by stage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import sqlalchemy

from hotdash_tui.cli.output import Record
from hotdash_tui.cli.records import Cut, Listing, Window, paged
from hotdash_tui.db.board.read import (
    BoardFilter,
    ColumnCursor,
    Stage,
    TaskCard,
    count_label,
    load_stages,
    read_column,
    read_counts,
    read_first_windows,
)
from hotdash_tui.db.engine import reading
from hotdash_tui.db.errors import HotdashError

BOARD_FIELDS = (
    "id", "stage", "title", "type", "priority", "due_date", "overdue", "completed_at", "asin",
    "listing_count", "tags", "updated_at",
)  # fmt: skip


class UnknownStage(HotdashError):
    """``--stage`` names no stage of the board; the message lists the ones there are."""


def read_board(
    engine: sqlalchemy.Engine,
    spec: BoardFilter,
    stage_names: frozenset[str] | None,
    now: datetime,
    limit: int | None,
) -> Listing:
    """The first ``limit`` cards of each stage (or of the named ones; every card with None),
    in board order, read in one consistent snapshot as the screen does."""
    cut = Cut()
    # Piped, every line says its stage; a terminal titles each stage's table instead.
    columns = {"id": "id", "stage": "stage", "type": "type", "priority": "prio"}
    columns |= {"due_date": "due", "overdue": "overdue", "asin": "asin", "title": "title"}
    windows = _stages(engine, spec, stage_names, now, limit, cut)
    return Listing(BOARD_FIELDS, columns, windows, cut, ("title",), titled="stage")


def _stages(
    engine: sqlalchemy.Engine,
    spec: BoardFilter,
    stage_names: frozenset[str] | None,
    now: datetime,
    limit: int | None,
    cut: Cut,
) -> Iterator[Window]:
    with reading(engine, repeatable=True) as conn:
        stages = load_stages(conn)
        unknown = (stage_names or frozenset()) - {stage.name.lower() for stage in stages}
        if unknown:
            names = ", ".join(stage.name for stage in stages)
            raise UnknownStage(f'There is no stage "{min(unknown)}"; the stages are {names}')
        counts = read_counts(conn, spec)
        shown = [s for s in stages if stage_names is None or s.name.lower() in stage_names]
        cut.count = lambda: sum(counts.get(s.id, 0) for s in shown)
        if spec.is_empty and limit is not None:
            # Every column's window in one statement, as the screen opens the board.
            pages = read_first_windows(conn, tuple(shown), {s.id: limit for s in shown})
            for stage in shown:
                page = pages[stage.id]
                cut.more = cut.more or page.next_cursor is not None
                records = [card_record(c, stage.name, now) for c in page.cards]
                yield Window(records, f"{stage.name} ({count_label(counts.get(stage.id, 0))})")
            return
        for stage in shown:
            matches = counts.get(stage.id, 0)
            load = _column(conn, stage, spec, matches, now)
            yield from paged(load, limit, cut, f"{stage.name} ({count_label(matches)})")


def _column(
    conn: sqlalchemy.Connection, stage: Stage, spec: BoardFilter, matches: int, now: datetime
) -> Callable[[ColumnCursor | None, int], tuple[list[Record], ColumnCursor | None]]:
    def load(after: ColumnCursor | None, size: int) -> tuple[list[Record], ColumnCursor | None]:
        page = read_column(conn, stage.id, spec, after=after, limit=size, matches=matches)
        return [card_record(c, stage.name, now) for c in page.cards], page.next_cursor

    return load


def card_record(c: TaskCard, stage: str, now: datetime) -> Record:
    return {
        "id": c.id,
        "stage": stage,
        "title": c.title,
        "type": c.task_type,
        "priority": c.priority,
        "due_date": c.due_date,
        "overdue": c.is_overdue(now.date()),
        "completed_at": c.completed_at,
        "asin": c.asin,
        "listing_count": c.listing_count,
        "tags": c.tags,
        "updated_at": c.updated_at,
    }
