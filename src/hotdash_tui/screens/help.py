"""``?``: the keys of the screen you are on, its filter language, then the keys that work
everywhere and the command palette. Keys rebound in the config file show as rebound."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def key_label(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys that run a binding now: the config file's, else its own."""
    if binding.id and binding.id in keymap:
        return keymap[binding.id]
    return binding.key_display or binding.key


def keys_table(
    screen: Screen[object],
    global_bindings: list[Binding],
    keymap: Mapping[str, str] | None = None,
    filter_lines: list[tuple[str, str]] | None = None,
) -> Table:
    keymap = keymap or {}
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("action")
    # Keys kept out of the footer for room (h, l, j, k, esc) are still the screen's keys, and
    # so are those its own bases give it (g, G, ctrl+d, ctrl+u of every list).
    own = [
        b
        for cls in type(screen).__mro__
        if not cls.__module__.startswith("textual.")
        for b in cls.__dict__.get("BINDINGS", ())
        if isinstance(b, Binding) and b.description
    ]
    if own:
        table.add_row("", f"[u]{screen.__class__.__name__.removesuffix('Screen')}[/u]")
        for binding in own:
            table.add_row(key_label(binding, keymap), binding.description)
        table.add_row("", "")
    if filter_lines:
        table.add_row("", "[u]Filter[/u] (/ opens it; terms combine, esc clears)")
        for term, meaning in filter_lines:
            table.add_row(term, meaning, style="")
        table.add_row("", "")
    table.add_row("", "[u]Everywhere[/u]")
    for binding in global_bindings:  # hidden from the footer, never from help
        table.add_row(key_label(binding, keymap), binding.description)
    table.add_row("ctrl+p", "Command palette: screens, saved views, recent filters, theme")
    return table


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, table: Table, connection: str = "") -> None:
        """``connection``: the database and role, which a narrow header leaves out."""
        super().__init__()
        self.table = table
        self.connection = connection

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("Keys  (esc closes)", classes="help-title")
            if self.connection:
                yield Static(self.connection, id="help-connection")
            yield Static(self.table)
