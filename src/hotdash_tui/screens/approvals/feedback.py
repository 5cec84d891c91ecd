"""`F` on an agent approval: feedback to the agent that asked (thumbs up or down, a 1-5
rating, a comment or the corrected output), sent with a decision in its transaction or alone.

Tab moves between the fields; enter in any field sends; esc cancels and nothing is written.
A reject still needs its reason; a value that cannot be right is one line, and the dialog
stays open with everything typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from hotdash_tui.db.approvals.feedback import (
    FEEDBACK_TYPES,
    Feedback,
    FeedbackRefused,
    parse_feedback,
)

Then = Literal["approve", "reject", "none"]
THEN_LABELS: tuple[tuple[Then, str], ...] = (
    ("none", "feedback only"),
    ("approve", "and approve"),
    ("reject", "and reject"),
)
KIND_LABELS = {
    "thumbs_up": "thumbs up",
    "thumbs_down": "thumbs down",
    "correction": "correction",
    "comment": "comment",
}


@dataclass(frozen=True)
class FeedbackChoice:
    then: Then
    feedback: Feedback
    reason: str | None = None


class FeedbackDialog(ModalScreen[FeedbackChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="feedback.cancel"),
    ]

    def __init__(self, question: str, *, may_decide: bool = True) -> None:
        super().__init__()
        self.question = question
        self.may_decide = may_decide

    def compose(self) -> ComposeResult:
        with Vertical(id="feedback-box"):
            yield Static(self.question, id="feedback-question")
            with RadioSet(id="feedback-then"):
                for n, (then, label) in enumerate(THEN_LABELS):
                    if then == "none" or self.may_decide:
                        yield RadioButton(label, value=n == 0, id=f"then-{then}")
            yield Input(placeholder="reason (needed to reject)", id="feedback-reason")
            with RadioSet(id="feedback-kind"):
                for n, kind in enumerate(FEEDBACK_TYPES):
                    yield RadioButton(KIND_LABELS[kind], value=n == 0, id=f"kind-{kind}")
            yield Input(placeholder="rating 1-5 (optional)", max_length=1, id="feedback-rating")
            yield Input(
                placeholder="comment, or the corrected output (JSON or text)",
                id="feedback-comment",
            )
            yield Static("", id="feedback-error")
            yield Static("tab: next field   enter: send   esc: cancel", id="feedback-hint")

    def on_mount(self) -> None:
        self.query_one("#feedback-then", RadioSet).focus()

    def _chosen(self, set_id: str, prefix: str) -> str:
        pressed = self.query_one(f"#{set_id}", RadioSet).pressed_button
        return (pressed.id or "").removeprefix(prefix) if pressed is not None else ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.send()

    def send(self) -> None:
        chosen = self._chosen("feedback-then", "then-")
        then: Then = (
            "approve" if chosen == "approve" else "reject" if chosen == "reject" else "none"
        )
        reason = self.query_one("#feedback-reason", Input).value.strip() or None
        error = self.query_one("#feedback-error", Static)
        if then == "reject" and reason is None:
            error.update("A reason is required to reject; type one in the reason field.")
            self.query_one("#feedback-reason", Input).focus()
            return
        try:
            feedback = parse_feedback(
                self._chosen("feedback-kind", "kind-"),
                self.query_one("#feedback-rating", Input).value,
                self.query_one("#feedback-comment", Input).value,
            )
        except FeedbackRefused as exc:
            error.update(str(exc))
            return
        self.dismiss(FeedbackChoice(then, feedback, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
