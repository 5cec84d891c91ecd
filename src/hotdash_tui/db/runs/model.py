"""The pipeline runs screen's shapes: one line type over the four run logs, the `/` filter,
the keyset cursor, a run's details and the outcome of a re-queue. Nothing here talks to the
database.

Statuses are normalised in SQL (sql/runs.sql documents the mapping per source) to the small
set below, so one filter word means the same thing on every source."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from hotdash_tui.filters import FilterSpec, ParsedFilter, parse_since

Source = Literal["pipeline", "jobs", "system", "agents", "tasks"]
# The order of the sources among rows of the same time (the SQL's rank column).
SOURCES: tuple[Source, ...] = ("pipeline", "jobs", "system", "agents", "tasks")
STATUSES = ("success", "failure", "retry", "running", "queued", "skipped", "cancelled")
COUNT_CAP = 10_000
FILTER_SPEC = FilterSpec(
    keys={
        "source": frozenset(SOURCES),
        "status": frozenset(STATUSES),
        "stage": None,
        "since": None,
    },
    examples={"stage": "render"},
    explains={"since": "how far back: minutes, hours, days or weeks; e.g. since:30m, since:7d"},
)


@dataclass(frozen=True)
class RunFilter:
    """What the log shows: by default every run of every source, newest first."""

    source: Source | None = None
    status: str | None = None
    stage: str | None = None
    since: timedelta | None = None
    text: str = ""

    @classmethod
    def from_parsed(cls, parsed: ParsedFilter) -> RunFilter:
        source = parsed.get("source")
        stage = parsed.get("stage")
        since = parsed.get("since")
        return cls(
            source=next((s for s in SOURCES if s == source), None),
            status=parsed.get("status"),
            stage=stage.lower() if stage else None,
            since=parse_since(since) if since else None,
            text=parsed.text,
        )

    def wants(self, source: Source) -> bool:
        return self.source is None or self.source == source

    def since_moment(self, now: datetime) -> datetime:
        """The oldest time shown; the start of time when the filter has no since:."""
        if self.since is None:
            return datetime.min.replace(tzinfo=UTC)
        return now - self.since


@dataclass(frozen=True)
class RunKey:
    """Which record a line is: the source and its key (a UUID, or public.jobs' run_id)."""

    source: Source
    id: str


@dataclass(frozen=True)
class RunLine:
    """One line of the log: a stage attempt, a bot job, a system job or an agent run."""

    source: Source
    key_uuid: uuid.UUID | None
    key_text: str | None
    run_ref: str  # the run it belongs to: pipeline run_id, job run_id, or the row's UUID
    at: datetime
    name: str  # the stage, the bot job's template, the system job's type, the agent
    status: str  # normalised (STATUSES, or another stored value lower-cased)
    attempts: int | None = None
    max_attempts: int | None = None
    duration_ms: int | None = None
    cost_usd: Decimal | None = None
    tokens: int | None = None
    error: str | None = None

    @property
    def key(self) -> RunKey:
        return RunKey(self.source, str(self.key_uuid or self.key_text))


@dataclass(frozen=True)
class RunCursor:
    """The last line shown: the next window starts after it in the merged order."""

    at: datetime
    source: Source
    key_uuid: uuid.UUID | None
    key_text: str | None


@dataclass(frozen=True)
class RunWindow:
    lines: tuple[RunLine, ...]
    next_cursor: RunCursor | None  # None: the log has no more lines


@dataclass(frozen=True)
class Step:
    """One entry of a run's timeline: a stage attempt, a bot's event, an LLM call, a change."""

    at: datetime | None
    name: str
    status: str
    attempt: int | None = None
    duration_ms: int | None = None
    tokens: int | None = None
    cost_usd: Decimal | None = None
    cache_hit: bool | None = None
    note: str | None = None


@dataclass(frozen=True)
class Check:
    """One quality check of an agent run's output (agent_qc)."""

    name: str
    passed: bool
    score: Decimal | None
    checked_by: str | None
    note: str | None


@dataclass(frozen=True)
class Artifact:
    """Something a run produced: a bot job's artifact, or a pipeline stage's output ref."""

    kind: str
    name: str
    url: str | None = None
    size: int | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class RunDetails:
    """Everything `enter` shows about one run."""

    line: RunLine
    title: str
    facts: tuple[tuple[str, str], ...]  # label and value, in the order shown
    metrics: tuple[tuple[str, str], ...]  # totals computed in SQL
    steps: tuple[Step, ...]
    checks: tuple[Check, ...] = ()
    artifacts: tuple[Artifact, ...] = ()
    documents: tuple[tuple[str, Any], ...] = ()  # titled JSON: inputs, results, metadata


RetryOutcome = Literal["queued", "missing", "changed", "exhausted"]


@dataclass(frozen=True)
class RetryResult:
    """Re-queuing one failed system job: done, or why not (from the row as it is now)."""

    job_id: uuid.UUID
    outcome: RetryOutcome
    status: str | None = None  # the stored status now
    attempts: int | None = None
    max_attempts: int | None = None
    by: str | None = None  # who changed it last, when the audit log knows
    at: datetime | None = None  # when it changed (audit row, or the row's own times)

    @property
    def queued(self) -> bool:
        return self.outcome == "queued"
