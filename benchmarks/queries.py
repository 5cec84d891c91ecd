"""Section 5: every named query of sql/ through the App's engine beside the same statement
sent by plain psycopg (the floor), with the parameters the App itself used on its tour."""

from __future__ import annotations

import statistics
import time
from typing import Any

import psycopg
import sqlalchemy

from benchmarks.figures import Figure, Section
from benchmarks.sqlclock import CLAUSE, DRIVER, NAMED, Unit, run_step
from hotdash_tui.db.board.read import WHOLE_BOARD
from hotdash_tui.db.engine import connect
from hotdash_tui.db.overview import TILE_READS
from hotdash_tui.db.roas.read import TILE_PARTS
from hotdash_tui.db.sql import all_queries, query

# No target: each query's ratio to plain psycopg is a diagnostic (where the App's time goes);
# the 1.5x target measured only a fixed per-call cost no user feels (retired by issue 20).
# Executions of each path per round, a round's ratio being of the two medians: at least
# MIN_INNER, and for a quick unit as many as fill about ROUND_SECONDS. A unit of 0.2 ms ran
# 5 times per round, and its ratio moved by 0.2 or more from one run of the harness to the
# next (CPU steal on a shared machine): its median needs more executions than a slow one's.
MIN_INNER, MAX_INNER, ROUND_SECONDS = 5, 100, 0.02
NOT_REACHED = (
    "not run by the harness's tour (it needs a filter, a form or a write the tour does not "
    "make), so there are no parameters the App really uses to replay"
)
COMBINED_READS = {
    "the overview's tiles": {n: t.part for n, t in TILE_READS.items()},
    "the ROAS tiles": TILE_PARTS,
    "the unfiltered board": WHOLE_BOARD,
}
"""The App's reads of several named queries as one statement: a query seen only there has no
parameters of its own captured."""

# Why a query the tour (benchmarks/tour.py) cannot always make the App run is not measured.
NOT_REACHED_BECAUSE = {
    "board_column_window_search": (
        "run only for a tag:, listing: or text filter that more than 500 cards of one stage "
        "match (board.SPARSE_MATCHES; fewer are read by board_column_window_sparse); the "
        "tour's text filter `e` matches nearly every card, but no stage holds 500 cards below "
        "about 500,000 rows (`--rows` / 200 tasks in all)"
    ),
}


def _why_not_reached(name: str) -> str:
    combined = [
        key for key, parts in COMBINED_READS.items() if name in (p.query for p in parts.values())
    ]
    if combined:
        return (
            f"run by the App only inside one statement with others ({', '.join(combined)}; "
            "db/together.py), whose time is the database part of its key in section 2"
        )
    return NOT_REACHED_BECAUSE.get(name, NOT_REACHED)


class UnitTimes:
    """Per round, each step's median time through the App and through plain psycopg, its
    share of the unit's own cost (checkout, begin, rollback) included."""

    def __init__(self, inner: int) -> None:
        self.app: list[list[float]] = []  # [round][step], seconds
        self.floor: list[list[float]] = []
        self.inner = inner  # executions of each path per round


def _steps_for_psycopg(engine: sqlalchemy.Engine, unit: Unit) -> list[tuple[str, Any]]:
    """Each step as plain psycopg sends it: the text SQLAlchemy compiles, its parameters."""
    sent: list[tuple[str, Any]] = []
    for kind, what, params in unit:
        if kind == DRIVER:
            sent.append((what, None))
            continue
        if kind == CLAUSE:  # kept as it was sent
            sent.append((what, params))
            continue
        compiled = query(what).compile(dialect=engine.dialect)
        sent.append((str(compiled), dict(compiled.construct_params(params))))
    return sent


def _shares(step_seconds: list[float], total: float) -> list[float]:
    """Each step's time plus an even share of what the unit spent outside its statements."""
    overhead = (total - sum(step_seconds)) / len(step_seconds)
    return [seconds + overhead for seconds in step_seconds]


def _unit_through_engine(engine: sqlalchemy.Engine, unit: Unit) -> list[float]:
    steps: list[float] = []
    started = time.perf_counter()
    # As the App's db functions: one transaction per unit, ended by leaving the block, which
    # rolls it back (a read ends so; writes are replayed too, and never kept). A rollback
    # called first would make the pool roll back a second time when the connection returns.
    with engine.connect() as conn:
        for kind, what, params in unit:
            at = time.perf_counter()
            run_step(conn, kind, what, params)
            steps.append(time.perf_counter() - at)
    return _shares(steps, time.perf_counter() - started)


def unit_direct(cur: psycopg.Cursor[Any], sent: list[tuple[str, Any]]) -> list[float]:
    """The floor: ``sent`` in one transaction on plain psycopg, rolled back; each step's time
    with its share of the transaction's own cost (their sum is the whole transaction's).

    One cursor for every unit: the floor is psycopg at its cheapest, and the App's side
    (SQLAlchemy's Connection.execute, a cursor per statement) is measured against it."""
    steps: list[float] = []
    started = time.perf_counter()
    for statement, params in sent:
        at = time.perf_counter()
        cur.execute(statement, params)  # compiled from sql/, never built from values
        if cur.description is not None:
            cur.fetchall()
        steps.append(time.perf_counter() - at)
    cur.connection.rollback()
    return _shares(steps, time.perf_counter() - started)


def runs_per_round(once: float) -> int:
    """How many times each path runs per round, for a unit whose floor took `once` seconds."""
    return max(MIN_INNER, min(MAX_INNER, int(ROUND_SECONDS / max(once, 1e-6))))


def _time_unit(engine: sqlalchemy.Engine, floor: psycopg.Cursor[Any], unit: Unit,
               rounds: int) -> UnitTimes:  # fmt: skip
    sent = _steps_for_psycopg(engine, unit)
    for _ in range(2):  # warm: plans cached, pages in memory, both paths alike
        _unit_through_engine(engine, unit)
        once = sum(unit_direct(floor, sent))  # the second, warm, sets the runs per round
    times = UnitTimes(runs_per_round(once))
    for _ in range(rounds):
        a, f = [], []
        for _ in range(times.inner):
            a.append(_unit_through_engine(engine, unit))
            f.append(unit_direct(floor, sent))
        times.app.append([statistics.median(step) for step in zip(*a, strict=True)])
        times.floor.append([statistics.median(step) for step in zip(*f, strict=True)])
    return times


def _ratios(times: UnitTimes, place: int) -> list[float]:
    """Per round, the App's time of the unit's statement at ``place`` over psycopg's."""
    return [app[place] / floor[place] for app, floor in zip(times.app, times.floor, strict=True)]


def run(engine: sqlalchemy.Engine, url: str, captured: dict[str, dict[str, Any]],
        units: dict[str, tuple[Unit, int]], repeat: int, section: Section) -> None:  # fmt: skip
    rounds = max(repeat, 3)
    timed_units: dict[int, UnitTimes] = {}  # by the unit's id: queries of one unit share it
    with connect(url) as plain, plain.cursor() as floor:
        for name in all_queries():
            params = captured.get(name)
            if params is None and not query(name).compile().params:
                params = {}  # nothing to choose: e.g. health_ping, run outside the tour
            if params is None:
                section.skipped.append((name, _why_not_reached(name)))
                continue
            # A transaction of its own: how the App runs a query alone, and the unit of one
            # never seen in a transaction (health_ping, run by the reconnect loop only).
            alone: Unit = ((NAMED, name, params),)
            unit, place = units.get(name, (alone, 0))
            figure = section.add(Figure(name, "x"))
            try:
                times = timed_units.get(id(unit))
                if times is None:
                    times = timed_units[id(unit)] = _time_unit(engine, floor, unit, rounds)
                figure.samples = _ratios(times, place)
                if len(unit) == 1:
                    alone_ratios = figure.samples
                else:
                    alone_ratios = _ratios(_time_unit(engine, floor, alone, rounds), 0)
            except Exception as exc:  # reported, not hidden: one line in the table
                plain.rollback()
                section.figures.remove(figure)
                section.skipped.append((name, f"failed on replay: {str(exc).splitlines()[0]}"))
                continue
            app_ms = statistics.median(r[place] for r in times.app) * 1000
            floor_ms = statistics.median(r[place] for r in times.floor) * 1000
            figure.note = (
                f"app {app_ms:.2f} ms, psycopg {floor_ms:.2f} ms (medians), "
                f"{_where(len(unit), place)}, {times.inner} runs of each per round; "
                f"alone in a transaction of its own "
                f"{statistics.median(alone_ratios):.2f} x"
            )


def _where(size: int, place: int) -> str:
    if size == 1:
        return "a transaction of its own"
    return f"statement {place + 1} of {size} in its transaction"
