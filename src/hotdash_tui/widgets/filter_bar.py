"""The `/` filter line: hidden until asked for, applied on enter, cleared with esc."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    """A one-line input at the end of the screen's layout, just above the footer. Not docked:
    two widgets docked to the same edge overlap, and the footer is docked at the bottom.
    It posts Applied; the screen parses the text (so the error of a bad filter is the
    screen's to show) and runs it in SQL."""

    DEFAULT_CSS = """
    FilterBar {
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
    }
    FilterBar.-open {
        display: block;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="filter.clear"),
    ]

    class Applied(Message):
        """The user asked for this filter text ("" clears the filter)."""

        def __init__(self, bar: FilterBar, value: str) -> None:
            super().__init__()
            self.bar = bar
            self.value = value

        @property
        def control(self) -> FilterBar:
            return self.bar

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, compact=True)

    def open(self) -> None:
        """Shows the line with the current filter, ready to edit."""
        self.add_class("-open")
        self.focus()
        self.cursor_position = len(self.value)

    def close(self) -> None:
        self.remove_class("-open")
        if self.screen.focused is self:
            self.screen.focus_next()

    async def action_submit(self) -> None:
        self.post_message(self.Applied(self, self.value.strip()))
        self.close()

    def action_clear_filter(self) -> None:
        self.value = ""
        self.post_message(self.Applied(self, ""))
        self.close()
