"""`enter` on a run: what it is, its metrics (summed in SQL), its timeline of stages, events
or LLM calls with their attempts and errors, its quality checks, artifacts and inputs."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from hotdash_tui.db.runs import RunDetails, Step, millis
from hotdash_tui.formatting import as_utc, when
from hotdash_tui.screens.approvals.details import pretty
from hotdash_tui.screens.modal import DetailsModal
from hotdash_tui.widgets.key_bar import KeyBar

DetailsChoice = Literal["retry"]


def step_line(step: Step, now: datetime) -> Text:
    """``11:52:04 render  failure  #2  12.4 s  3,100 tok  $0.0120  cache  ffmpeg exited…``"""
    out = Text()
    stamp = "--:--:--" if step.at is None else f"{as_utc(step.at):%H:%M:%S}"
    if step.at is not None and as_utc(step.at).date() != as_utc(now).date():
        stamp = f"{as_utc(step.at):%b %d} {stamp}"
    out.append(f"{stamp} {step.name[:16]:<16} ")
    out.append(f"{step.status:<8}", style="bold" if step.status in {"failure", "failed"} else "")
    parts = []
    if step.attempt is not None:
        parts.append(f"#{step.attempt}")
    if step.duration_ms is not None:
        parts.append(millis(step.duration_ms))
    if step.tokens:
        parts.append(f"{step.tokens:,} tok")
    if step.cost_usd is not None:
        parts.append(f"${step.cost_usd:.4f}")
    if step.cache_hit:
        parts.append("cached")
    if parts:
        out.append(" " + " ".join(parts))
    if step.note:
        out.append(f"\n{'':9}{step.note}")
    out.append("\n")
    return out


def details_text(details: RunDetails, now: datetime) -> Text:
    line = details.line
    out = Text()

    def heading(title: str) -> None:
        out.append(f"\n{title}\n", style="bold underline")

    def fact(label: str, value: str) -> None:
        out.append(f"{label}: ", style="bold")
        out.append(f"{value}\n")

    out.append(f"{details.title}\n", style="bold")
    fact("Logged", f"{when(now, line.at)}")
    for label, value in details.facts:
        fact(label, value)
    heading("Metrics")
    for label, value in details.metrics:
        fact(label, value)
    heading("Timeline")
    if not details.steps:
        out.append("Nothing recorded yet.\n")
    for step in details.steps:
        out.append_text(step_line(step, now))
    if details.checks:
        heading("Quality checks")
        for check in details.checks:
            verdict = "pass" if check.passed else "FAIL"
            score = "-" if check.score is None else f"{check.score}"
            out.append(f"{verdict} {check.name} (score {score}, by {check.checked_by or '?'})")
            out.append(f"  {check.note}\n" if check.note else "\n")
    if details.artifacts:
        heading("Artifacts")
        for artifact in details.artifacts:
            size = "" if artifact.size is None else f" {artifact.size:,} bytes"
            kind = f" {artifact.content_type}" if artifact.content_type else ""
            out.append(f"{artifact.kind}: {artifact.name}{size}{kind}\n")
            if artifact.url:
                out.append(f"  {artifact.url}\n")
    for title, document in details.documents:
        heading(title)
        out.append(pretty(document) + "\n")
    return out


class RunDetailsScreen(DetailsModal[DetailsChoice | None]):
    """Dismisses with "retry" when R is pressed here (the runs screen decides), else None."""

    BOX_ID = "run-details-box"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="run_details.close"),
        Binding("q", "app.quit", "Quit", show=False, id="run_details.quit"),
        Binding("R", "retry", "Re-queue", id="run_details.retry"),
        Binding("j", "scroll('down')", "Down", show=False, id="run_details.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="run_details.up"),
    ]

    def __init__(self, details: RunDetails, now: datetime) -> None:
        super().__init__()
        self.details = details
        self.now = now

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="run-details-box"):
            yield Static(details_text(self.details, self.now), id="run-details-body")
        yield KeyBar()

    def action_retry(self) -> None:
        self.dismiss("retry")
