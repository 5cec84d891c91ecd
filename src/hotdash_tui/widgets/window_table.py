"""A line table over a keyset window of typed rows: it knows its items, lays its columns out
for the terminal's width, appends the next window, and keeps the cursor on the same item
across a refresh."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from rich.text import Text

from hotdash_tui.widgets.columns import Column
from hotdash_tui.widgets.line_table import LineTable

T = TypeVar("T")
ColumnLayout = Callable[[int], tuple[Column, ...]]
Labels = Callable[[tuple[Column, ...]], list[Text]]
RowCells = Callable[[T], list[Text]]


class WindowTable(LineTable, Generic[T]):
    """Rows in the order of the windows read; ``key`` names an item across refreshes.

    A subclass says how a row reads in :meth:`row_cells`."""

    def __init__(
        self,
        key: Callable[[T], str],
        layout: ColumnLayout,
        labels: Labels,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.key_of = key
        self.columns_for = layout
        self.labels_of = labels
        self.items: list[T] = []
        self.layout_columns: tuple[Column, ...] = ()

    def row_cells(self) -> RowCells[T]:
        """How each row reads in the current layout, for one pass over the rows (a show, an
        extend or a redraw): a table whose cells depend on the time reads its clock here, once
        for the whole pass."""
        raise NotImplementedError

    @property
    def current(self) -> T | None:
        row = self.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    @property
    def current_key(self) -> str | None:
        """The key of the cursor's item, which :meth:`show` takes to keep the cursor on it."""
        item = self.current
        return self.key_of(item) if item is not None else None

    def fit_width(self, width: int) -> None:
        """Lays the columns out for ``width``; a change of layout redraws the rows."""
        wanted = self.columns_for(width)
        if wanted == self.layout_columns:
            return
        self.layout_columns = wanted
        focus = self.current_key
        self.clear(columns=True)
        for column, label in zip(wanted, self.labels_of(wanted), strict=True):
            self.add_column(label, width=column.width, key=column.key)
        self.show(self.items, focus, self.cursor_row)

    def show(self, items: Iterable[T], focus: str | None, fallback_row: int) -> None:
        """Shows ``items``; the cursor stays on ``focus`` if it is still there, else on the
        row where it was (which is the next item once the one there has left the window).
        A row met twice shows once: a window read in more than one statement (alerts'
        status phases, each its own transaction) meets a row again that moved between them."""
        unique: dict[str, T] = {}
        for item in items:
            unique.setdefault(self.key_of(item), item)
        self.items = list(unique.values())
        cells = self.row_cells()
        self.clear()
        self.add_rows((cells(item), self.key_of(item)) for item in self.items)
        index = {self.key_of(item): n for n, item in enumerate(self.items)}
        target = index.get(focus, fallback_row) if focus is not None else fallback_row
        if self.items:
            self.move_cursor(row=max(0, min(target, len(self.items) - 1)))

    def extend(self, items: Iterable[T]) -> None:
        """Appends the next window, skipping rows already shown."""
        cells = self.row_cells()
        fresh: dict[str, list[Text]] = {}
        for item in items:
            key = self.key_of(item)
            if not self.has_row(key) and key not in fresh:
                self.items.append(item)
                fresh[key] = cells(item)
        self.add_rows((row, key) for key, row in fresh.items())

    def redraw_rows(self, keys: Iterable[str]) -> None:
        """Updates the cells of the rows with these keys, in place."""
        cells = self.row_cells()
        for key in set(keys):
            if self.has_row(key):
                self.replace_row(key, cells(self.items[self.row_index(key)]))
