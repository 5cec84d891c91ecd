"""The bottom line of every screen: its keys, drawn as one line of text.

Textual's ``Footer`` mounts a widget per key and rebuilds them all (CSS applied to each) on
every screen switch and focus change; profiled, that was the largest part of opening a
screen. Here the keys are one ``Text``, rebuilt only when what it shows changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.text import Text
from textual.app import ScreenStackError
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

GAP = "  "  # between keys: two spaces keep "a approve  r reject" readable without colour


class KeyItem(NamedTuple):
    key: str
    description: str
    enabled: bool
    spare: bool = False  # the App's own key besides help and quit: the first to give way


KEPT_ACTIONS = frozenset({"help", "quit", "app.help", "app.quit"})


class KeyBar(Widget, can_focus=False):
    """The active screen's shown bindings, key then description; disabled keys are dim.

    When they do not fit, the App's own keys other than help and quit give way first (the
    number keys, ? lists them all). The command palette's key stands at the right end while
    there is room for it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: tuple[KeyItem, ...] = ()
        self.palette: KeyItem | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        try:
            items, palette = self._read_bindings(screen)
        except ScreenStackError:
            # A mode's first screen is mounted before the App pushes it (on Python 3.12 and
            # 3.13 this mount runs first); a binding aimed at ``screen.`` cannot be checked
            # until then. The screen's resume refreshes its bindings, which calls us again.
            return
        if (items, palette) != (self.items, self.palette):
            self.items, self.palette = items, palette
            self.refresh()

    def _read_bindings(self, screen: Screen[object]) -> tuple[tuple[KeyItem, ...], KeyItem | None]:
        app = self.app
        active = screen.active_bindings
        shown: dict[str, KeyItem] = {}  # one entry per action, as Textual's Footer does
        for node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in shown:
                spare = node is app and binding.action not in KEPT_ACTIONS
                shown[binding.action] = KeyItem(
                    app.get_key_display(binding), binding.description, enabled, spare
                )
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = KeyItem(app.get_key_display(binding), binding.description, enabled)
        return tuple(shown.values()), palette

    def _item_text(self, item: KeyItem) -> Text:
        text = Text.assemble(
            (item.key, self.get_component_rich_style("key-bar--key")),
            " ",
            (item.description, self.get_component_rich_style("key-bar--description")),
        )
        if not item.enabled:
            text.stylize("dim")
        return text

    def render(self) -> Text:
        line = self._line(self.items)
        if line.cell_len > self.size.width:
            line = self._line(tuple(item for item in self.items if not item.spare))
        if self.palette is not None:
            palette = self._item_text(self.palette)
            room = self.size.width - line.cell_len - palette.cell_len
            if room >= len(GAP):  # else the palette's key still works, it is only not shown
                line.append(" " * room)
                line.append_text(palette)
        return line

    def _line(self, items: tuple[KeyItem, ...]) -> Text:
        line = Text(no_wrap=True, overflow="crop", end="")
        for index, item in enumerate(items):
            if index:
                line.append(GAP)
            line.append_text(self._item_text(item))
        return line
