"""What the details screens share: a scrolling box over the screen below, focused when it
opens, j / k scrolling it and esc closing it. Each screen declares its own bindings (their ids
are the user's keymap) and names its box in ``BOX_ID``."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.containers import VerticalScroll
from textual.screen import ModalScreen

R = TypeVar("R")


class DetailsModal(ModalScreen[R]):
    BOX_ID: ClassVar[str] = ""

    @property
    def box(self) -> VerticalScroll:
        return self.query_one(f"#{self.BOX_ID}", VerticalScroll)

    def on_mount(self) -> None:
        # Textual calls the on_mount of every class of the screen: a subclass says what
        # takes the focus by overriding focus_first, not on_mount.
        self.focus_first()

    def focus_first(self) -> None:
        self.box.focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        if direction == "down":
            self.box.scroll_down()
        else:
            self.box.scroll_up()
