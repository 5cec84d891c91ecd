"""The reading half of the prices screen: both tabs' keyset windows, read in thread
workers and shown as they arrive, with the header's place and the empty-tab notice.
:class:`~hotdash_tui.screens.prices.screen.PricesScreen` adds the keys and the price form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, TypeVar

from sqlalchemy import Connection
from textual import on, work
from textual.widgets import Static

from hotdash_tui.db.engine import window_and_count
from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.prices.digital import (
    SALES_DAYS,
    DigitalCursor,
    DigitalRow,
    DigitalView,
    count_digital,
    load_digital_window,
)
from hotdash_tui.db.prices.read import (
    PAGE_SIZE,
    SORT_LABELS,
    PriceCursor,
    PriceRow,
    PriceView,
    count_prices,
    describe_count,
    load_price_window,
)
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.screens.prices import rows as rows
from hotdash_tui.screens.windowed import WindowedScreen
from hotdash_tui.widgets.line_table import LineTable
from hotdash_tui.widgets.window_table import RowCells, WindowTable

Tab = Literal["listings", "digital"]
PREFETCH = 10  # the next window is read when the cursor is this close to the end
MAX_RELOAD = 2_000  # a refresh re-reads at most this many rows, so the table stays small
T = TypeVar("T")


class ListingsTable(WindowTable[PriceRow]):
    def __init__(self) -> None:
        super().__init__(
            lambda r: str(r.listing_id), rows.listing_columns, rows.labels, id="listings"
        )

    def row_cells(self) -> RowCells[PriceRow]:
        columns = self.layout_columns
        return lambda row: rows.listing_cells(row, columns)


class DigitalTable(WindowTable[DigitalRow]):
    def __init__(self) -> None:
        super().__init__(lambda r: str(r.id), rows.digital_columns, rows.labels, id="digital")

    def row_cells(self) -> RowCells[DigitalRow]:
        columns = self.layout_columns
        return lambda row: rows.digital_cells(row, columns)


class PricesReading(HotdashScreen):
    """The state and reads of both tabs; the tab shown is ``tab``."""

    class ListingsLoaded(WindowedScreen.WindowLoaded[PriceRow, PriceCursor]):
        """A window of the listings tab."""

    class DigitalLoaded(WindowedScreen.WindowLoaded[DigitalRow, DigitalCursor]):
        """A window of the digital tab."""

    def __init__(self) -> None:
        super().__init__()
        self.tab: Tab = "listings"
        self.view = PriceView()
        self.digital_view = DigitalView()
        self.filter_text: dict[Tab, str] = {"listings": "", "digital": ""}
        self.totals: dict[Tab, int | None] = {"listings": None, "digital": None}
        self._generation: dict[Tab, int] = {"listings": 0, "digital": 0}
        self._loading_more: dict[Tab, bool] = {"listings": False, "digital": False}
        self._price_cursor: PriceCursor | None = None
        self._digital_cursor: DigitalCursor | None = None

    @property
    def listings(self) -> ListingsTable:
        return self.query_one(ListingsTable)

    @property
    def digital(self) -> DigitalTable:
        return self.query_one(DigitalTable)

    def _table(self) -> WindowTable[PriceRow] | WindowTable[DigitalRow]:
        return self.listings if self.tab == "listings" else self.digital

    # Reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Reads the tab shown again (at least a window); the cursor keeps its row."""
        tab = self.tab
        self._generation[tab] += 1
        self._loading_more[tab] = False
        limit = min(max(PAGE_SIZE, len(self._table().items)), MAX_RELOAD)
        if tab == "listings":
            self._load_prices(self._generation[tab], self.view, limit)
        else:
            self._load_digital(self._generation[tab], self.digital_view, limit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prices-load")
    def _load_prices(self, generation: int, view: PriceView, limit: int) -> None:
        engine = self.hotdash.database.engine
        try:
            rows, cursor, total = window_and_count(
                engine, lambda conn: _window(conn, view, limit), lambda c: count_prices(c, view)
            )
        except Exception as exc:
            self.post_message(self.ListingsLoaded(generation, error=describe_error(exc)))
        else:
            self.post_message(self.ListingsLoaded(generation, tuple(rows), cursor, total))

    @work(thread=True, exclusive=True, exit_on_error=False, group="prices-more")
    def _load_more_prices(self, generation: int, view: PriceView, after: PriceCursor) -> None:
        try:
            window = load_price_window(self.hotdash.database.engine, view, after=after)
        except Exception as exc:
            self.post_message(
                self.ListingsLoaded(generation, append=True, error=describe_error(exc))
            )
        else:
            self.post_message(
                self.ListingsLoaded(generation, window.rows, window.next_cursor, append=True)
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="digital-load")
    def _load_digital(self, generation: int, view: DigitalView, limit: int) -> None:
        engine, now = self.hotdash.database.engine, self.hotdash.clock()
        try:
            window = load_digital_window(engine, view, now, limit=limit)
            total = count_digital(engine, view)
        except Exception as exc:
            self.post_message(self.DigitalLoaded(generation, error=describe_error(exc)))
        else:
            self.post_message(
                self.DigitalLoaded(generation, window.rows, window.next_cursor, total)
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="digital-more")
    def _load_more_digital(self, generation: int, view: DigitalView, after: DigitalCursor) -> None:
        engine, now = self.hotdash.database.engine, self.hotdash.clock()
        try:
            window = load_digital_window(engine, view, now, after=after)
        except Exception as exc:
            self.post_message(
                self.DigitalLoaded(generation, append=True, error=describe_error(exc))
            )
        else:
            self.post_message(
                self.DigitalLoaded(generation, window.rows, window.next_cursor, append=True)
            )

    @on(ListingsLoaded)
    def listings_loaded(self, message: ListingsLoaded) -> None:
        if self._arrived("listings", message.generation, message.append, message.error):
            self._price_cursor = message.next_cursor
            self._show_window("listings", self.listings, message)

    @on(DigitalLoaded)
    def digital_loaded(self, message: DigitalLoaded) -> None:
        if self._arrived("digital", message.generation, message.append, message.error):
            self._digital_cursor = message.next_cursor
            self._show_window("digital", self.digital, message)

    def _show_window(
        self, tab: Tab, table: WindowTable[T], message: WindowedScreen.WindowLoaded[T, Any]
    ) -> None:
        """Appends a tab's next window, or shows its first one with the cursor kept on its row."""
        if message.append:
            table.extend(message.items)
        else:
            self.totals[tab] = message.total
            table.show(message.items, table.current_key, table.cursor_row)
        self._refresh_place(tab)

    def _arrived(self, tab: Tab, generation: int, append: bool, error: str) -> bool:
        """Whether a read's rows are to be shown: not overtaken, not failed."""
        self.app.post_message(ConnectionStateChanged(not error, error))
        if generation != self._generation[tab]:
            return False
        if append:
            self._loading_more[tab] = False
        return not error  # the App shows an error in the header and as a notice

    def _refresh_place(self, tab: Tab) -> None:
        if tab == self.tab:
            self._show_empty()
            self._show_position()

    def _show_empty(self) -> None:
        empty = self.query_one("#prices-empty", Static)
        table = self._table()
        filtered = bool(self.filter_text[self.tab]) or (
            self.tab == "listings" and self.view.below_floor
        )
        if table.items:
            text = ""
        elif filtered:
            text = "Nothing matches; esc clears the filter, f shows every listing."
        else:
            text = "Nothing to show here yet."
        empty.update(text)
        empty.display = not table.items

    def position_label(self) -> str:
        """The header's place: order, floor filter and `/` filter of the tab shown."""
        if self.tab == "listings":
            parts = [SORT_LABELS[self.view.sort]]
            if self.view.below_floor:
                parts.append(f"{rows.BELOW_FLOOR} below floor")
        else:
            parts = [f"digital, {SALES_DAYS} days"]
        if self.filter_text[self.tab]:
            parts.append(self.filter_text[self.tab])
        return " · ".join(parts)

    def _show_position(self) -> None:
        where = self.position_label()
        total = self.totals[self.tab]
        if total is None:
            self.show_position(where)
            return
        table = self._table()
        row = table.cursor_row + 1 if table.items else 0
        self.show_position(where, f"row {row} of {describe_count(total)}")

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        if event.table is not self._table():
            return
        self._show_position()
        if event.cursor_row < len(self._table().items) - PREFETCH or self._loading_more[self.tab]:
            return
        generation = self._generation[self.tab]
        if self.tab == "listings" and self._price_cursor is not None:
            self._loading_more["listings"] = True
            self._load_more_prices(generation, self.view, self._price_cursor)
        elif self.tab == "digital" and self._digital_cursor is not None:
            self._loading_more["digital"] = True
            self._load_more_digital(generation, self.digital_view, self._digital_cursor)


def _window(
    conn: Connection, view: PriceView, limit: int
) -> tuple[Sequence[PriceRow], PriceCursor | None]:
    found = load_price_window(conn, view, limit=limit)
    return found.rows, found.next_cursor
