"""The rows of the run log: a DataTable that knows its lines and keeps the cursor on the same
record across refreshes (or on the newest, while following)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from hotdash_tui.db.runs import RunKey, RunLine
from hotdash_tui.screens import runs_rows as rows


def row_key(key: RunKey) -> str:
    return f"{key.source}:{key.id}"


class RunsTable(DataTable[Text]):
    """One row per run record, newest first, in the order the windows were read."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cell_padding=0)
        self.clock = clock
        self.items: list[RunLine] = []
        self.layout_columns: tuple[rows.Column, ...] = ()

    @property
    def current(self) -> RunLine | None:
        row = self.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def fit_width(self, width: int) -> None:
        """Lays the columns out for ``width``; a change of layout redraws the rows."""
        wanted = rows.columns_for(width)
        if wanted == self.layout_columns:
            return
        self.layout_columns = wanted
        focus = self.current.key if self.current else None
        self.clear(columns=True)
        for column, label in zip(wanted, rows.labels(wanted), strict=True):
            self.add_column(label, width=column.width, key=column.key)
        self.show(self.items, focus, self.cursor_row)

    def show(self, items: Iterable[RunLine], focus: RunKey | None, fallback_row: int) -> None:
        """Shows ``items``; the cursor stays on ``focus`` if it is still there, else on the row
        where it was."""
        self.items = list(items)
        now = self.clock()
        self.clear()
        for item in self.items:
            self.add_row(*rows.cells(item, self.layout_columns, now), key=row_key(item.key))
        index = {item.key: n for n, item in enumerate(self.items)}
        target = index.get(focus, fallback_row) if focus is not None else fallback_row
        if self.items:
            self.move_cursor(row=max(0, min(target, len(self.items) - 1)))

    def extend(self, items: Iterable[RunLine]) -> None:
        """Appends the next window, skipping lines already shown."""
        known = {item.key for item in self.items}
        now = self.clock()
        for item in items:
            if item.key not in known:
                self.items.append(item)
                self.add_row(*rows.cells(item, self.layout_columns, now), key=row_key(item.key))
