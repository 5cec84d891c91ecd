"""The rows of the competitor alerts list: a DataTable that knows its alerts, the marked rows
and the rows whose change is on its way, and keeps the cursor on the same alert across
refreshes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from hotdash_tui.db.alerts import AlertItem
from hotdash_tui.screens import alerts_rows as rows


class AlertsTable(DataTable[Text]):
    """One row per alert, in the order of the windows that were read."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cell_padding=0)
        self.clock = clock
        self.items: list[AlertItem] = []
        self.marked: set[uuid.UUID] = set()
        self.in_flight: set[uuid.UUID] = set()
        self.layout_columns: tuple[rows.Column, ...] = ()

    @property
    def current(self) -> AlertItem | None:
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

    def _cells(self, item: AlertItem, now: datetime) -> list[Text]:
        return rows.cells(
            item,
            self.layout_columns,
            now,
            marked=item.key in self.marked,
            in_flight=item.key in self.in_flight,
        )

    def show(self, items: Iterable[AlertItem], focus: uuid.UUID | None, fallback: int) -> None:
        """Shows ``items``; the cursor stays on ``focus`` if it is still there, else on the row
        where it was."""
        self.items = list(items)
        self.marked &= {item.key for item in self.items}  # never act on a row not shown
        now = self.clock()
        self.clear()
        for item in self.items:
            self.add_row(*self._cells(item, now), key=str(item.key))
        index = {item.key: n for n, item in enumerate(self.items)}
        target = index.get(focus, fallback) if focus is not None else fallback
        if self.items:
            self.move_cursor(row=max(0, min(target, len(self.items) - 1)))

    def extend(self, items: Iterable[AlertItem]) -> None:
        """Appends the next window, skipping rows already shown."""
        known = {item.key for item in self.items}
        now = self.clock()
        for item in items:
            if item.key not in known:
                self.items.append(item)
                self.add_row(*self._cells(item, now), key=str(item.key))

    def redraw(self, keys: Iterable[uuid.UUID]) -> None:
        """Updates the cells of these rows (after a mark or an in-flight change)."""
        wanted = set(keys)
        now = self.clock()
        for item in self.items:
            if item.key in wanted:
                cells = self._cells(item, now)
                for column, cell in zip(self.layout_columns, cells, strict=True):
                    self.update_cell(str(item.key), column.key, cell)

    def toggle_mark(self) -> None:
        item = self.current
        if item is None:
            return
        self.marked ^= {item.key}
        self.redraw([item.key])

    def targets(self) -> list[AlertItem]:
        """What v, x and d act on: the marked rows in table order, else the cursor's row;
        rows whose change is already on its way are left out."""
        chosen = [item for item in self.items if item.key in self.marked]
        if not chosen and self.current is not None:
            chosen = [self.current]
        return [item for item in chosen if item.key not in self.in_flight]
