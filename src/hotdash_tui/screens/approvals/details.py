"""`enter` on an approval: the reason, the context JSON pretty-printed, the linked task's input,
output and evidence, and the product or listing it touches. `a` / `r` decide from here."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from hotdash_tui.db.approvals import ApprovalDetails
from hotdash_tui.formatting import relative, when
from hotdash_tui.screens.modal import DetailsModal
from hotdash_tui.widgets.key_bar import KeyBar

DetailsChoice = Literal["approve", "reject", "feedback"]


def pretty(value: Any) -> str:
    """JSON as a reviewer reads it: indented, keys in order, non-ASCII kept."""
    if value is None:
        return "-"
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str)


def details_text(details: ApprovalDetails, now: datetime) -> Text:
    item = details.item
    out = Text()

    def heading(title: str) -> None:
        out.append(f"\n{title}\n", style="bold underline")

    def line(label: str, value: str | None) -> None:
        if value:
            out.append(f"{label}: ", style="bold")
            out.append(f"{value}\n")

    source = "Task approval" if item.source == "tasks" else "Agent approval"
    out.append(f"{source}: {item.kind}\n", style="bold")
    out.append(f"{item.summary}\n")
    line("Status", item.shown_status(now))
    line("Confidence", None if item.confidence is None else f"{item.confidence}/10")
    line("Requested", f"{when(now, item.requested_at)} ({relative(now, item.requested_at)})")
    if item.expires_at is not None:
        line("Expires", when(now, item.expires_at))
    if item.decided_at is not None:
        line("Decided", f"{when(now, item.decided_at)} by {item.decided_by or '?'}")
    line("Decision reason", item.decision_reason)
    line("Reason", item.reason)
    line("Agent", details.agent_name)
    line("Agent run", details.agent_run_status)
    line("Touches", details.entity)
    if details.touched is not None:
        touched = details.touched
        line(touched.kind.capitalize(), f"{touched.title} ({touched.status or '?'}) {touched.key}")
    if item.source == "tasks":
        line("Task", f"{details.task_type or '?'} ({details.task_status or 'no task'})")
    if details.impact is not None:
        # Before the payload: what approving would do is what a reviewer weighs first.
        heading("What it touches" + (" (check before approving)" if details.impact.warning else ""))
        for label, value in details.impact.lines:
            line(label, value)
    heading("Context" if item.source == "tasks" else "Action payload")
    out.append(pretty(details.context) + "\n")
    if item.source == "tasks":
        for title, value in (
            ("Task input", details.task_input),
            ("Task output", details.task_output),
            ("Evidence", details.task_evidence),
        ):
            heading(title)
            out.append(pretty(value) + "\n")
    if details.decisions:
        heading("Decision log")
        for entry in details.decisions:
            out.append(f"{entry}\n")
    return out


class ApprovalDetailsScreen(DetailsModal[DetailsChoice | None]):
    """Dismisses with "approve" / "reject" / "feedback" when chosen here, else None."""

    BOX_ID = "details-box"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="details.close"),
        Binding("q", "app.quit", "Quit", show=False, id="details.quit"),
        Binding("a", "choose('approve')", "Approve", id="details.approve"),
        Binding("r", "choose('reject')", "Reject", id="details.reject"),
        Binding("F", "choose('feedback')", "Feedback", id="details.feedback"),
        Binding("j", "scroll('down')", "Down", show=False, id="details.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="details.up"),
    ]

    def __init__(self, details: ApprovalDetails, now: datetime) -> None:
        super().__init__()
        self.details = details
        self.now = now

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="details-box"):
            yield Static(details_text(self.details, self.now), id="details-body")
        yield KeyBar()

    def action_choose(self, choice: DetailsChoice) -> None:
        self.dismiss(choice)
