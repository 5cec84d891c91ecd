"""The harness's statement listener (benchmarks/sqlclock.py) names the App's named queries,
keeps their parameters and replays them, from any thread."""

from __future__ import annotations

import re
import threading

import sqlalchemy
from benchmarks import queries
from benchmarks.figures import Section
from benchmarks.sqlclock import CLAUSE, DRIVER, NAMED, SqlClock, replay
from sqlalchemy import text

from hotdash_tui.db.sql import run


def test_named_queries_are_named_timed_and_replayed(db_engine: sqlalchemy.Engine) -> None:
    clock = SqlClock(db_engine)
    try:

        def in_a_worker() -> None:
            with db_engine.connect() as conn:
                run(conn, "board_find_listing", {"asin": "B0NOTHERE1"})

        worker = threading.Thread(target=in_a_worker)
        worker.start()
        worker.join()
        with db_engine.connect() as conn:
            run(conn, "health_ping")
            conn.execute(text("SELECT :x"), {"x": 1}).all()  # not a named query
            conn.exec_driver_sql("SELECT 1")  # driver level: timed, never replayed
        spent, taken = clock.take()
    finally:
        clock.close()
    assert spent > 0
    assert [what for _, what, _ in taken[:2]] == ["board_find_listing", "health_ping"]
    assert taken[2][0] == CLAUSE and taken[2][2] == {"x": 1} and len(taken) == 3
    assert clock.params == {"board_find_listing": {"asin": "B0NOTHERE1"}, "health_ping": {}}
    assert replay(db_engine, taken) > 0
    clock.close()  # a second close is harmless


def read_in_one_transaction(engine: sqlalchemy.Engine) -> None:
    """Three statements in one transaction, as a screen's read runs them."""
    with engine.connect() as conn:
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        run(conn, "board_find_listing", {"asin": "B0NOTHERE1"})
        run(conn, "health_ping")


def test_each_named_query_is_kept_with_the_transaction_it_first_ran_in(
    db_engine: sqlalchemy.Engine,
) -> None:
    clock = SqlClock(db_engine)
    try:
        read_in_one_transaction(db_engine)
        with db_engine.connect() as conn:
            run(conn, "health_ping")  # seen again: its first transaction is kept
            conn.commit()
        with db_engine.connect() as conn:
            run(conn, "health_role_bypasses_rls")
    finally:
        clock.close()
    unit, place = clock.units["health_ping"]
    assert [(kind, what) for kind, what, _ in unit] == [
        (DRIVER, "SET TRANSACTION READ ONLY"),
        (NAMED, "board_find_listing"),
        (NAMED, "health_ping"),
    ]
    assert place == 2
    assert clock.units["board_find_listing"] == (unit, 1)
    assert unit[1][2] == {"asin": "B0NOTHERE1"}
    alone, place = clock.units["health_role_bypasses_rls"]
    assert [what for _, what, _ in alone] == ["health_role_bypasses_rls"] and place == 0


def test_the_queries_section_times_each_query_within_its_transaction(
    db_engine: sqlalchemy.Engine, db_url: str
) -> None:
    clock = SqlClock(db_engine)
    try:
        read_in_one_transaction(db_engine)
    finally:
        clock.close()
    section = Section("queries", "5. Named queries", "")
    queries.run(db_engine, db_url, clock.params, clock.units, 3, section)
    figures = {figure.name: figure for figure in section.figures}
    ping, listing = figures["health_ping"], figures["board_find_listing"]
    assert len(ping.samples) == 3 and all(ratio > 0 for ratio in ping.samples)
    assert "statement 3 of 3 in its transaction" in ping.note
    assert "statement 2 of 3 in its transaction" in listing.note
    # Run nowhere in the App here: a transaction of its own.
    role_check = figures["health_role_bypasses_rls"].note
    assert "a transaction of its own," in role_check
    # How many runs depends on the machine's speed at that moment (see the next test).
    runs = re.search(r"(\d+) runs of each per round", role_check)
    assert runs is not None and queries.MIN_INNER <= int(runs.group(1)) <= queries.MAX_INNER
    assert "alone in a transaction of its own" in ping.note
    skipped = dict(section.skipped)
    assert "board_column_window" in skipped and not any("failed" in why for why in skipped.values())


def test_a_quick_unit_runs_more_times_per_round_than_a_slow_one() -> None:
    # A unit of 0.2 ms fills the round's 20 ms a hundred times; 1 ms, twenty times.
    assert queries.runs_per_round(0.0002) == queries.MAX_INNER == 100
    assert queries.runs_per_round(0.001) == 20
    # A slow unit still runs the minimum, and a zero time (a clock too coarse) the maximum.
    assert queries.runs_per_round(0.5) == queries.MIN_INNER == 5
    assert queries.runs_per_round(0.0) == queries.MAX_INNER
