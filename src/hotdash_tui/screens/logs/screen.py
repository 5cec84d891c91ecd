"""The error log (key 9): observability_logs at ERROR and FATAL, newest first; `/` widens it
to lower levels (level:warn, level:all), one service, since:, or text in the message. `f`
follows new lines by polling the top window, as the runs log does; `enter` shows a line's
context and the other lines of its trace."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from sqlalchemy import Connection
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from hotdash_tui.db.engine import window_and_count
from hotdash_tui.db.errors import describe_error
from hotdash_tui.db.logs.model import FILTER_SPEC, LogCursor, LogFilter, LogLine
from hotdash_tui.db.logs.read import count_logs, describe_count, load_logs, load_trace
from hotdash_tui.filters import ParsedFilter
from hotdash_tui.formatting import age
from hotdash_tui.screens.following import FollowingScreen
from hotdash_tui.screens.logs.details import LogDetailsScreen
from hotdash_tui.screens.windowed import PAGE, WindowedScreen
from hotdash_tui.widgets.columns import Column, fit, labels
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.window_table import RowCells, WindowTable

_LOUD = frozenset({"ERROR", "FATAL"})


def columns_for(width: int) -> tuple[Column, ...]:
    fixed = [
        Column("when", "age", 5),
        Column("level", "level", 6),
        Column("service", "service", 17),
    ]
    if width >= 110:
        fixed.append(Column("trace", "trace", 9))
    rest = max(10, width - sum(c.width for c in fixed) - 2)
    return (*fixed, Column("message", "message", rest))


def cells(line: LogLine, columns: tuple[Column, ...], now: datetime) -> list[Text]:
    values = {
        "when": age(now, line.at),
        "level": line.level,
        "service": line.service,
        "trace": (line.trace_id or "-")[:8],
        "message": " ".join(line.message.split()),
    }
    style = "bold" if line.level == "FATAL" else ""
    return [fit(values[c.key], c.width, style if c.key == "level" else "") for c in columns]


class LogsTable(WindowTable[LogLine]):
    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(lambda line: str(line.id), columns_for, labels, id=id)
        self.clock = clock

    def row_cells(self) -> RowCells[LogLine]:
        columns, now = self.layout_columns, self.clock()
        return lambda line: cells(line, columns, now)


class LogsScreen(FollowingScreen[LogLine, LogCursor, LogFilter]):
    SCREEN_NAME = "Errors"
    AREA = "logs"
    FOLLOWS = "new lines"
    FILTER_SPEC = FILTER_SPEC
    WATCHES = frozenset({"public.observability_logs"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", id="logs.details"),
        Binding("f", "follow", "Follow", id="logs.follow"),
        Binding("slash", "filter", "Filter", key_display="/", id="logs.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="logs.clear"),
        Binding("j", "cursor('down')", "Down", show=False, id="logs.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="logs.up"),
    ]

    def __init__(self) -> None:
        super().__init__(LogFilter())

    def compose(self) -> ComposeResult:
        yield HeaderLine()
        yield LogsTable(lambda: self.hotdash.clock(), id="logs-table")
        yield Static("", id="logs-empty")
        yield FilterBar("level: service: since: or text; enter applies", id="logs-filter")
        yield KeyBar()

    @property
    def table(self) -> LogsTable:
        return self.query_one(LogsTable)

    def default_spec(self) -> LogFilter:
        return LogFilter()

    def spec_from(self, parsed: ParsedFilter) -> LogFilter:
        return LogFilter.from_parsed(parsed)

    def read_first(
        self, spec: LogFilter, limit: int
    ) -> tuple[Sequence[LogLine], LogCursor | None, int]:
        now = self.hotdash.clock()

        def window(conn: Connection) -> tuple[Sequence[LogLine], LogCursor | None]:
            found = load_logs(conn, spec, now, limit=limit)
            return found.lines, found.next_cursor

        engine = self.hotdash.database.engine
        return window_and_count(engine, window, lambda conn: count_logs(conn, spec, now))

    def read_more(
        self, spec: LogFilter, after: LogCursor
    ) -> tuple[Sequence[LogLine], LogCursor | None]:
        engine, now = self.hotdash.database.engine, self.hotdash.clock()
        window = load_logs(engine, spec, now, after=after, limit=PAGE)
        return window.lines, window.next_cursor

    def place(self) -> str:
        label = self._spec_label or "ERROR and FATAL"
        return self.following_label() + label

    def describe_total(self, total: int) -> str:
        return describe_count(total)

    def empty_text(self) -> str:
        if self.spec == LogFilter():
            return "No ERROR or FATAL lines logged; / level:all shows every level."
        return "No log lines match this filter; esc clears it."

    # Details -------------------------------------------------------------------------------

    def action_details(self) -> None:
        line = self.table.current
        if line is not None:
            self._load_trace(line)

    @work(thread=True, exclusive=True, exit_on_error=False, group="logs-details")
    def _load_trace(self, line: LogLine) -> None:
        try:
            trace = load_trace(self.hotdash.database.engine, line)
        except Exception as exc:
            self.post_message(self.DetailsLoaded(None, describe_error(exc)))
        else:
            self.post_message(self.DetailsLoaded((line, trace)))

    @on(WindowedScreen.DetailsLoaded)
    def details_loaded(
        self, message: WindowedScreen.DetailsLoaded[tuple[LogLine, tuple[LogLine, ...]]]
    ) -> None:
        if message.error or message.details is None:
            self.notify(message.error or "That line is gone.", title="Details", severity="error")
            return
        line, trace = message.details
        self.app.push_screen(LogDetailsScreen(line, trace, self.hotdash.clock()))
