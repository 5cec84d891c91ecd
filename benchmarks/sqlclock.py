"""Listens on the App's engine: how long its statements take (the database part of a key)
and the parameters each named query was really run with (replayed by the queries section)."""

from __future__ import annotations

import threading
import time
from typing import Any

import sqlalchemy
from sqlalchemy import event

from hotdash_tui.db.queries import all_queries


class SqlClock:
    def __init__(self, engine: sqlalchemy.Engine) -> None:
        self.engine = engine
        self._by_text = {body: name for name, body in all_queries().items()}
        self._lock = threading.Lock()
        self._spent = 0.0
        self._statements: list[tuple[Any, dict[str, Any]]] = []
        self.params: dict[str, dict[str, Any]] = {}  # name -> the first parameters seen
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def take(self) -> tuple[float, list[tuple[Any, dict[str, Any]]]]:
        """Seconds spent in statements since the last call (summed over threads), and the
        statements with their parameters, to be replayed alone."""
        with self._lock:
            spent, self._spent = self._spent, 0.0
            statements, self._statements = self._statements, []
        return spent, statements

    def _before(self, _conn: Any, _cursor: Any, _stmt: str, _params: Any, context: Any,
                _many: bool) -> None:  # fmt: skip
        context._bench_started = time.perf_counter()

    def _after(self, _conn: Any, _cursor: Any, _stmt: str, _params: Any, context: Any,
               _many: bool) -> None:  # fmt: skip
        spent = time.perf_counter() - context._bench_started
        clause = getattr(context, "invoked_statement", None)
        name = self._by_text.get(getattr(clause, "text", ""))
        # Driver-level statements (exec_driver_sql) have no compiled parameters.
        compiled = getattr(context, "compiled_parameters", None)
        parameters = dict(compiled[0]) if compiled else {}
        with self._lock:
            self._spent += spent
            if clause is not None and compiled is not None:
                self._statements.append((clause, parameters))
            if name and name not in self.params and compiled:
                self.params[name] = parameters


def replay(engine: sqlalchemy.Engine, statements: list[tuple[Any, dict[str, Any]]]) -> float:
    """ms to run ``statements`` again in order on one pooled connection, rows fetched, in a
    transaction rolled back: the database part of a key, without the App around it."""
    started = time.perf_counter()
    with engine.connect() as conn:
        for clause, parameters in statements:
            result = conn.execute(clause, parameters)
            if result.returns_rows:
                result.fetchall()
        conn.rollback()
    return 1000 * (time.perf_counter() - started)
