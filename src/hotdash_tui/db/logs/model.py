"""The error log's shapes: a log line, the `/` filter and the keyset cursor. Nothing here
talks to the database.

``level:`` means that level and the ones above it (``level:warn`` is WARN, ERROR and FATAL);
the log opens at ``error``. ``since:`` reaches back in minutes, hours, days or weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hotdash_tui.filters import FilterSpec, ParsedFilter, parse_since

LEVELS = ("DEBUG", "INFO", "WARN", "ERROR", "FATAL")
DEFAULT_LEVEL = "error"
COUNT_CAP = 10_000
FILTER_SPEC = FilterSpec(
    keys={
        "level": frozenset({level.lower() for level in LEVELS} | {"all"}),
        "service": None,
        "since": None,
    },
    examples={"service": "worker"},
    explains={
        "level": "this level and above: debug, info, warn, error (the default), fatal or all;"
        " e.g. level:warn",
        "since": "how far back: minutes, hours, days or weeks; e.g. since:30m, since:7d",
    },
)


@dataclass(frozen=True)
class LogFilter:
    level: str = DEFAULT_LEVEL
    service: str | None = None
    since: timedelta | None = None
    text: str = ""

    @classmethod
    def from_parsed(cls, parsed: ParsedFilter) -> LogFilter:
        since = parsed.get("since")
        return cls(
            level=parsed.get("level") or DEFAULT_LEVEL,
            service=parsed.get("service"),
            since=parse_since(since) if since else None,
            text=parsed.text,
        )

    @property
    def levels(self) -> list[str]:
        if self.level == "all":
            return list(LEVELS)
        return list(LEVELS[LEVELS.index(self.level.upper()) :])

    def since_moment(self, now: datetime) -> datetime:
        return datetime.min.replace(tzinfo=UTC) if self.since is None else now - self.since


@dataclass(frozen=True)
class LogCursor:
    at: datetime
    id: int


@dataclass(frozen=True)
class LogLine:
    id: int
    level: str
    service: str
    message: str
    context: Any
    trace_id: str | None
    at: datetime


@dataclass(frozen=True)
class LogWindow:
    lines: tuple[LogLine, ...]
    next_cursor: LogCursor | None
