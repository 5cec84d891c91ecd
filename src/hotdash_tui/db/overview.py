"""The overview's tiles: eight small aggregates, computed in SQL, read by one statement."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
from hotdash_tui.db.stock.read import position_of, positions_params
from hotdash_tui.db.together import AS_DATE, AS_TIME, Part, read_together

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


Rows = Sequence[Any]
"""A tile's rows: SQLAlchemy's, or the same columns decoded from JSON (:class:`Part`)."""


@dataclass(frozen=True)
class Tile:
    """One tile's read: its named query (with what JSON gives as text), the parameters it
    takes from ``now``, and what it makes of the rows."""

    part: Part
    params: Callable[[datetime], dict[str, Any]]
    figures: Callable[[Rows], dict[str, Any]]


def _approvals(rows: Rows) -> dict[str, Any]:
    return {"approvals": tuple(PendingApprovals(r.source, r.pending, r.oldest) for r in rows)}


def _board(rows: Rows) -> dict[str, Any]:
    return {
        "stages": tuple(
            StageCount(r.stage, r.sort_order, r.is_terminal, r.color, r.tasks, r.overdue)
            for r in rows
        )
    }


def _alerts(rows: Rows) -> dict[str, Any]:
    return {"new_alerts": tuple(SeverityCount(r.severity, r.alerts) for r in rows)}


def _margins(rows: Rows) -> dict[str, Any]:
    (floor,) = rows
    return {"below_floor": int(floor.below_floor or 0), "priced_listings": int(floor.priced or 0)}


def _runs(rows: Rows) -> dict[str, Any]:
    return {"failed_runs": tuple(FailedRuns(r.source, r.failed) for r in rows)}


def _roas(rows: Rows) -> dict[str, Any]:
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


def _stock(rows: Rows) -> dict[str, Any]:
    # The risk rules are the stock view's (db/stock/model.py): the tile counts the positions
    # that view reads, one row per SKU-location (at most 2,000), not the snapshot history.
    return {"stock": StockCounts.of(tuple(position_of(row) for row in rows))}


def _errors(rows: Rows) -> dict[str, Any]:
    return {"errors": tuple(ErrorCount(r.level, r.service, r.lines) for r in rows)}


def _now(now: datetime) -> dict[str, Any]:
    return {"now": now}


TILE_READS: dict[str, Tile] = {
    "approvals": Tile(
        Part("overview_pending_approvals", {"oldest": AS_TIME}), lambda _: {}, _approvals
    ),
    "board": Tile(Part("overview_tasks_per_stage"), _now, _board),
    "alerts": Tile(Part("overview_new_alerts"), lambda _: {"cap": NEW_ALERTS_CAP + 1}, _alerts),
    "margins": Tile(Part("overview_below_margin_floor"), lambda _: {}, _margins),
    "runs": Tile(Part("overview_failed_runs"), _now, _runs),
    "roas": Tile(Part("overview_roas"), lambda now: {"now": now, "days": ROAS_WINDOW_DAYS}, _roas),
    "stock": Tile(
        Part("stock_positions", {"snapshot_date": AS_DATE}),
        lambda now: positions_params(now.date()),
        _stock,
    ),
    "errors": Tile(Part("overview_errors"), _now, _errors),
}
"""Each tile's read, in the order the tiles are read. Their bound names do not clash, and
``now`` is the same value for all, so one statement can take every tile's parameters."""


def _refusal(error: sqlalchemy.exc.DBAPIError) -> str | None:
    """The server's reason when ``error`` is a missing privilege, else None."""
    if isinstance(error.orig, psycopg.errors.InsufficientPrivilege):
        return (error.orig.diag.message_primary or str(error.orig)).strip()
    return None


def _all_params(now: datetime) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for tile in TILE_READS.values():
        params |= tile.params(now)
    return params


def load_overview(engine: sqlalchemy.Engine, now: datetime) -> Overview:
    """Every tile of the overview, read by one statement (:mod:`~hotdash_tui.db.together`):
    one round trip where eight statements in a transaction took ten.

    A role that may not read some tile's table (a least-privilege role) has that statement
    refused; the tiles are then read one by one, and only the refused ones stay empty."""
    parts = {name: tile.part for name, tile in TILE_READS.items()}
    try:
        with reading(engine, each_statement=True) as conn:
            rows = read_together(conn, parts, _all_params(now))
    except sqlalchemy.exc.ProgrammingError as error:
        if _refusal(error) is None:
            raise
        return read_tile_by_tile(engine, now)
    figures: dict[str, Any] = {}
    for name, tile in TILE_READS.items():
        figures.update(tile.figures(rows[name]))
    return Overview(now=now, **figures)


def read_tile_by_tile(engine: sqlalchemy.Engine, now: datetime) -> Overview:
    """The tiles one statement each, in one read-only transaction. A refused tile costs only
    that tile: the transaction it aborted is begun again for the tiles after it."""
    figures: dict[str, Any] = {}
    refused: dict[str, str] = {}
    pending = list(TILE_READS)
    while pending:  # each pass reads at least one tile or refuses it
        with reading(engine) as conn:
            while pending:
                name = pending.pop(0)
                tile = TILE_READS[name]
                try:
                    figures.update(tile.figures(run(conn, tile.part.query, tile.params(now)).all()))
                except sqlalchemy.exc.ProgrammingError as error:
                    reason = _refusal(error)
                    if reason is None:
                        raise
                    refused[name] = reason
                    break  # the transaction is aborted: the rest get a new one
    return Overview(now=now, refused=refused, **figures)
