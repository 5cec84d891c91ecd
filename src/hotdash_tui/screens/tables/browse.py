"""One table's rows (key 7, enter): keyset windows in key order, or an indexed column's.

`o` steps through the orders an index serves (every column's, on a small table), `O` turns
the order round, `/` filters by the table's own columns, `e` / `E` export every matching row
to a CSV / JSON file, `enter` shows a row whole. `esc` clears the filter, then goes back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.tables.catalog import ShapeCache
from hotdash_tui.db.tables.filter import SMALL_TABLE, filter_help, parse_row_filter, scan_warning
from hotdash_tui.db.tables.model import Order, RowFilter, TableCursor, TableEntry, TableShape
from hotdash_tui.db.tables.read import COUNT_CAP, iter_windows, read_first, read_window
from hotdash_tui.filters import FilterError
from hotdash_tui.screens.tables.cells import row_cells, row_columns
from hotdash_tui.screens.windowed import PAGE, WindowedScreen
from hotdash_tui.widgets.columns import labels
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.window_table import RowCells, WindowTable

Row = dict[str, Any]
_PLAIN = frozenset({"int", "number", "text", "time", "date", "bool", "uuid"})


def row_key(shape: TableShape) -> Callable[[Row], str]:
    if shape.key:
        return lambda row: "\x1f".join(str(row.get(k)) for k in shape.key)
    return lambda row: repr(tuple(row.values()))  # a view: the whole row names it


class RowsTable(WindowTable[Row]):
    def __init__(self, shape: TableShape, *, id: str | None = None) -> None:
        super().__init__(row_key(shape), lambda width: row_columns(shape, width), labels, id=id)

    def row_cells(self) -> RowCells[Row]:
        columns = self.layout_columns
        return lambda row: row_cells(row, columns)


class TableRowsScreen(WindowedScreen[Row, TableCursor, RowFilter]):
    SCREEN_NAME = "Tables"
    AREA = "rows"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Row", id="rows.details"),
        Binding("o", "order", "Order", id="rows.order"),
        Binding("O", "reverse", "Reverse", show=False, id="rows.reverse"),
        Binding("e", "export('csv')", "Export", id="rows.export_csv"),
        Binding("E", "export('json')", "Export JSON", show=False, id="rows.export_json"),
        Binding("slash", "filter", "Filter", key_display="/", id="rows.filter"),
        Binding("escape", "back", "Back", id="rows.back"),
        Binding("j", "cursor('down')", "Down", show=False, id="rows.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="rows.up"),
    ]

    def __init__(
        self, shape: TableShape, entries: tuple[TableEntry, ...], shapes: ShapeCache
    ) -> None:
        super().__init__(RowFilter())
        self.shape = shape
        self.entries = entries
        self.shapes = shapes
        self.order = Order()
        self._estimated = False  # the total shown is the planner's estimate (no filter)
        self.SCREEN_NAME = shape.entry.qualified  # the header names the table, not "Tables"

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield RowsTable(self.shape, id="rows-table")
        yield Static("", id="rows-empty")
        yield FilterBar(
            "column:value column>value since:7d or text; enter applies", id="rows-filter"
        )
        yield KeyBar()

    @property
    def table(self) -> RowsTable:
        return self.query_one(RowsTable)

    def default_spec(self) -> RowFilter:
        return RowFilter()

    def filter_help(self) -> list[tuple[str, str]]:
        return filter_help(self.shape)

    def _apply_text(self, text: str) -> None:
        try:
            spec, label = parse_row_filter(text, self.shape)
        except FilterError as exc:
            self.notify(str(exc), title="Filter", severity="error")
            return
        warning = scan_warning(self.shape, spec)
        if warning:
            self.notify(warning, title="Filter", severity="warning")
        self._apply(spec, label)

    def read_first(
        self, spec: RowFilter, limit: int
    ) -> tuple[Sequence[Row], TableCursor | None, int]:
        window, total = read_first(
            self.hotdash.database.engine, self.shape, spec, self.order, datetime.now(UTC), limit
        )
        self._estimated = spec.is_empty and window.next_cursor is not None
        return window.rows, window.next_cursor, -1 if total is None else total

    def read_more(
        self, spec: RowFilter, after: TableCursor
    ) -> tuple[Sequence[Row], TableCursor | None]:
        window = read_window(
            self.hotdash.database.engine, self.shape, spec, self.order, datetime.now(UTC),
            after=after, limit=PAGE,
        )  # fmt: skip
        return window.rows, window.next_cursor

    def describe_total(self, total: int) -> str:
        if total < 0:
            return "?"
        if self._estimated:
            return f"~{total:,}"
        return f"{COUNT_CAP:,}+" if total > COUNT_CAP else f"{total:,}"

    def place(self) -> str:
        parts = [self.order.describe(self.shape)]
        if self._spec_label:
            parts.append(self._spec_label)
        return " · ".join(parts)

    def empty_text(self) -> str:
        if self.spec.is_empty:
            return f"{self.shape.entry.qualified} has no rows your role can see."
        return "No rows match this filter; esc clears it."

    # Order --------------------------------------------------------------------------------

    def orders(self) -> list[str | None]:
        """What `o` steps through: the key, each indexed column, and on a small table every
        column of a plain type."""
        shape = self.shape
        names: list[str | None] = [None] if shape.key else []
        names += [n for n in shape.orderable if n not in shape.key[:1]]
        if (shape.entry.estimated_rows or 0) <= SMALL_TABLE:
            names += [
                c.name
                for c in shape.columns
                if c.kind in _PLAIN
                and not c.hidden
                and c.name not in names
                and c.name not in shape.key[:1]
            ]
        return names

    def action_order(self) -> None:
        orders = self.orders()
        if len(orders) < 2:
            self.notify(f"{self.shape.entry.qualified} has no other order an index serves.")
            return
        at = orders.index(self.order.column) if self.order.column in orders else 0
        self.order = Order(orders[(at + 1) % len(orders)], self.order.descending)
        if (self.shape.entry.estimated_rows or 0) > SMALL_TABLE:
            self.notify(
                f"Ordered {self.order.describe(self.shape)}. Only indexed columns are offered: "
                f"the table has over {SMALL_TABLE:,} rows.",
                title="Order",
            )
        self._reorder()

    def action_reverse(self) -> None:
        self.order = Order(self.order.column, not self.order.descending)
        self._reorder()

    def _reorder(self) -> None:
        self.table.show([], None, 0)
        self.reload()

    # Back, details, export -----------------------------------------------------------------

    def action_back(self) -> None:
        if not self.spec.is_empty or self.filter_bar.value:
            self.action_clear_filter()
        else:
            self.app.pop_screen()

    def action_details(self) -> None:
        row = self.table.current
        if row is None:
            return
        from hotdash_tui.screens.tables.details import RowDetailsScreen

        self.app.push_screen(RowDetailsScreen(self.shape, row, self.entries, self.shapes))

    def action_export(self, fmt: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        entry = self.shape.entry
        path = Path.cwd() / f"hotdash-{entry.schema}.{entry.name}-{stamp}.{fmt}"
        self.notify(f"Exporting every matching row to {path}...", title="Export")
        self._export(path, fmt, self.spec, self.order)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rows-export")
    def _export(self, path: Path, fmt: str, spec: RowFilter, order: Order) -> None:
        from hotdash_tui.export import export_rows

        engine = self.hotdash.database.engine
        try:
            windows = iter_windows(engine, self.shape, spec, order, datetime.now(UTC))
            count = export_rows(path, fmt, [c.name for c in self.shape.columns], windows)
        except OSError as exc:
            message, severity = f"Could not write {path}: {exc.strerror or exc}.", "error"
        except Exception as exc:
            message, severity = f"Export stopped: {describe_error(exc)}", "error"
        else:
            message, severity = f"Exported {count:,} rows to {path}.", "information"
        self.app.call_from_thread(
            self.notify, message, title="Export", severity=severity, timeout=10
        )
