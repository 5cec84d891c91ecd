"""Prices and margins (key 4): Amazon listings with their price, buy box, landed cost, fees
and margins; and, on a second tab, seed 000's digital listings with 30 days of sales.

Both tabs are keyset windows read in thread workers, the next window fetched as the cursor
nears the end. ``e`` edits the selected listing's price (:mod:`.price_form`), ``f`` keeps the
listings under their margin floor, ``s`` cycles the order, ``t`` switches tabs, ``/`` filters
the tab shown. Rows under their floor are marked ``▼`` (and their net margin ``!``)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import ContentSwitcher, Static

from hotdash_tui.db.prices.digital import (
    DIGITAL_FILTER_SPEC,
    DigitalView,
)
from hotdash_tui.db.prices.form import money
from hotdash_tui.db.prices.read import (
    LISTINGS_FILTER_SPEC,
    SORTS,
    PriceView,
    describe_count,
)
from hotdash_tui.db.prices.write import PriceSaved
from hotdash_tui.filters import FilterError, FilterSpec, parse_filter
from hotdash_tui.screens.prices.form import PriceFormScreen
from hotdash_tui.screens.prices.reading import DigitalTable, ListingsTable, PricesReading, Tab
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.line_table import LineTable

TAB_TITLES: dict[Tab, str] = {"listings": "Amazon listings", "digital": "Digital products"}
PLACEHOLDERS: dict[Tab, str] = {
    "listings": "sku: asin: or text in SKU, ASIN, title; enter applies, esc clears",
    "digital": "platform:etsy|gumroad or text in the title; enter applies, esc clears",
}
LISTINGS_ONLY = frozenset({"edit", "toggle_floor", "cycle_sort"})


class PricesScreen(PricesReading):
    """Lowest net margin first; e edits a price, f shows the listings under their floor."""

    SCREEN_NAME = "Prices"
    WATCHES = frozenset({"pricing.current_prices"})
    WRITE_ACTIONS = frozenset({"edit"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit price", id="prices.edit"),
        Binding("f", "toggle_floor", "Below floor", id="prices.floor"),
        Binding("s", "cycle_sort", "Sort", id="prices.sort"),
        Binding("t", "switch_tab", "Tab", id="prices.tab"),
        Binding("slash", "filter", "Filter", key_display="/", id="prices.filter"),
        Binding("enter", "edit", "Edit price", show=False, id="prices.enter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="prices.clear"),
        Binding("j", "cursor('down')", "Down", show=False, id="prices.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="prices.up"),
        Binding("g", "first_row", "First row", show=False, id="prices.first"),
        Binding("G", "last_row", "Last row", show=False, id="prices.last"),
        Binding("ctrl+d", "half_page(1)", "Half a page down", show=False, id="prices.half_down"),
        Binding("ctrl+u", "half_page(-1)", "Half a page up", show=False, id="prices.half_up"),
    ]

    def action_first_row(self) -> None:
        self._table().action_first_row()

    def action_half_page(self, direction: int) -> None:
        self._table().action_half_page(direction)

    def action_last_row(self) -> None:
        """The last row read; when more are left, how many there are (the next window is read
        as the cursor nears the end, as ever)."""
        table, total = self._table(), self.totals[self.tab]
        table.action_last_row()
        more = self._price_cursor if self.tab == "listings" else self._digital_cursor
        if more is not None and total is not None:
            self.notify(
                f"{len(table.items):,} of {describe_count(total)} rows are read; page on for "
                "the rest, or narrow the list with /.",
                title="Last row",
            )

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield Static("", id="prices-tabs")
        with ContentSwitcher(initial="listings", id="prices-switcher"):
            yield ListingsTable()
            yield DigitalTable()
        yield Static("", id="prices-empty")
        yield FilterBar(PLACEHOLDERS["listings"], id="prices-filter")
        yield KeyBar()

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self._fit(self.app.size.width)
        self._show_tabs()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.listings.fit_width(width)
        self.digital.fit_width(width)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload()  # shown first, back from another screen or from the price form

    # Tabs ----------------------------------------------------------------------------------

    def _show_tabs(self) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        for tab, title in TAB_TITLES.items():
            if tab == self.tab:  # ▸ and brackets say which tab is shown, with or without color
                line.append(f"▸[{title}]", style="bold reverse")
            else:
                line.append(f"  {title} ")
            line.append("  ")
        line.append("t switches", style="dim")
        self.query_one("#prices-tabs", Static).update(line)

    def action_switch_tab(self) -> None:
        self.tab = "digital" if self.tab == "listings" else "listings"
        self.query_one(ContentSwitcher).current = self.tab
        self.filter_bar.placeholder = PLACEHOLDERS[self.tab]
        self.filter_bar.value = self.filter_text[self.tab]
        self._show_tabs()
        self._table().focus()
        self.refresh_bindings()
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Nothing to edit, filter by floor or sort on the digital tab.
        listings_only = action in LISTINGS_ONLY and self.tab != "listings"
        return not listings_only and super().check_action(action, parameters)

    def on_line_table_row_selected(self, event: LineTable.RowSelected) -> None:
        event.stop()  # enter on a listing edits its price, as e does
        self.action_edit()

    def action_cursor(self, direction: str) -> None:
        table = self._table()
        if direction == "down":
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    # Order, floor and filter ---------------------------------------------------------------

    def _restart(self) -> None:
        """A new view of the tab starts at its top."""
        self._table().show([], None, 0)
        self._table().focus()
        self.reload()

    def action_cycle_sort(self) -> None:
        following = SORTS[(SORTS.index(self.view.sort) + 1) % len(SORTS)]
        self.view = PriceView(following, self.view.below_floor, *self._terms())
        self._restart()

    def _terms(self) -> tuple[str | None, str | None, str | None]:
        return self.view.text, self.view.sku, self.view.asin

    def action_toggle_floor(self) -> None:
        self.view = PriceView(self.view.sort, not self.view.below_floor, *self._terms())
        self._restart()

    def action_filter(self) -> None:
        self.filter_bar.value = self.filter_text[self.tab]
        self.filter_bar.open()

    @property
    def filter_spec(self) -> FilterSpec:
        return LISTINGS_FILTER_SPEC if self.tab == "listings" else DIGITAL_FILTER_SPEC

    def apply_filter_text(self, text: str) -> None:
        self.filter_bar.value = text
        self._apply_text(text)

    def on_filter_bar_applied(self, message: FilterBar.Applied) -> None:
        self._apply_text(message.value)

    def _apply_text(self, text: str) -> None:
        try:
            parsed = parse_filter(text, self.filter_spec)
        except FilterError as exc:
            self.notify(str(exc), title="Filter", severity="error")
            return
        self.filter_text[self.tab] = parsed.describe()
        if self.tab == "listings":
            self.view = self.view.with_filter(parsed)
        else:
            self.digital_view = DigitalView.from_parsed(parsed)
        self._restart()
        if self.filter_text[self.tab]:
            self.hotdash.remember_filter(self.filter_text[self.tab])

    def action_clear_filter(self) -> None:
        if self.filter_bar.value or self.filter_text[self.tab]:
            self.filter_bar.value = ""
            self.filter_text[self.tab] = ""
            if self.tab == "listings":
                self.view = PriceView(self.view.sort, self.view.below_floor)
            else:
                self.digital_view = DigitalView()
            self._restart()

    # Editing -------------------------------------------------------------------------------

    def action_edit(self) -> None:
        if self.tab != "listings":
            return
        row = self.listings.current
        if row is None:
            self.notify("No listing here to edit.")
            return

        def saved(outcome: PriceSaved | None) -> None:
            if outcome is not None:
                cur = outcome.currency
                self.notify(
                    f"Price of {row.sku} set to {money(outcome.price, cur)}"
                    f" (was {money(outcome.old_price, cur)})."
                )

        self.app.push_screen(PriceFormScreen(row), saved)
