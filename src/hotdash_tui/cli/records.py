"""What each quick check reads, as records: the screens' own ``hotdash_tui.db`` reads (no query
of their own), one window of at most ``limit`` rows, with stable snake_case keys.

An approval's ``id`` is ``<source>:<uuid>`` (``tasks:…`` for approvals_queue, ``agents:…`` for
AgentApproval): the two sources are separate tables, and the prefix tells ``hotdash approve``
which one to decide without a lookup. A run's ``id`` is ``<source>:<key>`` the same way.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy

from hotdash_tui.cli.output import Record
from hotdash_tui.db.alerts import AlertFilter, load_alerts
from hotdash_tui.db.approvals import ApprovalFilter, ApprovalItem, load_approvals
from hotdash_tui.db.board.read import (
    BoardFilter,
    count_label,
    load_stages,
    read_column,
    read_counts,
)
from hotdash_tui.db.errors import HotdashError
from hotdash_tui.db.logs.model import LogFilter
from hotdash_tui.db.logs.read import load_logs
from hotdash_tui.db.prices.read import PriceView, load_price_window
from hotdash_tui.db.roas.model import AdsFigures, ChannelCost, StoreRevenue, SystemRevenue
from hotdash_tui.db.roas.read import load_roas
from hotdash_tui.db.runs import RunFilter, load_runs
from hotdash_tui.db.stock.model import StockFilter
from hotdash_tui.db.stock.read import load_positions


class UnknownStage(HotdashError):
    """``--stage`` names no stage of the board; the message lists the ones there are."""


@dataclass(frozen=True)
class Listing:
    """One check's output: every field for JSON/CSV, the table's columns, and the rows."""

    fields: tuple[str, ...]
    columns: dict[str, str]  # key -> heading, for the table
    records: tuple[Record, ...]
    more: bool = False  # the window was full: more rows match than were read
    wide: tuple[str, ...] = ()  # table columns that give way on a narrow terminal
    sections: tuple[tuple[str, tuple[Record, ...]], ...] = ()  # titled tables (the board)


def approval_id(item: ApprovalItem) -> str:
    return f"{item.source}:{item.id}"


APPROVAL_FIELDS = (
    "id", "source", "type", "status", "confidence", "summary", "reason", "requested_at",
    "expires_at", "decided_by", "decided_at", "decision_reason",
)  # fmt: skip


def read_approvals(
    engine: sqlalchemy.Engine, spec: ApprovalFilter, now: datetime, limit: int
) -> Listing:
    window = load_approvals(engine, spec, limit=limit)
    records = tuple(
        {
            "id": approval_id(i),
            "source": i.source,
            "type": i.kind,
            "status": i.shown_status(now),  # "expired" for a pending request past expiry
            "confidence": i.confidence,
            "summary": i.summary,
            "reason": i.reason,
            "requested_at": i.requested_at,
            "expires_at": i.expires_at,
            "decided_by": i.decided_by,
            "decided_at": i.decided_at,
            "decision_reason": i.decision_reason,
        }
        for i in window.items
    )
    # In the order a narrow terminal gives them up, from the right (the summary stays).
    columns = {"id": "id", "status": "status", "confidence": "conf", "type": "type"}
    columns |= {"requested_at": "requested", "summary": "what"}
    return Listing(APPROVAL_FIELDS, columns, records, window.next_cursor is not None, ("summary",))


BOARD_FIELDS = (
    "id", "stage", "title", "type", "priority", "due_date", "overdue", "completed_at", "asin",
    "listing_count", "tags", "updated_at",
)  # fmt: skip


def read_board(
    engine: sqlalchemy.Engine,
    spec: BoardFilter,
    stage_names: frozenset[str] | None,
    now: datetime,
    limit: int,
) -> Listing:
    """The first ``limit`` cards of each stage (or of the named ones), in board order, read
    in one consistent snapshot as the screen does."""
    sections: list[tuple[str, tuple[Record, ...]]] = []
    more = False
    with engine.connect() as conn:
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        stages = load_stages(conn)
        unknown = (stage_names or frozenset()) - {stage.name.lower() for stage in stages}
        if unknown:
            names = ", ".join(stage.name for stage in stages)
            raise UnknownStage(f'There is no stage "{min(unknown)}"; the stages are {names}')
        counts = read_counts(conn, spec)
        for stage in stages:
            if stage_names is not None and stage.name.lower() not in stage_names:
                continue
            page = read_column(conn, stage.id, spec, limit=limit, matches=counts.get(stage.id, 0))
            more = more or page.next_cursor is not None
            cards = tuple(
                {
                    "id": c.id,
                    "stage": stage.name,
                    "title": c.title,
                    "type": c.task_type,
                    "priority": c.priority,
                    "due_date": c.due_date,
                    "overdue": c.is_overdue(now.date()),
                    "completed_at": c.completed_at,
                    "asin": c.asin,
                    "listing_count": c.listing_count,
                    "tags": c.tags,
                    "updated_at": c.updated_at,
                }
                for c in page.cards
            )
            sections.append((f"{stage.name} ({count_label(counts.get(stage.id, 0))})", cards))
    records = tuple(card for _, cards in sections for card in cards)
    columns = {"id": "id", "type": "type", "priority": "prio", "due_date": "due"}
    columns |= {"overdue": "overdue", "asin": "asin", "title": "title"}
    return Listing(BOARD_FIELDS, columns, records, more, ("title",), tuple(sections))


ALERT_FIELDS = (
    "id", "severity", "type", "status", "competitor_asin", "competitor_brand",
    "competitor_title", "previous_value", "new_value", "change_pct", "affected_count",
    "first_affected_asin", "created_at", "actioned_at", "actioned_by", "action_taken",
)  # fmt: skip


def read_alerts(engine: sqlalchemy.Engine, spec: AlertFilter, limit: int) -> Listing:
    window = load_alerts(engine, spec, limit=limit)
    records = tuple(
        {
            "id": a.id,
            "severity": a.severity,
            "type": a.alert_type,
            "status": a.status,
            "competitor_asin": a.competitor_asin,
            "competitor_brand": a.competitor_brand,
            "competitor_title": a.competitor_title,
            "previous_value": a.previous_value,
            "new_value": a.new_value,
            "change_pct": a.change_pct,
            "affected_count": a.affected_count,
            "first_affected_asin": a.first_affected_asin,
            "created_at": a.created_at,
            "actioned_at": a.actioned_at,
            "actioned_by": a.actioned_by,
            "action_taken": a.action_taken,
        }
        for a in window.items
    )
    columns = {"id": "id", "severity": "severity", "status": "status", "type": "type"}
    columns |= {"change_pct": "change %", "competitor_asin": "competitor", "new_value": "now"}
    columns |= {"affected_count": "affects", "created_at": "created"}
    return Listing(ALERT_FIELDS, columns, records, window.next_cursor is not None)


MARGIN_FIELDS = (
    "listing_id", "sku", "asin", "title", "currency", "price", "sale_price", "buy_box_price",
    "has_buy_box", "landed_cost", "landed_from_bom", "referral_fee", "fba_fee", "fees",
    "gross_margin", "gross_margin_pct", "net_margin", "net_margin_pct", "margin_floor_pct",
    "below_floor", "min_price", "max_price", "updated_at",
)  # fmt: skip


def read_margins(engine: sqlalchemy.Engine, view: PriceView, limit: int) -> Listing:
    window = load_price_window(engine, view, limit=limit)
    records = tuple(
        {key: getattr(row, key) for key in MARGIN_FIELDS} for row in window.rows
    )  # every field is a PriceRow attribute or property of the same name
    columns = {"sku": "sku", "title": "title", "net_margin_pct": "net %"}
    columns |= {"margin_floor_pct": "floor %", "below_floor": "below", "price": "price"}
    columns |= {"sale_price": "sale", "net_margin": "net", "currency": "cur"}
    return Listing(MARGIN_FIELDS, columns, records, window.next_cursor is not None, ("title",))


RUN_FIELDS = (
    "id", "source", "run_ref", "at", "name", "status", "attempts", "max_attempts",
    "duration_ms", "cost_usd", "tokens", "error",
)  # fmt: skip


def read_runs(engine: sqlalchemy.Engine, spec: RunFilter, now: datetime, limit: int) -> Listing:
    window = load_runs(engine, spec, now, limit=limit)
    records = tuple(
        {
            "id": f"{r.key.source}:{r.key.id}",
            "source": r.source,
            "run_ref": r.run_ref,
            "at": r.at,
            "name": r.name,
            "status": r.status,
            "attempts": r.attempts,
            "max_attempts": r.max_attempts,
            "duration_ms": r.duration_ms,
            "cost_usd": r.cost_usd,
            "tokens": r.tokens,
            "error": r.error,
        }
        for r in window.lines
    )
    columns = {"at": "at", "source": "src", "status": "status", "name": "stage"}
    columns |= {"run_ref": "run", "attempts": "att", "duration_ms": "ms", "error": "error"}
    return Listing(RUN_FIELDS, columns, records, window.next_cursor is not None, ("error",))


ROAS_FIELDS = (
    "kind", "label", "platform", "campaign_id", "status", "currency", "spend", "revenue", "net",
    "roas", "target_roas", "meets_target", "campaigns", "impressions", "clicks", "conversions",
    "units", "tokens", "runs", "days_with_data", "first_day", "last_day",
)  # fmt: skip


def _cents(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def read_roas(engine: sqlalchemy.Engine, now: datetime, days: int, limit: int) -> Listing:
    """One record per tile, in screen order. ``spend`` is money out (ad spend, a channel's
    cost), ``revenue`` money in (ad revenue, a system's gross, a store series), in units of
    ``currency``; a field a tile does not have is null."""
    board = load_roas(engine, now, days)
    records: list[Record] = []
    for tile in board.tiles[:limit]:
        s = tile.subject
        r: Record = dict.fromkeys(ROAS_FIELDS)
        r |= {"kind": str(s.kind), "label": s.label, "platform": s.platform}
        r |= {"campaign_id": s.campaign_id, "currency": s.currency}
        r |= {"first_day": board.window.first_day, "last_day": board.window.last_day}
        if isinstance(tile, AdsFigures):
            f = tile.figure
            r |= {"status": tile.status, "spend": _cents(f.spend_cents)}
            r |= {"revenue": _cents(f.revenue_cents), "roas": f.roas}
            r |= {"target_roas": f.target_roas, "meets_target": f.meets_target}
            r |= {"campaigns": tile.campaigns, "impressions": tile.impressions}
            r |= {"clicks": tile.clicks, "conversions": tile.conversions}
        elif isinstance(tile, SystemRevenue):
            r |= {"revenue": tile.gross, "net": tile.net, "units": tile.units}
            r |= {"days_with_data": tile.days}
        elif isinstance(tile, StoreRevenue):
            r |= {"revenue": tile.amount, "days_with_data": tile.days}
        elif isinstance(tile, ChannelCost):
            r |= {"spend": tile.cost, "tokens": tile.tokens, "runs": tile.runs}
        records.append(r)
    columns = {"kind": "kind", "label": "tile", "currency": "cur", "spend": "spend"}
    columns |= {"revenue": "revenue", "roas": "roas", "target_roas": "target"}
    columns |= {"meets_target": "met"}
    more = len(board.tiles) > limit
    return Listing(ROAS_FIELDS, columns, tuple(records), more, ("label",))


STOCK_FIELDS = (
    "sku", "location", "risk", "risks", "on_hand", "available", "inbound", "reserved",
    "avg_daily_sales", "days_of_supply", "weeks_of_supply", "reorder_point", "lead_time_days",
    "supplier", "snapshot_date",
)  # fmt: skip


def read_stock(engine: sqlalchemy.Engine, spec: StockFilter, today: date, limit: int) -> Listing:
    """Stock positions, most urgent first (the stock screen's order and filter)."""
    positions = [p for p in load_positions(engine, today) if spec.matches(p)]
    records = tuple(
        {
            "sku": p.sku,
            "location": p.location,
            "risk": p.risk,
            "risks": p.risks,
            "on_hand": p.on_hand,
            "available": p.available,
            "inbound": p.inbound,
            "reserved": p.reserved,
            "avg_daily_sales": p.avg_daily_sales,
            "days_of_supply": p.days_of_supply,
            "weeks_of_supply": p.weeks_of_supply,
            "reorder_point": p.reorder_point,
            "lead_time_days": p.lead_time_days,
            "supplier": p.supplier,
            "snapshot_date": p.snapshot_date,
        }
        for p in positions[:limit]
    )
    columns = {"sku": "sku", "location": "loc", "on_hand": "on hand"}
    columns |= {"days_of_supply": "days", "lead_time_days": "lead", "reorder_point": "rop"}
    columns |= {"risk": "risk", "supplier": "supplier"}
    return Listing(STOCK_FIELDS, columns, records, len(positions) > limit, ("supplier",))


LOG_FIELDS = ("id", "level", "service", "message", "trace_id", "context", "logged_at")


def read_logs(engine: sqlalchemy.Engine, spec: LogFilter, now: datetime, limit: int) -> Listing:
    """Log lines newest first (the error log's order and filter)."""
    window = load_logs(engine, spec, now, limit=limit)
    records = tuple(
        {
            "id": line.id,
            "level": line.level,
            "service": line.service,
            "message": line.message,
            "trace_id": line.trace_id,
            "context": line.context,
            "logged_at": line.at,
        }
        for line in window.lines
    )
    columns = {"id": "id", "logged_at": "logged", "level": "level", "service": "service"}
    columns["message"] = "message"
    more = window.next_cursor is not None
    return Listing(LOG_FIELDS, columns, records, more, ("message",))


def parse_approval_id(text: str) -> tuple[str | None, uuid.UUID]:
    """``tasks:<uuid>``, ``agents:<uuid>`` or a bare ``<uuid>`` (looked up in both sources);
    raises ValueError with one sentence for anything else."""
    source, sep, rest = text.strip().partition(":")
    if not sep:
        source, rest = "", text.strip()
    if sep and source not in ("tasks", "agents"):
        raise ValueError(f'"{text}" is not an approval id; use tasks:<uuid> or agents:<uuid>.')
    try:
        item_id = uuid.UUID(rest)
    except ValueError:
        raise ValueError(
            f'"{text}" is not an approval id; use tasks:<uuid> or agents:<uuid>.'
        ) from None
    return (source or None), item_id
