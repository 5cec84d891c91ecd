"""Listens on the App's engine: how long its statements take (the database part of a key)
and the parameters each named query was really run with (replayed by the queries section).

The App runs its named queries through :func:`hotdash_tui.db.sql.run`, which is
``Connection.execute`` and fires the engine's cursor events: a statement's start time is kept
per thread, and a named query is known by the text it sends."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

import sqlalchemy
from sqlalchemy import event

from hotdash_tui.db import sql as statements

# A statement of a unit of work: a named query by its name, a clause as it was sent (its
# final SQL and the driver's parameters: a clause with an expanding IN, as reflection's, has
# no other replayable form), or driver-level SQL (exec_driver_sql, without parameters).
Step = tuple[str, Any, dict[str, Any]]
NAMED, CLAUSE, DRIVER = "named", "clause", "driver"
Unit = tuple[Step, ...]


class SqlClock:
    def __init__(self, engine: sqlalchemy.Engine) -> None:
        self.engine = engine
        self._by_text = statements.names_by_sql()
        self._started = threading.local()  # each worker thread times its own statement
        self._lock = threading.Lock()
        self._spent = 0.0
        self._statements: list[Step] = []  # to replay: named queries and clauses
        self.params: dict[str, dict[str, Any]] = {}  # name -> the first parameters seen
        # name -> the first unit of work (the statements of one transaction) it ran in, and
        # its place there: the queries section replays each query within its unit.
        self.units: dict[str, tuple[Unit, int]] = {}
        self._open: dict[int, list[Step]] = {}  # a Connection's id -> its transaction's steps
        self._listening = True
        for name, listener in self._listeners():
            event.listen(engine, name, listener)

    def _listeners(self) -> list[tuple[str, Any]]:
        return [
            ("before_cursor_execute", self._before),
            ("after_cursor_execute", self._after),
            ("begin", self._begin),
            ("commit", self._end),
            ("rollback", self._end),
        ]

    def close(self) -> None:
        if self._listening:
            self._listening = False
            for name, listener in self._listeners():
                event.remove(self.engine, name, listener)

    def _begin(self, conn: Any) -> None:
        with self._lock:
            self._open[id(conn)] = []

    def _end(self, conn: Any) -> None:
        with self._lock:
            steps = self._open.pop(id(conn), None)
            if not steps:
                return
            unit = tuple(steps)
            for place, (kind, what, _) in enumerate(unit):
                if kind == NAMED and what not in self.units:
                    self.units[what] = (unit, place)

    def take(self) -> tuple[float, list[Step]]:
        """Seconds spent in statements since the last call (summed over threads), and the
        statements with their parameters, to be replayed alone."""
        with self._lock:
            spent, self._spent = self._spent, 0.0
            taken, self._statements = self._statements, []
        return spent, taken

    def _before(self, _conn: Any, _cursor: Any, _stmt: str, _params: Any, _context: Any,
                _many: bool) -> None:  # fmt: skip
        self._started.at = time.perf_counter()

    def _after(self, conn: Any, _cursor: Any, statement: str, params: Any, context: Any,
               _many: bool) -> None:  # fmt: skip
        spent = time.perf_counter() - self._started.at
        name = self._by_text.get(statement)
        parameters = dict(params) if isinstance(params, Mapping) else {}
        step: Step = (DRIVER, statement, {})
        if name is not None:
            step = (NAMED, name, parameters)
        else:
            # A clause run by conn.execute; driver-level statements (exec_driver_sql) have
            # no compiled parameters and are not replayed as a key's database part.
            clause = getattr(context, "invoked_statement", None)
            if clause is not None:
                step = (CLAUSE, statement, parameters)
        with self._lock:
            self._spent += spent
            steps = self._open.get(id(conn))
            if steps is not None:
                steps.append(step)
            if step[0] != DRIVER:
                self._statements.append(step)
            if name and name not in self.params:
                self.params[name] = parameters


def run_step(conn: sqlalchemy.Connection, kind: str, what: Any, params: dict[str, Any]) -> None:
    """One statement as the App ran it, rows fetched: a named query by db/sql.run, a
    clause's SQL with its parameters and driver-level SQL by exec_driver_sql."""
    if kind == NAMED:
        named = statements.run(conn, what, params)
        if named.returns_rows:
            named.fetchall()
    elif kind == CLAUSE:
        result = conn.exec_driver_sql(what, params)
        if result.returns_rows:
            result.fetchall()
    else:
        conn.exec_driver_sql(what)


def replay(engine: sqlalchemy.Engine, taken: list[Step]) -> float:
    """ms to run ``taken`` again in order on one pooled connection, rows fetched, in a
    transaction rolled back: the database part of a key, without the App around it."""
    started = time.perf_counter()
    with engine.connect() as conn:
        for kind, what, parameters in taken:
            run_step(conn, kind, what, parameters)
        # Leaving the block rolls the transaction back, as the App's reads end.
    return 1000 * (time.perf_counter() - started)
