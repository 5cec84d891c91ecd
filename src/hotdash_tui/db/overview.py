"""The overview's tiles: eight small aggregates, computed in SQL, read in one round of queries."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import psycopg
import sqlalchemy
import sqlalchemy.exc

from hotdash_tui.db.engine import reading
from hotdash_tui.db.sql import run
from hotdash_tui.db.stock.model import StockCounts
from hotdash_tui.db.stock.read import read_positions

ROAS_WINDOW_DAYS = 30
NEW_ALERTS_CAP = 1_000
"""The new-alerts tile counts each severity up to here and then reads ``1000+``."""


@dataclass(frozen=True)
class PendingApprovals:
    source: str
    pending: int
    oldest: datetime | None


@dataclass(frozen=True)
class StageCount:
    stage: str
    sort_order: int
    is_terminal: bool
    color: str | None
    tasks: int
    overdue: int


@dataclass(frozen=True)
class SeverityCount:
    """New alerts of one severity, at most ``NEW_ALERTS_CAP + 1`` (more than the cap)."""

    severity: str
    alerts: int

    @property
    def label(self) -> str:
        """``42``, or ``1000+`` when the count reached the cap."""
        return f"{NEW_ALERTS_CAP}+" if self.alerts > NEW_ALERTS_CAP else str(self.alerts)


@dataclass(frozen=True)
class FailedRuns:
    source: str
    failed: int


@dataclass(frozen=True)
class RoasFigure:
    """ROAS of one platform, or of all platforms when ``platform`` is None."""

    platform: str | None
    spend_cents: int
    revenue_cents: int
    roas: Decimal | None
    target_roas: Decimal | None

    @property
    def meets_target(self) -> bool | None:
        if self.roas is None or self.target_roas is None:
            return None
        return self.roas >= self.target_roas


@dataclass(frozen=True)
class ErrorCount:
    """ERROR or FATAL log lines of one service in the last 24 hours."""

    level: str
    service: str
    lines: int


@dataclass(frozen=True)
class Overview:
    now: datetime
    approvals: tuple[PendingApprovals, ...] = ()
    stages: tuple[StageCount, ...] = ()
    new_alerts: tuple[SeverityCount, ...] = ()
    below_floor: int = 0
    priced_listings: int = 0
    failed_runs: tuple[FailedRuns, ...] = ()
    roas: tuple[RoasFigure, ...] = ()
    roas_days: int = ROAS_WINDOW_DAYS
    stock: StockCounts | None = None
    errors: tuple[ErrorCount, ...] = ()
    refused: Mapping[str, str] = field(default_factory=dict)
    """Tiles (keys of :data:`TILE_READS`) the role may not read, with the server's reason;
    their figures above are left empty."""

    @property
    def pending_total(self) -> int:
        return sum(a.pending for a in self.approvals)

    @property
    def open_tasks(self) -> int:
        return sum(s.tasks for s in self.stages if not s.is_terminal)

    @property
    def errors_total(self) -> int:
        return sum(e.lines for e in self.errors)

    @property
    def failed_total(self) -> int:
        return sum(f.failed for f in self.failed_runs)

    @property
    def roas_total(self) -> RoasFigure | None:
        return next((r for r in self.roas if r.platform is None), None)


TileRead = Callable[[sqlalchemy.Connection, datetime], dict[str, Any]]


def _approvals(conn: sqlalchemy.Connection, _now: datetime) -> dict[str, Any]:
    rows = run(conn, "overview_pending_approvals")
    return {"approvals": tuple(PendingApprovals(r.source, r.pending, r.oldest) for r in rows)}


def _board(conn: sqlalchemy.Connection, now: datetime) -> dict[str, Any]:
    rows = run(conn, "overview_tasks_per_stage", {"now": now})
    return {
        "stages": tuple(
            StageCount(r.stage, r.sort_order, r.is_terminal, r.color, r.tasks, r.overdue)
            for r in rows
        )
    }


def _alerts(conn: sqlalchemy.Connection, _now: datetime) -> dict[str, Any]:
    rows = run(conn, "overview_new_alerts", {"cap": NEW_ALERTS_CAP + 1})
    return {"new_alerts": tuple(SeverityCount(r.severity, r.alerts) for r in rows)}


def _margins(conn: sqlalchemy.Connection, _now: datetime) -> dict[str, Any]:
    floor = run(conn, "overview_below_margin_floor").one()
    return {"below_floor": int(floor.below_floor or 0), "priced_listings": int(floor.priced or 0)}


def _runs(conn: sqlalchemy.Connection, now: datetime) -> dict[str, Any]:
    rows = run(conn, "overview_failed_runs", {"now": now})
    return {"failed_runs": tuple(FailedRuns(r.source, r.failed) for r in rows)}


def _roas(conn: sqlalchemy.Connection, now: datetime) -> dict[str, Any]:
    rows = run(conn, "overview_roas", {"now": now, "days": ROAS_WINDOW_DAYS})
    return {
        "roas": tuple(
            RoasFigure(
                r.platform,
                int(r.spend_cents or 0),
                int(r.revenue_cents or 0),
                r.roas,
                r.target_roas,
            )
            for r in rows
        )
    }


def _stock(conn: sqlalchemy.Connection, now: datetime) -> dict[str, Any]:
    # The risk rules are the stock view's (db/stock/model.py): the tile counts the positions
    # that view reads, one row per SKU-location (at most 2,000), not the snapshot history.
    return {"stock": StockCounts.of(read_positions(conn, now.date()))}


def _errors(conn: sqlalchemy.Connection, now: datetime) -> dict[str, Any]:
    rows = run(conn, "overview_errors", {"now": now})
    return {"errors": tuple(ErrorCount(r.level, r.service, r.lines) for r in rows)}


TILE_READS: dict[str, TileRead] = {
    "approvals": _approvals,
    "board": _board,
    "alerts": _alerts,
    "margins": _margins,
    "runs": _runs,
    "roas": _roas,
    "stock": _stock,
    "errors": _errors,
}
"""Each tile's read, in the order the tiles are read."""


def _refusal(error: sqlalchemy.exc.DBAPIError) -> str | None:
    """The server's reason when ``error`` is a missing privilege, else None."""
    if isinstance(error.orig, psycopg.errors.InsufficientPrivilege):
        return (error.orig.diag.message_primary or str(error.orig)).strip()
    return None


def load_overview(engine: sqlalchemy.Engine, now: datetime) -> Overview:
    """Every tile of the overview, read in one read-only transaction for a consistent view.

    A tile the role may not read (a least-privilege role, a role under RLS) costs only that
    tile: the transaction it aborted is begun again for the tiles after it, so a role that
    may read everything pays nothing for this."""
    figures: dict[str, Any] = {}
    refused: dict[str, str] = {}
    pending = list(TILE_READS)
    while pending:  # each pass reads at least one tile or refuses it
        with reading(engine) as conn:
            while pending:
                tile = pending.pop(0)
                try:
                    figures.update(TILE_READS[tile](conn, now))
                except sqlalchemy.exc.ProgrammingError as error:
                    reason = _refusal(error)
                    if reason is None:
                        raise
                    refused[tile] = reason
                    break  # the transaction is aborted: the rest get a new one
    return Overview(now=now, refused=refused, **figures)
