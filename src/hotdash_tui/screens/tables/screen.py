"""The schema browser (key 7): every table and view of the shared schema, grouped by the seed
that defines it, with the planner's estimate of its rows, whether RLS is on and what your
role may do with it. `enter` opens a table's rows (:mod:`.browse`).

The list is one catalog query. The shapes of the schema under the cursor are reflected in the
background once the cursor rests (about 20 statements a schema, whatever its size), so that
opening a table costs only the read of its first window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Static

from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.tables.catalog import ShapeCache, list_tables
from hotdash_tui.db.tables.model import KINDS, SYSTEM_NAMES, TableEntry
from hotdash_tui.filters import FilterSpec, ParsedFilter
from hotdash_tui.screens.tables.cells import entry_cells, entry_columns
from hotdash_tui.screens.windowed import WindowedScreen
from hotdash_tui.widgets.columns import labels
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.line_table import LineTable
from hotdash_tui.widgets.window_table import RowCells, WindowTable

WARM_AFTER = 0.4  # seconds the cursor rests on a schema before it is reflected
FILTER_SPEC = FilterSpec(
    keys={
        "schema": None,
        "seed": frozenset({*(s for s in SYSTEM_NAMES if s), "none"}),
        "kind": frozenset(set(KINDS.values())),
    },
    examples={"schema": "inventory"},
)


@dataclass(frozen=True)
class EntryFilter:
    schema: str | None = None
    seed: str | None = None
    kind: str | None = None
    text: str = ""

    def matches(self, entry: TableEntry) -> bool:
        seed = entry.seed or "none"
        return (
            (self.schema is None or entry.schema == self.schema)
            and (self.seed is None or seed == self.seed)
            and (self.kind is None or entry.kind == self.kind)
            and self.text.lower() in entry.qualified.lower()
        )


class EntriesTable(WindowTable[TableEntry]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(lambda e: e.qualified, entry_columns, labels, id=id)

    def row_cells(self) -> RowCells[TableEntry]:
        columns = self.layout_columns
        return lambda entry: entry_cells(entry, columns)


class TablesScreen(WindowedScreen[TableEntry, None, EntryFilter]):
    """Every table, by seed; enter opens one."""

    SCREEN_NAME = "Tables"
    AREA = "tables"
    FILTER_SPEC = FILTER_SPEC
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Open", id="tables.open"),
        Binding("slash", "filter", "Filter", key_display="/", id="tables.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="tables.clear"),
        Binding("j", "cursor('down')", "Down", show=False, id="tables.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="tables.up"),
    ]

    def __init__(self) -> None:
        super().__init__(EntryFilter())
        self.entries: tuple[TableEntry, ...] = ()
        self.shapes = ShapeCache()
        self._warm_timer: Timer | None = None
        self._open_when_read: str | None = None  # a table asked for before the list was read

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield EntriesTable(id="tables-table")
        yield Static("", id="tables-empty")
        yield FilterBar("schema: seed: kind: or part of a name; enter applies", id="tables-filter")
        yield KeyBar()

    @property
    def table(self) -> EntriesTable:
        return self.query_one(EntriesTable)

    def default_spec(self) -> EntryFilter:
        return EntryFilter()

    def spec_from(self, parsed: ParsedFilter) -> EntryFilter:
        return EntryFilter(
            parsed.get("schema"), parsed.get("seed"), parsed.get("kind"), parsed.text
        )

    def read_first(self, spec: EntryFilter, limit: int) -> tuple[Sequence[TableEntry], None, int]:
        entries = list_tables(self.hotdash.database.engine)
        self.entries = entries
        self.hotdash.known_tables = tuple(e.qualified for e in entries)
        shown = sorted(
            (e for e in entries if spec.matches(e)), key=lambda e: (e.seed or "~", e.qualified)
        )
        return shown, None, len(shown)

    def show_window(self, items: Sequence[TableEntry]) -> None:
        super().show_window(items)
        if self._open_when_read is not None and self.entries:
            name, self._open_when_read = self._open_when_read, None
            self.open_named(name)

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        super().on_line_table_row_highlighted(event)
        # The schema under the cursor is reflected once the cursor rests there, so that
        # enter costs only the table's first window; a schema nobody looks at costs nothing.
        if self._warm_timer is not None:
            self._warm_timer.stop()
        entry = self.table.current
        if entry is not None and entry.can_select and not self.shapes.has(entry.schema):
            self._warm_timer = self.set_timer(WARM_AFTER, lambda: self._warm_schema(entry))

    def on_screen_suspend(self) -> None:
        # Left before the cursor rested: the prefetch is for a screen nobody looks at now
        # (20 statements, 0.6 s of a connection at a database 30 ms away).
        if self._warm_timer is not None:
            self._warm_timer.stop()
            self._warm_timer = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="tables-warm")
    def _warm_schema(self, entry: TableEntry) -> None:
        # An error is left to the opening of a table, which reports it.
        self.shapes.shape(self.hotdash.database.engine, entry, self.entries)

    def place(self) -> str:
        return self._spec_label or "every table, by seed"

    def describe_total(self, total: int) -> str:
        return f"{total:,}"

    def empty_text(self) -> str:
        if self.spec == EntryFilter():
            return "The database has no tables this role can see."
        return "No table matches this filter; esc clears it."

    def open_named(self, name: str) -> None:
        """Opens ``schema.name`` (the palette's "Table ..."), once the list is read."""
        if not self.entries:
            self._open_when_read = name
            return
        entry = next((e for e in self.entries if e.qualified == name), None)
        if entry is None:
            self.notify(f"There is no table {name} any more.", severity="warning")
        else:
            self._open_readable(entry)

    def action_details(self) -> None:
        entry = self.table.current
        if entry is not None:
            self._open_readable(entry)

    def _open_readable(self, entry: TableEntry) -> None:
        if entry.can_select:
            self._open(entry)
        else:
            self.notify(
                f"Your role may not read {entry.qualified} (no SELECT on it).", severity="warning"
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="tables-open")
    def _open(self, entry: TableEntry) -> None:
        try:
            shape = self.shapes.shape(self.hotdash.database.engine, entry, self.entries)
        except Exception as exc:
            error = describe_error(exc)
            self.app.call_from_thread(self.notify, error, title="Tables", severity="error")
            return
        from hotdash_tui.screens.tables.browse import TableRowsScreen

        screen = TableRowsScreen(shape, self.entries, self.shapes)
        self.app.call_from_thread(self.app.push_screen, screen)
