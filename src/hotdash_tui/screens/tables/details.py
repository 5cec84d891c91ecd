"""`enter` on a browsed row: every column whole (JSON pretty-printed, long text wrapped), and
the rows its foreign keys reference, one `enter` away; `esc` comes back.

Secrets stay hidden (bytes as their length, a secret's name as <hidden>) until `s` reads this
one row again with them, which Postgres allows only when the role may read those columns."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.tables.catalog import ShapeCache, find_table
from hotdash_tui.db.tables.model import ForeignKey, Hidden, TableEntry, TableShape
from hotdash_tui.db.tables.read import read_row
from hotdash_tui.screens.modal import DetailsModal
from hotdash_tui.screens.tables.cells import value_text
from hotdash_tui.widgets.key_bar import KeyBar


def full_text(value: Any) -> str:
    """A value whole: JSON indented, a UUID in full, text as stored."""
    if isinstance(value, dict | list):
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    if value is None or isinstance(value, Hidden | bool):
        return value_text(value)
    return str(value) if not hasattr(value, "isoformat") else value.isoformat()


def row_text(shape: TableShape, row: dict[str, Any]) -> Text:
    """``name (type): value`` per column; a value of several lines starts on the next."""
    out = Text()
    out.append(f"{shape.entry.qualified}\n", style="bold")
    for column in shape.columns:
        key = ", key" if column.name in shape.key else ""
        out.append(column.name, style="bold")
        out.append(f" ({column.type_name.lower()}{key}): ", style="dim")
        value = full_text(row.get(column.name))
        out.append(("\n" + value if "\n" in value else value) + "\n")
    return out


def link_label(fk: ForeignKey, row: dict[str, Any]) -> str:
    values = ", ".join(value_text(row.get(c)) for c in fk.columns)
    return f"{', '.join(fk.columns)} {values} → {fk.schema}.{fk.table}"


class RowDetailsScreen(DetailsModal[None]):
    BOX_ID = "row-details-box"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="row.close"),
        Binding("q", "app.quit", "Quit", show=False, id="row.quit"),
        Binding("s", "reveal", "Secrets", id="row.reveal"),
        Binding("j", "scroll('down')", "Down", show=False, id="row.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="row.up"),
    ]

    def __init__(
        self,
        shape: TableShape,
        row: dict[str, Any],
        entries: tuple[TableEntry, ...],
        shapes: ShapeCache,
    ) -> None:
        super().__init__()
        self.shape = shape
        self.row = row
        self.entries = entries
        self.shapes = shapes
        self.links = [
            fk for fk in shape.foreign_keys if all(row.get(c) is not None for c in fk.columns)
        ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="row-details-box"):
            yield Static(row_text(self.shape, self.row), id="row-details-body")
        options = [Option(link_label(fk, self.row), id=str(n)) for n, fk in enumerate(self.links)]
        links = OptionList(*options, id="row-links")
        links.display = bool(options)
        yield links
        yield KeyBar()

    def focus_first(self) -> None:
        if self.links:  # enter on a link opens the row it references
            self.query_one(OptionList).focus()
        else:
            super().focus_first()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return any(c.masked for c in self.shape.columns) and bool(self.shape.key)
        return True

    def action_reveal(self) -> None:
        match = {k: self.row[k] for k in self.shape.key}
        self._read(self.shape, match, reveal=True)

    @on(OptionList.OptionSelected, "#row-links")
    def follow(self, event: OptionList.OptionSelected) -> None:
        fk = self.links[int(event.option.id or 0)]
        try:
            entry = find_table(self.entries, f"{fk.schema}.{fk.table}")
        except Exception as exc:
            self.notify(describe_error(exc), severity="error")
            return
        match = {ref: self.row[col] for col, ref in zip(fk.columns, fk.referred, strict=True)}
        self._follow(entry, match)

    @work(thread=True, exclusive=True, exit_on_error=False, group="row-follow")
    def _follow(self, entry: TableEntry, match: dict[str, Any]) -> None:
        try:
            shape = self.shapes.shape(self.app_engine(), entry, self.entries)
        except Exception as exc:
            self.app.call_from_thread(self.notify, describe_error(exc), severity="error")
            return
        self._read(shape, match, reveal=False, replace=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="row-read")
    def _read(
        self, shape: TableShape, match: dict[str, Any], *, reveal: bool, replace: bool = True
    ) -> None:
        try:
            row = read_row(self.app_engine(), shape, match, reveal=reveal)
        except Exception as exc:
            self.app.call_from_thread(
                self.notify, describe_error(exc), title="Row", severity="error"
            )
            return
        if row is None:
            self.app.call_from_thread(
                self.notify, f"No row of {shape.entry.qualified} has it.", severity="warning"
            )
        elif replace:
            self.row = row
            self.app.call_from_thread(
                self.query_one("#row-details-body", Static).update, row_text(shape, row)
            )
        else:
            screen = RowDetailsScreen(shape, row, self.entries, self.shapes)
            self.app.call_from_thread(self.app.push_screen, screen)

    def app_engine(self) -> Any:
        from hotdash_tui.app import HotdashApp

        app = self.app
        assert isinstance(app, HotdashApp)
        return app.database.engine
