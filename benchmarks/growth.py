"""Section 12: the screens of section 2 at smaller sizes, beside the figures at --rows.

Each size gets a database of its own on the benchmark server (``hotdash_growth_<rows>``),
migrated and seeded by the real ``hotdash`` commands, vacuumed and checkpointed as the main
one is. The screens section then runs on it as on the main database, and every figure of the
section is reported as its median at --rows over its median at the smallest size: a read that
walks a table instead of a window shows here as a ratio that follows the rows (10x, 100x),
where one that reads a bounded window stays near 1.
"""

from __future__ import annotations

import statistics
import subprocess
from collections.abc import Callable

import psycopg.conninfo
from psycopg import sql

from benchmarks.figures import Figure, Section, Target
from benchmarks.setup import hotdash_command, vacuum_and_checkpoint
from hotdash_tui.config import Settings
from hotdash_tui.db.bootstrap import OpenDatabase, open_database
from hotdash_tui.db.engine import connect

SIZES = (10_000, 100_000)
GROWTH = Target(2.0, "x", "median")
"""At most twice the time at a hundred times the rows: noise on a 2 ms read is up to 1.5x,
a read that grows with its table is 10-100x."""

MIN_SAMPLES = 3
"""Figures of fewer samples at --rows (the first openings) are left out."""

Screens = Callable[[OpenDatabase, Section], None]


def database_of(admin_url: str, rows: int) -> str:
    """A fresh database seeded with ``rows`` (one a failed run left is dropped first)."""
    name = f"hotdash_growth_{rows}"
    _drop(admin_url, name)
    with connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = psycopg.conninfo.make_conninfo(admin_url, dbname=name)
    for command in (["migrate"], ["seed", "--rows", str(rows)]):
        subprocess.run(
            hotdash_command(*command, "--dsn", url), check=True, stdout=subprocess.DEVNULL
        )
    vacuum_and_checkpoint(url)
    return url


def _drop(admin_url: str, name: str) -> None:
    with connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def measure(admin_url: str, screens: Screens, say: Callable[[str], None]) -> dict[int, Section]:
    """Section 2 at each of :data:`SIZES`, each on a database of its own, dropped after."""
    by_size: dict[int, Section] = {}
    for size in SIZES:
        say(f"growth: the screens at {size:,} rows")
        url = database_of(admin_url, size)
        here = Section("screens", "", "")
        try:
            database = open_database(Settings.from_options(dsn=url))
            try:
                screens(database, here)
            finally:
                database.close()
        finally:
            # Not left on the server: with them there, the next run's launches from outside
            # took 0.65 s where they take 0.53 s without them (the same code, minutes apart).
            _drop(admin_url, f"hotdash_growth_{size}")
        by_size[size] = here
    return by_size


def report(by_size: dict[int, Section], rows: int, at_rows: Section, section: Section) -> None:
    """Each figure of ``at_rows`` (section 2 at --rows) over its median at the smallest size."""
    sizes = {**by_size, rows: at_rows}
    smallest = min(sizes)
    for figure in at_rows.figures:
        if len(figure.samples) < MIN_SAMPLES:
            continue  # a first opening is one sample: its 2 ms database part moves 2x alone
        medians = {size: _median(s, figure.name) for size, s in sorted(sizes.items())}
        known = {size: m for size, m in medians.items() if m is not None and m > 0}
        if len(known) != len(medians):
            continue  # not measured at every size (a press that read nothing)
        growth = section.add(Figure(f"{figure.name}: {rows:,} over {smallest:,} rows", "x",
                                    target=GROWTH))  # fmt: skip
        growth.samples.append(known[rows] / known[smallest])
        growth.note = ", ".join(f"{size:,}: {m:.3g} {figure.unit}" for size, m in known.items())


def _median(section: Section, name: str) -> float | None:
    for figure in section.figures:
        if figure.name == name and figure.samples:
            return float(statistics.median(figure.samples))
    return None
