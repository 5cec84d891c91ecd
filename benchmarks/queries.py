"""Section 5: every named query of sql/ through the App's engine beside the same statement
sent by plain psycopg (the floor), with the parameters the App itself used on its tour."""

from __future__ import annotations

import statistics
import time
from typing import Any

import psycopg
import sqlalchemy

from benchmarks.figures import Figure, Section, Target
from hotdash_tui.db import statements
from hotdash_tui.db.engine import connect
from hotdash_tui.db.queries import all_queries, query

RATIO = Target(1.5, "x", "median")
INNER = 5  # executions of each path per round; a round's ratio is of the two medians
NOT_REACHED = (
    "not run by the harness's tour (it needs a filter, a form or a write the tour does not "
    "make), so there are no parameters the App really uses to replay"
)
# Why a query the tour (benchmarks/tour.py) cannot always make the App run is not measured.
NOT_REACHED_BECAUSE = {
    "board_column_window_search": (
        "run only for a tag:, listing: or text filter that more than 500 cards of one stage "
        "match (board.SPARSE_MATCHES; fewer are read by board_column_window_sparse); the "
        "tour's text filter `e` matches nearly every card, but no stage holds 500 cards below "
        "about 500,000 rows (`--rows` / 200 tasks in all)"
    ),
}


def _through_engine(engine: sqlalchemy.Engine, name: str, params: dict[str, Any]) -> float:
    started = time.perf_counter()
    # As the App's db functions do: a pooled connection per call (pinged only after 5 s idle),
    # the named query run by db/statements.run, which fetches its rows.
    with engine.connect() as conn:
        statements.run(conn, name, params)
        conn.rollback()  # writes are replayed too, and never kept
    return time.perf_counter() - started


def _direct(conn: psycopg.Connection[Any], statement: str, params: dict[str, Any]) -> float:
    started = time.perf_counter()
    with conn.cursor() as cur:
        cur.execute(statement, params)  # compiled from sql/, never built from values
        if cur.description is not None:
            cur.fetchall()
    conn.rollback()
    return time.perf_counter() - started


def run(engine: sqlalchemy.Engine, url: str, captured: dict[str, dict[str, Any]],
        repeat: int, section: Section) -> None:  # fmt: skip
    rounds = max(repeat, 3)
    with connect(url) as floor:
        for name in all_queries():
            params = captured.get(name)
            if params is None and not query(name).compile().params:
                params = {}  # nothing to choose: e.g. health_ping, run outside the tour
            if params is None:
                section.skipped.append((name, NOT_REACHED_BECAUSE.get(name, NOT_REACHED)))
                continue
            compiled = query(name).compile(dialect=engine.dialect)
            statement = str(compiled)
            direct_params = dict(compiled.construct_params(params))
            figure = section.add(Figure(name, "x", target=RATIO))
            app_ms: list[float] = []
            floor_ms: list[float] = []
            try:
                for _ in range(2):  # warm: plans cached, pages in memory, both paths alike
                    _through_engine(engine, name, params)
                    _direct(floor, statement, direct_params)
                for _ in range(rounds):
                    a, f = [], []
                    for _ in range(INNER):
                        a.append(_through_engine(engine, name, params))
                        f.append(_direct(floor, statement, direct_params))
                    figure.samples.append(statistics.median(a) / statistics.median(f))
                    app_ms += a
                    floor_ms += f
            except Exception as exc:  # reported, not hidden: one line in the table
                floor.rollback()
                section.figures.remove(figure)
                section.skipped.append((name, f"failed on replay: {str(exc).splitlines()[0]}"))
                continue
            figure.note = (
                f"app {1000 * statistics.median(app_ms):.2f} ms, "
                f"psycopg {1000 * statistics.median(floor_ms):.2f} ms (medians)"
            )
