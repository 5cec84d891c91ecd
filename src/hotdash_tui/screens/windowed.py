"""What the approvals, alerts and runs screens share: one table of keyset windows, read in
thread workers (the next window as the cursor nears the end), a `/` filter, and the header's
place with row x of N.

A screen says how to read its first window and the next (:meth:`read_first`,
:meth:`read_more`), how a filter becomes its spec, and what its header and empty table say;
the windows it reads come back as :class:`WindowedScreen.WindowLoaded`, handled here once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from hotdash_tui.db.errors import describe_error
from hotdash_tui.filters import FilterError, FilterSpec, ParsedFilter, parse_filter
from hotdash_tui.messages import ConnectionStateChanged
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.line_table import LineTable
from hotdash_tui.widgets.window_table import WindowTable

T = TypeVar("T")  # a row
C = TypeVar("C")  # the keyset cursor after a window
S = TypeVar("S")  # the filter spec
# The messages' own type variables: mypy refuses a nested class bound by its outer class's.
RowT = TypeVar("RowT")
CursorT = TypeVar("CursorT")
DetailsT = TypeVar("DetailsT")

PAGE = 100  # rows per window
PREFETCH = 10  # the next window is read when the cursor is this close to the end
MAX_RELOAD = 2_000  # a refresh re-reads at most this many rows, so the table stays small


class WindowedScreen(HotdashScreen, Generic[T, C, S]):
    """``AREA`` names the screen's workers (``<area>-load``, ``<area>-more``) and its empty
    notice (``#<area>-empty``)."""

    AREA: ClassVar[str] = ""
    FILTER_SPEC: ClassVar[FilterSpec]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "first_row", "First row", show=False, id="list.first"),
        Binding("G", "last_row", "Last row (reads on to the end)", show=False, id="list.last"),
        Binding("ctrl+d", "half_page(1)", "Half a page down", show=False, id="list.half_down"),
        Binding("ctrl+u", "half_page(-1)", "Half a page up", show=False, id="list.half_up"),
    ]

    class WindowLoaded(Message, Generic[RowT, CursorT]):
        """A window read by a worker; ``append`` when it continues the rows shown. The
        prices screen, which reads two tables, posts subclasses of it."""

        def __init__(
            self,
            generation: int,
            items: tuple[RowT, ...] = (),
            next_cursor: CursorT | None = None,
            total: int | None = None,
            *,
            append: bool = False,
            error: str = "",
        ) -> None:
            super().__init__()
            self.generation = generation
            self.items = items
            self.next_cursor = next_cursor
            self.total = total
            self.append = append
            self.error = error

    class DetailsLoaded(Message, Generic[DetailsT]):
        """One item's details, read for the details screen; None when it no longer exists."""

        def __init__(self, details: DetailsT | None, error: str = "") -> None:
            super().__init__()
            self.details = details
            self.error = error

    def __init__(self, spec: S) -> None:
        super().__init__()
        self.spec = spec
        self._spec_label = ""  # the applied filter, normalised, for the header
        self.total: int | None = None
        self._next_cursor: C | None = None
        self._generation = 0  # a read started before the latest one is ignored
        self._loading = False
        self._loading_more = False
        self._to_end = False  # G asked for every row: go to the last once they are read
        self._land_on: str | None = None  # the row the next read puts the cursor on

    # What each screen says -----------------------------------------------------------------

    @property
    def table(self) -> WindowTable[T]:
        raise NotImplementedError

    def default_spec(self) -> S:
        raise NotImplementedError

    def spec_from(self, parsed: ParsedFilter) -> S:
        """The spec of a parsed filter; may raise FilterError."""
        raise NotImplementedError

    def read_first(self, spec: S, limit: int) -> tuple[Sequence[T], C | None, int]:
        """Runs in a worker: the first ``limit`` rows, the cursor after them, and the total."""
        raise NotImplementedError

    def read_more(self, spec: S, after: C) -> tuple[Sequence[T], C | None]:
        """Runs in a worker: the window after ``after``, and the cursor after it."""
        raise NotImplementedError

    def place(self) -> str:
        """The header's place before row x of N."""
        raise NotImplementedError

    def describe_total(self, total: int) -> str:
        raise NotImplementedError

    def empty_text(self) -> str:
        raise NotImplementedError

    # Shared --------------------------------------------------------------------------------

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self.table.fit_width(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.table.fit_width(event.size.width)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload()  # shown first, or back from another screen or a dialog: current rows

    def reload_limit(self) -> int:
        return min(max(PAGE, len(self.table.items)), MAX_RELOAD)

    def reload(self) -> None:
        """Reads the rows shown again (at least a window); the cursor keeps its row."""
        self._generation += 1
        self._loading, self._loading_more = True, False
        generation, spec, limit = self._generation, self.spec, self.reload_limit()
        self._read_in_thread(lambda: self._load(generation, spec, limit), "load")

    def _read_in_thread(self, read: Callable[[], None], kind: str) -> None:
        """A database read off the UI thread; a newer read of the same kind replaces it."""
        self.run_worker(
            read,
            name=f"{self.AREA}-{kind}",
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group=f"{self.AREA}-{kind}",
        )

    def _load(self, generation: int, spec: S, limit: int) -> None:
        try:
            items, next_cursor, total = self.read_first(spec, limit)
        except Exception as exc:
            self.post_message(self.WindowLoaded(generation, error=describe_error(exc)))
        else:
            self.post_message(self.WindowLoaded(generation, tuple(items), next_cursor, total))

    def _load_more(self, generation: int, spec: S, after: C) -> None:
        try:
            items, next_cursor = self.read_more(spec, after)
        except Exception as exc:
            self.post_message(self.WindowLoaded(generation, append=True, error=describe_error(exc)))
        else:
            self.post_message(self.WindowLoaded(generation, tuple(items), next_cursor, append=True))

    @on(WindowLoaded)
    def window_loaded(self, message: WindowLoaded[T, C]) -> None:
        self.app.post_message(ConnectionStateChanged(not message.error, message.error))
        if message.generation != self._generation:
            return  # overtaken by a newer read
        if message.append:
            self._loading_more = False
        else:
            self._loading = False
        if message.error:
            return  # the App shows it in the header and as a notice
        self._next_cursor = message.next_cursor
        table = self.table
        if message.append:
            table.extend(message.items)
        else:
            self.total = message.total
            self.show_window(message.items)
            if self._to_end:
                self._to_end = False
                table.action_last_row()
            empty = self.query_one(f"#{self.AREA}-empty", Static)
            empty.update("" if table.items else self.empty_text())
            empty.display = not table.items
        self._show_position()

    def land_on(self, row_key: str) -> None:
        """Puts the cursor on this row when the rows are next read (an undone decision's)."""
        self._land_on = row_key

    def show_window(self, items: Sequence[T]) -> None:
        """Shows a window read again; the cursor stays on its row (or lands where asked)."""
        table = self.table
        focus, self._land_on = self._land_on or table.current_key, None
        table.show(items, focus, table.cursor_row)

    def marks_label(self) -> str:
        """``3 marked`` for the header (lists whose rows can be marked say so)."""
        return ""

    def _show_position(self) -> None:
        where = " · ".join(part for part in (self.place(), self.marks_label()) if part)
        if self.total is None:
            self.show_position(where)
            return
        row = self.table.cursor_row + 1 if self.table.items else 0
        self.show_position(where, f"row {row} of {self.describe_total(self.total)}")

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self._show_position()
        near_end = event.cursor_row >= len(self.table.items) - PREFETCH
        after = self._next_cursor
        if near_end and after is not None and not self._loading_more:
            self._loading_more = True
            generation, spec = self._generation, self.spec
            self._read_in_thread(lambda: self._load_more(generation, spec, after), "more")

    def on_line_table_row_selected(self, event: LineTable.RowSelected) -> None:
        event.stop()  # enter on the table opens the details, as enter elsewhere does
        self.action_details()

    def action_details(self) -> None:
        raise NotImplementedError

    def action_first_row(self) -> None:
        self.table.action_first_row()

    def action_half_page(self, direction: int) -> None:
        self.table.action_half_page(direction)

    def action_last_row(self) -> None:
        """The last row: all of them read first when they are few enough, else the last one
        read, and how many there are."""
        table, total = self.table, self.total
        if self._next_cursor is None or total is None:
            table.action_last_row()
        elif total <= MAX_RELOAD:
            self._to_end = True
            self._generation += 1
            self._loading, self._loading_more = True, False
            generation, spec = self._generation, self.spec
            self._read_in_thread(lambda: self._load(generation, spec, total + 1), "load")
        else:
            table.action_last_row()  # near the end: the next window is read as usual
            self.notify(
                f"{len(table.items):,} of {self.describe_total(total)} rows are read; G reads "
                f"to the end of at most {MAX_RELOAD:,}. Narrow the list with /, or page on.",
                title="Last row",
            )

    def action_cursor(self, direction: str) -> None:
        if direction == "down":
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    # Filter --------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.filter_bar.open()

    @property
    def filter_spec(self) -> FilterSpec:
        return self.FILTER_SPEC

    def on_filter_bar_applied(self, message: FilterBar.Applied) -> None:
        self._apply_text(message.value)

    def apply_filter_text(self, text: str) -> None:
        self.filter_bar.value = text
        self._apply_text(text)

    def _apply_text(self, text: str) -> None:
        try:
            parsed = parse_filter(text, self.FILTER_SPEC)
            spec = self.spec_from(parsed)
        except FilterError as exc:
            self.notify(str(exc), title="Filter", severity="error")
            return
        label = parsed.describe()
        self._apply(spec, label)
        if label:
            self.hotdash.remember_filter(label)

    def action_clear_filter(self) -> None:
        if self.filter_bar.value or self.spec != self.default_spec():
            self.filter_bar.value = ""
            self._apply(self.default_spec(), "")

    def _apply(self, spec: S, label: str) -> None:
        self.spec = spec
        self._spec_label = label
        self.table.show([], None, 0)  # a new view starts at its top
        self.table.focus()
        self.reload()
