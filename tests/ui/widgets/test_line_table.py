"""LineTable on its own, in a small App driven by the Pilot: what it draws, where its cursor
goes and what it tells its screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from hotdash_tui.widgets.line_table import LineTable

ROWS = 100


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: list[int] = []
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield LineTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(LineTable)
        table.add_column(Text("n   "), width=4, key="n")
        table.add_column(Text("name"), width=10, key="name")
        table.add_rows(([Text(f"{n:<4}"), Text(f"row {n}")], f"k{n}") for n in range(ROWS))
        table.focus()

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self.highlighted.append(event.cursor_row)

    def on_line_table_row_selected(self, event: LineTable.RowSelected) -> None:
        self.selected.append(event.row_key)


def screen_lines(app: App[None]) -> list[str]:
    table = app.query_one(LineTable)
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_header_then_rows_each_cut_to_its_column() -> None:
    app = TableApp()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert lines[0].startswith("n   name")
        assert lines[1].startswith("0   row 0")
        table = app.query_one(LineTable)
        table.replace_row("k1", [Text("1   "), Text("a name much too long")])
        await pilot.pause()
        line = screen_lines(app)[2]
        assert line.startswith("1   a name muc") and "long" not in line


async def test_keys_move_the_cursor_and_keep_it_in_view() -> None:
    app = TableApp()
    async with app.run_test(size=(30, 10)) as pilot:
        table = app.query_one(LineTable)
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and app.highlighted[-1] == 2
        await pilot.press("pagedown")
        page = table.page_rows
        assert table.cursor_row == 2 + page
        assert table.scroll_y <= table.cursor_row < table.scroll_y + page  # on screen
        await pilot.press("end")
        assert table.cursor_row == ROWS - 1 and app.highlighted[-1] == ROWS - 1
        assert screen_lines(app)[-1].startswith(f"{ROWS - 1:<4}row {ROWS - 1}")
        await pilot.press("pageup", "up")
        assert table.cursor_row == ROWS - 2 - page
        await pilot.press("home")
        assert table.cursor_row == 0 and table.scroll_y == 0
        await pilot.press("up")  # no row above the first
        assert table.cursor_row == 0


async def test_enter_and_a_click_on_the_cursor_row_select_it() -> None:
    app = TableApp()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.selected == ["k1"]
        await pilot.click(LineTable, offset=(2, 4))  # line 4: the header, then rows 0..2
        assert app.query_one(LineTable).cursor_row == 3
        await pilot.click(LineTable, offset=(2, 4))
        await pilot.pause()
        assert app.selected == ["k1", "k3"]


async def test_clear_forgets_rows_and_cursor_and_an_empty_table_selects_nothing() -> None:
    app = TableApp()
    async with app.run_test(size=(30, 10)) as pilot:
        table = app.query_one(LineTable)
        await pilot.press("down", "down")
        table.clear()
        await pilot.press("enter", "down")
        await pilot.pause()
        assert table.row_count == 0 and table.cursor_row == 0 and app.selected == []
        assert not table.has_row("k1")
        assert screen_lines(app)[1].strip() == ""
