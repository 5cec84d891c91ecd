"""A table of fixed-width rows drawn line by line, with a row cursor and a fixed header.

The list screens' cells are already cut to their columns (``columns.fit``), so none of
DataTable's measuring, wrapping and padding is needed. Profiled at 120x40, DataTable spent
most of a screen switch rendering every visible cell again through Rich (its cell cache is
keyed on focus state and on a counter every added row bumps) and measured every cell of a
growing table on each appended window. Here a row becomes one Strip once, kept until the
row changes; a screen switch or a page-down only crops cached strips.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

HEADER_LINES = 1


class TableColumn(NamedTuple):
    key: str
    label: Text
    width: int


class LineView(ScrollView):
    """A ScrollView drawn line by line that looks up what its lines share once per pass.

    Textual asks ``render_line`` for each visible line. The widget's style (``rich_style``
    walks every ancestor) and its width were computed again for each: profiled at the
    board's first opening, that was over half of drawing its columns."""

    _pass: tuple[Style, int] | None = None
    _scrollbars_for: Size | None = None  # the content size the scrollbars were set for

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pass = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # The compositor passes the widget's region as its virtual size, which never equals
        # a ScrollView's own (its content sets it), so every layout of the screen counted as
        # a change and redrew the scrollbars: a frame of its own after each first opening.
        # The scrollbars are updated when the size or the content's size really changed.
        # (A private name of Textual's: hotdash_tui.library_internals says what it buys.)
        own = self.virtual_size
        if own != self._scrollbars_for:
            self._scrollbars_for = own
            return super()._size_updated(size, virtual_size, container_size, layout)
        return super()._size_updated(size, own, container_size, layout)

    def line_style_and_width(self) -> tuple[Style, int]:
        """The style every line starts from and the width it fills."""
        return self._pass or (self.rich_style, self.scrollable_content_region.width)


class LineTable(LineView, can_focus=True):
    """Rows of Text cells under a header; ``cursor_row`` is the highlighted row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first_row", "First row", show=False),
        Binding("end,ctrl+end", "last_row", "Last row", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-table--header",
        "line-table--cursor",
    }
    DEFAULT_CSS = """
    LineTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
        & > .line-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .line-table--cursor {
            background: $block-cursor-blurred-background;
        }
        &:focus > .line-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        &:nocolor > .line-table--cursor {
            text-style: reverse;
        }
    }
    """

    class RowHighlighted(Message):
        """The cursor is on ``cursor_row`` (posted on every move, and when rows are shown)."""

        def __init__(self, table: LineTable, cursor_row: int, row_key: str) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> LineTable:
            return self.table

    class RowSelected(RowHighlighted):
        """Enter (or a click on the cursor's row) chose ``cursor_row``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table_columns: list[TableColumn] = []
        self._rows: list[list[Text]] = []
        self._keys: list[str] = []
        self._index: dict[str, int] = {}  # row key -> row
        self._strips: dict[str, Strip] = {}  # a row's cells as one line, until it changes
        self._header: Strip | None = None  # the labels as one line, until the columns change
        self._cursor = 0

    # -- content ---------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def add_column(self, label: Text, *, width: int, key: str) -> None:
        self.table_columns.append(TableColumn(key, label, width))
        self._strips.clear()
        self._header = None
        self._resize_virtual()

    def add_rows(self, rows: Iterable[tuple[list[Text], str]]) -> None:
        """Appends rows, resizing the scrolled area once for all of them."""
        for cells, key in rows:
            self._index[key] = len(self._rows)
            self._rows.append(cells)
            self._keys.append(key)
        self._resize_virtual()
        self.refresh()

    def clear(self, *, columns: bool = False) -> None:
        self._rows.clear()
        self._keys.clear()
        self._index.clear()
        self._strips.clear()
        if columns:
            self.table_columns.clear()
            self._header = None
        self._cursor = 0
        self._resize_virtual()
        self.refresh()

    def replace_row(self, row_key: str, cells: list[Text]) -> None:
        """New cells for the row with this key, drawn in place."""
        self._rows[self._index[row_key]] = cells
        self._strips.pop(row_key, None)
        self.refresh()

    def row_index(self, row_key: str) -> int:
        return self._index[row_key]

    def has_row(self, row_key: str) -> bool:
        return row_key in self._index

    def get_row_at(self, row: int) -> list[Text]:
        return list(self._rows[row])

    def _resize_virtual(self) -> None:
        width = sum(column.width for column in self.table_columns)
        self.virtual_size = Size(width, self.row_count + HEADER_LINES)

    # -- the cursor ------------------------------------------------------------------------

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_LINES)

    def move_cursor(self, *, row: int) -> None:
        """Puts the cursor on ``row`` (clamped), scrolls it into view and says so."""
        if not self._rows:
            self._cursor = 0
            return
        self._cursor = max(0, min(row, self.row_count - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.RowHighlighted(self, self._cursor, self._keys[self._cursor]))

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + self.page_rows:
            self.scroll_to(y=self._cursor - self.page_rows + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_page_up(self) -> None:
        self.scroll_to(y=self.scroll_y - self.page_rows, animate=False, immediate=True)
        self.move_cursor(row=self._cursor - self.page_rows)

    def action_page_down(self) -> None:
        self.scroll_to(y=self.scroll_y + self.page_rows, animate=False, immediate=True)
        self.move_cursor(row=self._cursor + self.page_rows)

    def action_half_page(self, direction: int) -> None:
        step = max(1, self.page_rows // 2) * direction
        self.scroll_to(y=self.scroll_y + step, animate=False, immediate=True)
        self.move_cursor(row=self._cursor + step)

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_select_cursor(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self._cursor, self._keys[self._cursor]))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y - HEADER_LINES
        if event.y < HEADER_LINES or not 0 <= row < self.row_count:
            return
        if row == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(row=row)

    # -- drawing ---------------------------------------------------------------------------

    def _cells_strip(self, cells: list[Text]) -> Strip:
        console = self.app.console
        segments: list[Segment] = []
        for cell, column in zip(cells, self.table_columns, strict=False):
            cut = cell if cell.cell_len == column.width else _fitted(cell, column.width)
            segments.extend(cut.render(console, end=""))
        return Strip(segments)

    def _row_strip(self, row: int) -> Strip:
        key = self._keys[row]
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._cells_strip(self._rows[row])
        return strip

    def render_line(self, y: int) -> Strip:
        base, width = self.line_style_and_width()
        if y < HEADER_LINES:
            header = self.get_component_rich_style("line-table--header")
            if self._header is None:
                self._header = self._cells_strip([column.label for column in self.table_columns])
            strip = self._header.apply_style(header)
            return strip.crop_extend(0, width, base + header).apply_style(base)
        row = int(self.scroll_y) + y - HEADER_LINES
        if not 0 <= row < self.row_count:
            return Strip.blank(width, base)
        strip = self._row_strip(row).crop_extend(0, width, base)
        if row == self._cursor:
            return overlay(
                strip.apply_style(base), self.get_component_rich_style("line-table--cursor")
            )
        return strip.apply_style(base)


def _fitted(cell: Text, width: int) -> Text:
    cut = cell.copy()
    cut.truncate(width, overflow="crop", pad=True)
    return cut


def overlay(strip: Strip, style: Style) -> Strip:
    """A cursor's style over the strip's own (its background wins)."""
    return Strip(
        [
            Segment(text, (seg_style or Style()) + style, control)
            for text, seg_style, control in strip
        ]
    )
