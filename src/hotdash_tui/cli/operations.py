"""``hotdash stock`` and ``hotdash logs``: the stock-out risk view (key 8) and the error log
(key 9) from the shell, with their screens' filters as options (see :mod:`.checks`)."""

from __future__ import annotations

from typing import Annotated

import typer

from hotdash_tui.cli.checks import (
    AllOption,
    FormatOption,
    LimitOption,
    ViewOption,
    WordsArgument,
    checked,
    parsed,
    run_check,
    saved_filter,
)
from hotdash_tui.cli.common import DsnOption
from hotdash_tui.cli.group import HotdashCommand
from hotdash_tui.cli.output import Format


def stock(
    ctx: typer.Context,
    words: WordsArgument = None,
    risk: Annotated[
        str | None,
        typer.Option(help="out (before resupply), reorder, low, ok, any (at risk) or all."),
    ] = None,
    sku: Annotated[str | None, typer.Option(help="SKUs containing this.")] = None,
    location: Annotated[str | None, typer.Option(help="One location, e.g. main.")] = None,
    limit: LimitOption = 50,
    every: AllOption = False,
    fmt: FormatOption = Format.TABLE,
    saved_view: ViewOption = None,
    dsn: DsnOption = None,
) -> None:
    """Stock-out risk (key 8): each SKU-location's stock, most urgent first."""
    from hotdash_tui.cli.records.stock import read_stock
    from hotdash_tui.db.stock.model import FILTER_SPEC, StockFilter

    terms = {"risk": risk, "sku": sku, "location": location}
    spec = StockFilter.from_parsed(
        parsed(FILTER_SPEC, terms, words, saved_filter(saved_view, "stock"))
    )
    rows = None if every else limit  # None: every row, in windows
    run_check(ctx, dsn, fmt, "positions", lambda e, now: read_stock(e, spec, now.date(), rows))


def logs(
    ctx: typer.Context,
    words: WordsArgument = None,
    level: Annotated[
        str | None,
        typer.Option(help="This level and above: debug, info, warn, error (default), fatal, all."),
    ] = None,
    service: Annotated[str | None, typer.Option(help="One service, e.g. worker.")] = None,
    since: Annotated[
        str | None, typer.Option(help="How far back: 30m, 24h, 7d, 2w (up to a year).")
    ] = None,
    limit: LimitOption = 50,
    every: AllOption = False,
    fmt: FormatOption = Format.TABLE,
    saved_view: ViewOption = None,
    dsn: DsnOption = None,
) -> None:
    """The error log (key 9): ERROR and FATAL lines of observability_logs, newest first."""
    from hotdash_tui.cli.records.logs import read_logs
    from hotdash_tui.db.logs.model import FILTER_SPEC, LogFilter

    terms = {"level": level, "service": service, "since": since}
    spec = checked(
        lambda: LogFilter.from_parsed(
            parsed(FILTER_SPEC, terms, words, saved_filter(saved_view, "logs"))
        )
    )
    rows = None if every else limit  # None: every row, in windows
    run_check(ctx, dsn, fmt, "log lines", lambda e, now: read_logs(e, spec, now, rows))


def register_operations(app: typer.Typer) -> None:
    app.command(cls=HotdashCommand, epilog="Example: hotdash stock --risk any --format json")(stock)
    app.command(
        cls=HotdashCommand, epilog="Example: hotdash logs --level warn --service worker --since 24h"
    )(logs)
