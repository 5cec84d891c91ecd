"""Stock-out risk (key 8): every SKU at every location with a recent snapshot, most urgent
first: what runs out before its supplier could deliver, what is at its reorder point, what has
under two weeks of supply. `enter` shows the SKU's 90-day stock plot and its suppliers.

The positions are one statement (sql/stock.sql), at most 2,000 of them; the filter narrows
them here, as the board's stages are."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.stock.model import (
    FILTER_SPEC,
    MAX_POSITIONS,
    StockDetails,
    StockFilter,
    StockPosition,
)
from hotdash_tui.db.stock.read import load_details, load_positions
from hotdash_tui.filters import ParsedFilter
from hotdash_tui.screens.stock import rows
from hotdash_tui.screens.stock.details import StockDetailsScreen
from hotdash_tui.screens.windowed import WindowedScreen
from hotdash_tui.widgets.columns import labels
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.window_table import RowCells, WindowTable


class StockTable(WindowTable[StockPosition]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(lambda p: p.key, rows.columns_for, labels, id=id)

    def row_cells(self) -> RowCells[StockPosition]:
        columns = self.layout_columns
        return lambda position: rows.cells(position, columns)


class StockScreen(WindowedScreen[StockPosition, None, StockFilter]):
    SCREEN_NAME = "Stock"
    AREA = "stock"
    FILTER_SPEC = FILTER_SPEC
    WATCHES = frozenset(
        {"public.inventory_snapshots", "public.reorder_points", "public.supplier_lead_times"}
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", id="stock.details"),
        Binding("slash", "filter", "Filter", key_display="/", id="stock.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="stock.clear"),
        Binding("j", "cursor('down')", "Down", show=False, id="stock.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="stock.up"),
    ]

    def __init__(self) -> None:
        super().__init__(StockFilter())
        self.capped = False

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield StockTable(id="stock-table")
        yield Static("", id="stock-empty")
        yield FilterBar("risk: sku: location: or text; enter applies", id="stock-filter")
        yield KeyBar()

    @property
    def table(self) -> StockTable:
        return self.query_one(StockTable)

    def today(self) -> date:
        return self.hotdash.clock().date()

    def default_spec(self) -> StockFilter:
        return StockFilter()

    def spec_from(self, parsed: ParsedFilter) -> StockFilter:
        return StockFilter.from_parsed(parsed)

    def read_first(
        self, spec: StockFilter, limit: int
    ) -> tuple[Sequence[StockPosition], None, int]:
        positions = load_positions(self.hotdash.database.engine, self.today())
        self.capped = len(positions) >= MAX_POSITIONS
        shown = [p for p in positions if spec.matches(p)]
        return shown, None, len(shown)

    def place(self) -> str:
        return self._spec_label or "most urgent first"

    def describe_total(self, total: int) -> str:
        return f"{total:,}+" if self.capped else f"{total:,}"

    def empty_text(self) -> str:
        if self.spec == StockFilter():
            return "No stock snapshots in the last 30 days."
        return "No position matches this filter; esc clears it."

    def action_details(self) -> None:
        position = self.table.current
        if position is not None:
            self._load_details(position)

    @work(thread=True, exclusive=True, exit_on_error=False, group="stock-details")
    def _load_details(self, position: StockPosition) -> None:
        try:
            details = load_details(self.hotdash.database.engine, position, self.today())
        except Exception as exc:
            self.post_message(self.DetailsLoaded(None, describe_error(exc)))
        else:
            self.post_message(self.DetailsLoaded(details))

    @on(WindowedScreen.DetailsLoaded)
    def details_loaded(self, message: WindowedScreen.DetailsLoaded[StockDetails]) -> None:
        if message.error or message.details is None:
            self.notify(
                message.error or "That position is gone.", title="Details", severity="error"
            )
            return
        self.app.push_screen(StockDetailsScreen(message.details))
