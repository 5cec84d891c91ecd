"""Listens on the App's engine: how long its statements take (the database part of a key)
and the parameters each named query was really run with (replayed by the queries section)."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
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
        self.params: dict[str, dict[str, Any]] = {}  # name -> the first parameters seen
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def take(self) -> float:
        """Seconds spent in statements since the last call (summed over threads)."""
        with self._lock:
            spent, self._spent = self._spent, 0.0
        return spent

    def _before(self, _conn: Any, _cursor: Any, _stmt: str, _params: Any, context: Any,
                _many: bool) -> None:  # fmt: skip
        context._bench_started = time.perf_counter()

    def _after(self, _conn: Any, _cursor: Any, _stmt: str, _params: Any, context: Any,
               _many: bool) -> None:  # fmt: skip
        spent = time.perf_counter() - context._bench_started
        clause = getattr(context, "invoked_statement", None)
        name = self._by_text.get(getattr(clause, "text", ""))
        with self._lock:
            self._spent += spent
            if name and name not in self.params and context.compiled_parameters:
                first: Mapping[str, Any] = context.compiled_parameters[0]
                self.params[name] = dict(first)
