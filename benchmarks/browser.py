"""Section 8: the schema browser (key 7) over every table at the harness's scale.

Database part only, on the App's engine as `hotdash` opens it: the shapes are reflected once
per schema (as the browser does in the background when its list shows), then for every table
the role may read, its first window with its count (or estimate) and the window after it, in
key order and in each indexed column's order."""

from __future__ import annotations

import gc
import time
from datetime import UTC, datetime

import sqlalchemy

from benchmarks.figures import Figure, Section, Target
from hotdash_tui.db.tables.catalog import ShapeCache, list_tables
from hotdash_tui.db.tables.model import Order, RowFilter, TableEntry
from hotdash_tui.db.tables.read import read_first, read_window
from hotdash_tui.gc_tuning import IdleCollector

WINDOW = 100  # the screen's window


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def run(engine: sqlalchemy.Engine, repeat: int, section: Section) -> None:
    listing = section.add(Figure("the list of every table (key 7)", "ms"))
    reflect = section.add(Figure("reflecting every schema, once a session", "ms"))
    opened = section.add(
        Figure("a table's first window and count, every table and order", "ms",
               target=Target(200, "ms", "worst"))
    )  # fmt: skip
    paged = section.add(Figure("the window after it", "ms", target=Target(200, "ms", "worst")))
    worst: dict[str, tuple[float, str]] = {}
    now = datetime.now(UTC)
    # Under the App's collection regime (gc_tuning): no automatic collection while a key
    # runs, a young one at a quiet moment between keys. Measured with the interpreter's own
    # collections instead, the worst windows were those collections (86 ms against 7 ms for
    # the same table and order; 230-270 ms in full runs), which the App never has in a key.
    collector = IdleCollector()
    collector.start()
    try:
        _tables(engine, repeat, now, (listing, reflect, opened, paged), worst)
    finally:
        collector.stop()
    entries = list_tables(engine)
    big = max(entries, key=lambda e: e.estimated_rows or 0)
    opened.note = (
        f"worst: {worst['open'][1]}; largest table {big.qualified} (~{big.estimated_rows:,} rows)"
    )
    if "page" in worst:
        paged.note = f"worst: {worst['page'][1]}"
    reflect.note = f"{len({e.schema for e in entries})} schemas, {len(entries)} tables and views"


def _tables(engine: sqlalchemy.Engine, repeat: int, now: datetime,
            figures: tuple[Figure, Figure, Figure, Figure],
            worst: dict[str, tuple[float, str]]) -> None:  # fmt: skip
    listing, reflect, opened, paged = figures
    for _ in range(repeat):
        start = time.perf_counter()
        entries = list_tables(engine)
        listing.samples.append(_ms(start))
        readable = [e for e in entries if e.can_select]
        shapes = ShapeCache()
        start = time.perf_counter()
        shapes.warm(engine, readable)
        reflect.samples.append(_ms(start))
        for entry in readable:
            shape = shapes.shape(engine, entry, readable)
            for column in (None, *(n for n in shape.orderable if n not in shape.key[:1])):
                order = Order(column)
                start = time.perf_counter()
                window, _total = read_first(engine, shape, RowFilter(), order, now, WINDOW)
                took = _ms(start)
                opened.samples.append(took)
                _keep(worst, "open", took, _label(entry, order))
                if window.next_cursor is None:
                    continue
                start = time.perf_counter()
                read_window(engine, shape, RowFilter(), order, now,
                            after=window.next_cursor, limit=WINDOW)  # fmt: skip
                took = _ms(start)
                paged.samples.append(took)
                _keep(worst, "page", took, _label(entry, order))
                gc.collect(1)  # untimed: the quiet moment between two keys


def _label(entry: TableEntry, order: Order) -> str:
    return f"{entry.qualified} by {order.column or 'key'}"


def _keep(worst: dict[str, tuple[float, str]], key: str, took: float, label: str) -> None:
    if key not in worst or took > worst[key][0]:
        worst[key] = (took, label)
