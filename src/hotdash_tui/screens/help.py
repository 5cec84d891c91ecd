"""``?``: the keys of the screen you are on, then the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def keys_table(screen: Screen[object], global_bindings: list[Binding]) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("action")
    # Keys kept out of the footer for room (h, l, j, k, esc) are still the screen's keys.
    own = [b for b in screen.BINDINGS if isinstance(b, Binding) and b.description]
    if own:
        table.add_row("", f"[u]{screen.__class__.__name__.removesuffix('Screen')}[/u]")
        for binding in own:
            table.add_row(binding.key_display or binding.key, binding.description)
        table.add_row("", "")
    table.add_row("", "[u]Everywhere[/u]")
    for binding in global_bindings:  # hidden from the footer, never from help
        table.add_row(binding.key_display or binding.key, binding.description)
    return table


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, table: Table) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("Keys  (esc closes)", classes="help-title")
            yield Static(self.table)
