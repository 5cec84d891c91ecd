"""`enter` on a log line: the line whole, its context (JSON, indented), and the other lines of
its trace in order, which tell what led to it."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from hotdash_tui.db.logs.model import LogLine
from hotdash_tui.formatting import as_utc, when
from hotdash_tui.screens.approvals.details import pretty
from hotdash_tui.screens.modal import DetailsModal
from hotdash_tui.widgets.key_bar import KeyBar


def details_text(line: LogLine, trace: tuple[LogLine, ...], now: datetime) -> Text:
    out = Text()
    out.append(f"{line.level} ", style="bold")
    out.append(f"{line.service}: {line.message}\n")
    out.append("Logged: ", style="bold")
    out.append(f"{when(now, line.at)}\n")
    out.append("Trace: ", style="bold")
    out.append(f"{line.trace_id or '-'}\n")
    out.append("\nContext\n", style="bold underline")
    out.append(pretty(line.context) + "\n")
    if line.trace_id:
        out.append("\nThe trace's other lines\n", style="bold underline")
        if not trace:
            out.append("None.\n")
        for other in trace:
            out.append(f"{as_utc(other.at):%b %d %H:%M:%S} {other.level:<5} ")
            out.append(f"{other.service}: {other.message}\n")
    return out


class LogDetailsScreen(DetailsModal[None]):
    BOX_ID = "log-details-box"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="log_details.close"),
        Binding("q", "app.quit", "Quit", show=False, id="log_details.quit"),
        Binding("j", "scroll('down')", "Down", show=False, id="log_details.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="log_details.up"),
    ]

    def __init__(self, line: LogLine, trace: tuple[LogLine, ...], now: datetime) -> None:
        super().__init__()
        self.line = line
        self.trace = trace
        self.now = now

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="log-details-box"):
            yield Static(details_text(self.line, self.trace, self.now), id="log-details-body")
        yield KeyBar()
