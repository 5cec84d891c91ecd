"""What each quick check reads, as records: the screens' own ``hotdash_tui.db`` reads (no query
of their own), in windows, with stable snake_case keys. One module per check, each imported
only by its command, so a check loads the database modules of its own screen and no other's.

A check's rows come as :class:`Window` s read while they are printed: one window of
``--limit`` rows, or with ``--all`` every matching row in keyset windows of ``WINDOW`` rows,
so memory stays flat at any size. A cut output (``--limit``) counts what it left out.

An approval's ``id`` is ``<source>:<uuid>`` (``tasks:…`` for approvals_queue, ``agents:…`` for
AgentApproval): the two sources are separate tables, and the prefix tells ``hotdash approve``
which one to decide without a lookup. A run's ``id`` is ``<source>:<key>`` the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from hotdash_tui.cli.output import Record

WINDOW = 1_000
"""Rows per statement when ``--all`` streams a check."""

MAX_WINDOWS = 10_000_000
"""A bound on any stream (ten billion rows): a cursor that never ends fails, not hangs."""

C = TypeVar("C")


@dataclass(frozen=True)
class Window:
    records: Sequence[Record]
    title: str | None = None  # the board's stage, shown above its table on a terminal


@dataclass
class Cut:
    """Filled in while the windows are read: whether ``--limit`` left rows out, and how to
    count them (asked only when it did)."""

    more: bool = False
    count: Callable[[], int] | None = None
    cap: int | None = None  # a count above this reads "cap+"


@dataclass(frozen=True)
class Listing:
    """One check's output: every field for JSON/CSV, the table's columns, and the rows."""

    fields: tuple[str, ...]
    columns: dict[str, str]  # key -> heading, for the table
    windows: Iterable[Window]
    cut: Cut = field(default_factory=Cut)
    wide: tuple[str, ...] = ()  # table columns that give way on a narrow terminal
    titled: str | None = None  # a column a terminal's titled tables leave out (the board's stage)


class StuckCursor(RuntimeError):
    """A keyset window ended where the one before it did: reading on would repeat it."""


def paged(
    load: Callable[[C | None, int], tuple[Sequence[Record], C | None]],
    limit: int | None,
    cut: Cut,
    title: str | None = None,
) -> Iterator[Window]:
    """``load(after, size)`` gives a window and the cursor after it (None at the end). With a
    ``limit``, one window of that size; with None, windows of ``WINDOW`` until the end."""
    after: C | None = None
    previous: C | None = None  # the cursor the last window ended on
    for _ in range(MAX_WINDOWS):
        records, cursor = load(after, WINDOW if limit is None else limit)
        yield Window(records, title)
        if cursor is None:
            return
        if limit is not None:
            cut.more = True
            return
        if cursor == previous:
            raise StuckCursor("a window of rows ended where the one before it did")
        previous = after = cursor
    raise StuckCursor(f"more than {MAX_WINDOWS:,} windows of rows")


def whole(
    fields: tuple[str, ...],
    columns: dict[str, str],
    records: list[Record],
    limit: int | None,
    wide: tuple[str, ...],
) -> Listing:
    """A listing read whole (aggregates, not a table's rows), cut at ``limit``."""
    shown = records if limit is None else records[:limit]
    cut = Cut(more=len(shown) < len(records), count=lambda: len(records))
    return Listing(fields, columns, [Window(shown)], cut, wide)


def parse_approval_id(text: str) -> tuple[str | None, uuid.UUID]:
    """``tasks:<uuid>``, ``agents:<uuid>`` or a bare ``<uuid>`` (looked up in both sources);
    raises ValueError with one sentence for anything else."""
    source, sep, rest = text.strip().partition(":")
    if not sep:
        source, rest = "", text.strip()
    if sep and source not in ("tasks", "agents"):
        raise ValueError(f'"{text}" is not an approval id; use tasks:<uuid> or agents:<uuid>.')
    try:
        item_id = uuid.UUID(rest)
    except ValueError:
        raise ValueError(
            f'"{text}" is not an approval id; use tasks:<uuid> or agents:<uuid>.'
        ) from None
    return (source or None), item_id
