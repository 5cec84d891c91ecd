"""The harness's statement listener (benchmarks/sqlclock.py) names the App's named queries,
keeps their parameters and replays them, from any thread."""

from __future__ import annotations

import threading

import sqlalchemy
from benchmarks.sqlclock import SqlClock, replay
from sqlalchemy import text

from hotdash_tui.db.statements import run


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
    assert [what for what, _ in taken[:2]] == ["board_find_listing", "health_ping"]
    assert taken[2][1] == {"x": 1} and len(taken) == 3
    assert clock.params == {"board_find_listing": {"asin": "B0NOTHERE1"}, "health_ping": {}}
    assert replay(db_engine, taken) > 0
    clock.close()  # a second close is harmless
