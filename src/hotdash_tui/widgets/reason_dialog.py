"""Asks why, before a rejection (or what was done, before marking an alert actioned): a
required one-line answer; esc cancels and nothing is written."""

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

    def __init__(
        self,
        question: str,
        *,
        placeholder: str = "reason (required)",
        hint: str = "enter: reject   esc: cancel",
        required: str = REASON_REQUIRED,
        max_length: int = 0,
    ) -> None:
        """``max_length``: the most characters the answer may have (0: no limit); the field
        takes no more, so nothing typed is refused, or lost, after enter."""
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.hint = hint + (f"   (at most {max_length} characters)" if max_length else "")
        self.required = required
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box"):
            yield Static(self.question, id="reason-question")
            yield Input(placeholder=self.placeholder, max_length=self.max_length, id="reason-input")
            yield Static("", id="reason-error")
            yield Static(self.hint, id="reason-hint")

    def on_mount(self) -> None:
        self.query_one("#reason-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reason = event.value.strip()
        if not reason:
            self.query_one("#reason-error", Static).update(self.required)
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
