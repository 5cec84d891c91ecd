"""The task board's reads: kanban stages, and each column as a keyset window of its cards.

A column never reads its whole stage. It reads ``limit`` cards ordered by rank (the
priority, NULL last) and id, and the next window continues after the last card shown, so a
stage of a million tasks opens as fast as one of fifty. Header counts stop at ``COUNT_CAP``.
Writes live in :mod:`hotdash_tui.db.board.write`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy

from hotdash_tui.db.engine import reading
from hotdash_tui.db.sql import contains_pattern, run
from hotdash_tui.db.together import AS_DATE, AS_TIME, AS_UUID, Part, read_together
from hotdash_tui.filters import FilterSpec, ParsedFilter

TASK_TYPES = ("optimization", "pricing", "competitive", "compliance", "launch", "other")
"""The values seed 001 allows in workflow.tasks.task_type, in its order."""

BOARD_FILTER_SPEC = FilterSpec(
    keys={"type": frozenset(TASK_TYPES), "tag": None, "listing": None},
    examples={"tag": "seasonal", "listing": "B0ABCDEFGH"},
)
"""``/`` on the board: ``type:pricing tag:seasonal listing:B0ABCDEFGH`` plus free text."""

COUNT_CAP = 1_000
"""Header counts stop here and read ``1000+``: a count never walks a whole stage, and a
filtered count stops early enough to stay quick (a cap of ten thousand cost 0.6 s on a
million tasks with a common tag)."""
SPARSE_MATCHES = 500
"""A filtered column with at most this many matches is read by sorting its matches."""

PAGE_SIZE = 40
"""Cards per window; more are read when the cursor nears the end of a column."""

NULL_RANK = Decimal(-1000)
"""The rank of a task without a priority: below anything DECIMAL(5,2) can hold."""

# The keyset position before the first card: above every rank and every id.
_TOP = (Decimal(1000), uuid.UUID(int=(1 << 128) - 1))


@dataclass(frozen=True)
class Stage:
    """A kanban stage, one column of the board."""

    id: uuid.UUID
    name: str
    description: str | None
    color: str | None
    sort_order: int
    is_default: bool
    is_terminal: bool


@dataclass(frozen=True)
class TaskCard:
    """A task as a card shows it; ``updated_at`` is the version an edit is guarded on."""

    id: uuid.UUID
    title: str
    description: str | None
    task_type: str
    priority: Decimal | None
    due_date: date | None
    completed_at: datetime | None
    asin: str | None
    listing_count: int
    tags: tuple[str, ...]
    stage_id: uuid.UUID
    updated_at: datetime

    @property
    def rank(self) -> Decimal:
        return NULL_RANK if self.priority is None else self.priority

    def is_overdue(self, today: date) -> bool:
        """Due before today and not completed."""
        return self.due_date is not None and self.due_date < today and self.completed_at is None


@dataclass(frozen=True)
class ColumnCursor:
    """Where the next window of a column starts: right after this rank and id."""

    rank: Decimal
    id: uuid.UUID

    @classmethod
    def after(cls, card: TaskCard) -> ColumnCursor:
        return cls(card.rank, card.id)


@dataclass(frozen=True)
class ColumnPage:
    """One window of a column; ``next_cursor`` is None when the column has no more cards."""

    stage_id: uuid.UUID
    cards: tuple[TaskCard, ...]
    next_cursor: ColumnCursor | None


@dataclass(frozen=True)
class BoardFilter:
    """The `/` filter of the board; every term is optional."""

    task_type: str | None = None
    tag: str | None = None
    asin: str | None = None
    text: str | None = None

    @classmethod
    def from_parsed(cls, parsed: ParsedFilter) -> BoardFilter:
        asin = parsed.get("listing")
        return cls(
            task_type=parsed.get("type"),
            tag=parsed.get("tag"),
            asin=asin.upper() if asin else None,
            text=parsed.text or None,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.task_type or self.tag or self.asin or self.text)

    @property
    def is_type_only(self) -> bool:
        """Only ``type:``: a window that an index serves in order (see sql/board.sql)."""
        return self.task_type is not None and not (self.tag or self.asin or self.text)

    def params(self) -> dict[str, Any]:
        return {
            "task_type": self.task_type,
            "tag": self.tag,
            "asin": self.asin,
            "pattern": contains_pattern(self.text) if self.text else None,
        }


NO_FILTER = BoardFilter()


@dataclass(frozen=True)
class Board:
    """The stages, the capped card count of each, and the first window of each column."""

    stages: tuple[Stage, ...]
    counts: dict[uuid.UUID, int]
    columns: dict[uuid.UUID, ColumnPage]


def count_label(count: int) -> str:
    """``42``, or ``1000+`` when the count reached the cap."""
    return f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)


def _card(row: Any) -> TaskCard:
    return TaskCard(
        id=row.id,
        title=row.title,
        description=row.description,
        task_type=row.task_type,
        priority=row.priority_score,
        due_date=row.due_date,
        completed_at=row.completed_at,
        asin=row.asin,
        listing_count=int(row.listing_count),
        tags=tuple(row.tags or ()),
        stage_id=row.stage_id,
        updated_at=row.updated_at,
    )


def load_stages(conn: sqlalchemy.Connection) -> tuple[Stage, ...]:
    return tuple(_stage(r) for r in run(conn, "board_stages"))


def _stage(row: Any) -> Stage:
    return Stage(
        id=row.id,
        name=row.name,
        description=row.description,
        color=row.color,
        sort_order=row.sort_order,
        is_default=row.is_default,
        is_terminal=row.is_terminal,
    )


def read_column(
    conn: sqlalchemy.Connection,
    stage_id: uuid.UUID,
    board_filter: BoardFilter = NO_FILTER,
    *,
    after: ColumnCursor | None = None,
    limit: int = PAGE_SIZE,
    matches: int | None = None,
) -> ColumnPage:
    """One window of a column on an open connection (see :func:`load_column`).

    ``matches`` is the stage's capped count under the filter, when known. A tag, listing or
    text term that matches at most ``SPARSE_MATCHES`` cards is read by finding the matches
    first and sorting them; a common one by walking the stage in rank order, where matches
    come soon. Either way the cost follows what is shown, not the size of the stage.
    """
    rank, last_id = (after.rank, after.id) if after else _TOP
    params: dict[str, Any] = {
        "stage_id": stage_id,
        "after_rank": rank,
        "after_id": last_id,
        "limit": limit + 1,  # one more than shown says whether another window follows
    }
    if board_filter.is_empty:
        rows = run(conn, "board_column_window", params).all()
    elif board_filter.is_type_only:
        params |= board_filter.params()
        rows = run(conn, "board_column_window_filtered", params).all()
    else:
        params |= board_filter.params()
        sparse = matches is not None and matches <= SPARSE_MATCHES
        name = "board_column_window_sparse" if sparse else "board_column_window_search"
        rows = run(conn, name, params).all()
    cards = tuple(_card(r) for r in rows[:limit])
    more = len(rows) > limit and cards
    return ColumnPage(stage_id, cards, ColumnCursor.after(cards[-1]) if more else None)


def read_first_windows(
    conn: sqlalchemy.Connection, stages: tuple[Stage, ...], limits: dict[uuid.UUID, int]
) -> dict[uuid.UUID, ColumnPage]:
    """The first window of every column of the unfiltered board, in one statement (the
    same windows as :func:`read_column` from the top); ``limits`` as in :func:`load_board`."""
    sizes = {stage.id: limits.get(stage.id, PAGE_SIZE) for stage in stages}
    rows = run(
        conn,
        "board_windows_every_stage",
        {
            "stage_ids": list(sizes),
            "sizes": [size + 1 for size in sizes.values()],  # one more: is there a next?
            "default_size": 0,  # a stage not among ``stages`` is not read
        },
    ).all()
    return _pages(sizes, rows)


def _pages(sizes: dict[uuid.UUID, int], rows: Sequence[Any]) -> dict[uuid.UUID, ColumnPage]:
    """Each column's page of the first windows' rows: ``sizes[stage] + 1`` read, so that
    a column with one more has a next window."""
    by_stage: dict[uuid.UUID, list[TaskCard]] = {stage_id: [] for stage_id in sizes}
    for row in rows:
        by_stage[row.stage_id].append(_card(row))
    pages = {}
    for stage_id, found in by_stage.items():
        cards = tuple(found[: sizes[stage_id]])
        more = len(found) > sizes[stage_id] and cards
        pages[stage_id] = ColumnPage(
            stage_id, cards, ColumnCursor.after(cards[-1]) if more else None
        )
    return pages


_CARD_TYPES = {
    "id": AS_UUID,
    "stage_id": AS_UUID,
    "due_date": AS_DATE,
    "completed_at": AS_TIME,
    "updated_at": AS_TIME,
}
WHOLE_BOARD = {
    "stages": Part("board_stages", {"id": AS_UUID}),
    "counts": Part("board_stage_counts", {"stage_id": AS_UUID}),
    "cards": Part("board_windows_every_stage", _CARD_TYPES),
}
"""The unfiltered board's reads as one statement (:mod:`~hotdash_tui.db.together`): one
round trip where BEGIN, three statements and the end took five, and one moment for all."""


def _whole_board(engine: sqlalchemy.Engine, limits: dict[uuid.UUID, int]) -> Board:
    params = {
        "cap": COUNT_CAP + 1,
        "stage_ids": list(limits),
        "sizes": [size + 1 for size in limits.values()],  # one more: is there a next?
        "default_size": PAGE_SIZE + 1,
    }
    with reading(engine, each_statement=True) as conn:
        read = read_together(conn, WHOLE_BOARD, params)
    stages = tuple(_stage(row) for row in read["stages"])
    counts = {row.stage_id: int(row.cards) for row in read["counts"]}
    sizes = {stage.id: limits.get(stage.id, PAGE_SIZE) for stage in stages}
    return Board(stages, counts, _pages(sizes, read["cards"]))


def load_column(
    engine: sqlalchemy.Engine,
    stage_id: uuid.UUID,
    board_filter: BoardFilter = NO_FILTER,
    *,
    after: ColumnCursor | None = None,
    limit: int = PAGE_SIZE,
    matches: int | None = None,
) -> ColumnPage:
    """The cards of one stage, best priority first, after ``after`` (or from the top);
    ``matches`` as in :func:`read_column` (the column header's count)."""
    with reading(engine) as conn:
        return read_column(conn, stage_id, board_filter, after=after, limit=limit, matches=matches)


def read_counts(
    conn: sqlalchemy.Connection, board_filter: BoardFilter = NO_FILTER
) -> dict[uuid.UUID, int]:
    """Cards per stage, each at most ``COUNT_CAP + 1`` (shown as ``1000+``)."""
    params: dict[str, Any] = {"cap": COUNT_CAP + 1}
    if board_filter.is_empty:
        rows = run(conn, "board_stage_counts", params)
    else:
        rows = run(conn, "board_stage_counts_filtered", params | board_filter.params())
    return {r.stage_id: int(r.cards) for r in rows}


def load_board(
    engine: sqlalchemy.Engine,
    board_filter: BoardFilter = NO_FILTER,
    *,
    limits: dict[uuid.UUID, int] | None = None,
) -> Board:
    """Stages, counts and the first window of every column, in one consistent read.

    ``limits`` lets a refresh keep as many cards of a column as the user had scrolled
    through (still a bounded window); other columns read ``PAGE_SIZE``.
    """
    limits = limits or {}
    if board_filter.is_empty:
        return _whole_board(engine, limits)
    # REPEATABLE READ: the counts and the windows describe the same moment.
    with reading(engine, repeatable=True) as conn:
        stages = load_stages(conn)
        counts = read_counts(conn, board_filter)
        columns = {
            stage.id: read_column(
                conn,
                stage.id,
                board_filter,
                limit=limits.get(stage.id, PAGE_SIZE),
                matches=counts.get(stage.id, 0),
            )
            for stage in stages
        }
    return Board(stages=stages, counts=counts, columns=columns)
