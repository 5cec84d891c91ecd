"""``hotdash overview``: the overview's tiles (key 0) as one JSON object, for monitoring.

Every figure is the tile's own aggregate (:func:`~hotdash_tui.db.overview.load_overview`, one
read-only transaction). A tile the role may not read is left out of the figures and named
in ``refused`` with the server's reason, as the dashboard shows it; the command still exits
0, so a monitor tells "no access" from "down" (exit 2, one sentence on stderr).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import typer

from hotdash_tui.cli.common import (
    DsnOption,
    inherited,
    open_for_command,
    output_to_reader,
    settings_for,
    user_errors,
)
from hotdash_tui.cli.group import HotdashCommand
from hotdash_tui.cli.output import json_value

if TYPE_CHECKING:
    from hotdash_tui.db.overview import Overview, RoasFigure


def overview(ctx: typer.Context, dsn: DsnOption = None) -> None:
    """The overview's tiles (key 0) as one JSON object: counts, ROAS, stock, errors."""
    from hotdash_tui.db.overview import load_overview

    dsn = inherited(ctx, dsn)
    with user_errors(dsn):
        database = open_for_command(settings_for(ctx, dsn))
        try:
            tiles = load_overview(database.engine, datetime.now(UTC))
        finally:
            database.close()
    with output_to_reader():
        typer.echo(json.dumps(overview_object(tiles), indent=2, ensure_ascii=False))


def _roas(figure: RoasFigure) -> dict[str, Any]:
    return {
        "platform": figure.platform,
        "spend": figure.spend_cents / 100,
        "revenue": figure.revenue_cents / 100,
        "roas": json_value(figure.roas),
        "target_roas": json_value(figure.target_roas),
        "meets_target": figure.meets_target,
    }


def overview_object(o: Overview) -> dict[str, Any]:
    """The tiles in the dashboard's order; JSON values as every check writes them."""
    from hotdash_tui.db.overview import NEW_ALERTS_CAP

    tiles: dict[str, Any] = {"at": json_value(o.now)}

    def shown(tile: str) -> bool:
        return tile not in o.refused

    if shown("approvals"):
        tiles["approvals"] = {
            "pending": o.pending_total,
            "sources": [
                {"source": a.source, "pending": a.pending, "oldest": json_value(a.oldest)}
                for a in o.approvals
            ],
        }
    if shown("board"):
        tiles["board"] = {
            "open": o.open_tasks,
            "overdue": sum(s.overdue for s in o.stages),
            "stages": [
                {"stage": s.stage, "tasks": s.tasks, "overdue": s.overdue, "done": s.is_terminal}
                for s in o.stages
            ],
        }
    if shown("alerts"):
        # Each severity counts up to the cap; cap + 1 means "more than the cap".
        tiles["new_alerts"] = {a.severity: a.alerts for a in o.new_alerts}
        tiles["new_alerts_cap"] = NEW_ALERTS_CAP
    if shown("margins"):
        tiles["margins"] = {"below_floor": o.below_floor, "priced_listings": o.priced_listings}
    if shown("runs"):
        tiles["failed_runs_24h"] = {
            "total": o.failed_total,
            "sources": {f.source: f.failed for f in o.failed_runs},
        }
    if shown("roas"):
        total = o.roas_total
        tiles["roas"] = {
            "days": o.roas_days,
            "total": _roas(total) if total else None,
            "platforms": [_roas(r) for r in o.roas if r.platform is not None],
        }
    if shown("stock") and o.stock is not None:
        s = o.stock
        tiles["stock"] = {"positions": s.positions, "out": s.out, "reorder": s.reorder}
        tiles["stock"]["low"] = s.low
    if shown("errors"):
        tiles["errors_24h"] = {
            "total": o.errors_total,
            "fatal": sum(e.lines for e in o.errors if e.level == "FATAL"),
            "services": [
                {"service": e.service, "level": e.level, "lines": e.lines} for e in o.errors
            ],
        }
    tiles["refused"] = dict(o.refused)
    return tiles


def register_overview(app: typer.Typer) -> None:
    app.command(
        cls=HotdashCommand,
        epilog="Example: hotdash overview | jq '.approvals.pending, .failed_runs_24h.total'",
    )(overview)
