"""Asks why, before a rejection: a required one-line reason; esc cancels and nothing is written."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

REASON_REQUIRED = "A reason is required to reject; type one or press esc to cancel."


class ReasonDialog(ModalScreen[str | None]):
    """Dismisses with the reason typed (stripped), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="reason.cancel"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box"):
            yield Static(self.question, id="reason-question")
            yield Input(placeholder="reason (required)", id="reason-input")
            yield Static("", id="reason-error")
            yield Static("enter: reject   esc: cancel", id="reason-hint")

    def on_mount(self) -> None:
        self.query_one("#reason-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reason = event.value.strip()
        if not reason:
            self.query_one("#reason-error", Static).update(REASON_REQUIRED)
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
