"""``hotdash approvals|board|alerts|margins|runs|roas``: what a screen shows, from the shell.

Each command builds the screen's own `/` filter from its options and its words (checked by
the screen's FilterSpec and parser, so a bad value reads as the screen would say it), opens
the database as the dashboard does (statement timeout included) and prints one window of rows
(:mod:`hotdash_tui.cli.records`) as a table, JSON or CSV (:mod:`hotdash_tui.cli.output`).
Exit codes: 0 rows printed, 1 nothing matched, 2 usage, configuration or connection error.
Database modules are imported inside the commands, so ``hotdash --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from hotdash_tui.cli.common import (
    DsnOption,
    fail,
    inherited,
    open_for_command,
    output_to_reader,
    settings_for,
    user_errors,
)
from hotdash_tui.cli.group import HotdashCommand
from hotdash_tui.cli.output import Format, write_listing
from hotdash_tui.filters import FilterError, FilterSpec, ParsedFilter, parse_filter

if TYPE_CHECKING:
    import sqlalchemy

    from hotdash_tui.cli.records import Cut, Listing

EXIT_NOTHING = 1
T = TypeVar("T")

FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", help="table on a terminal (plain text when piped), json or csv for programs."
    ),
]
LimitOption = Annotated[
    int, typer.Option("--limit", min=1, max=1000, help="At most this many rows (a window).")
]
WordsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Free text, and any term of the screen's / filter (key:value).", show_default=False
    ),
]


def filter_line(terms: Mapping[str, str | None], words: Sequence[str] | None) -> str:
    """Options and words as one line of the screen's filter language. A value or word with a
    space is quoted, so it stays one term; double quotes cannot be searched for there."""

    def quoted(text: str) -> str:
        text = text.replace('"', "")
        return f'"{text}"' if any(c.isspace() for c in text) else text

    parts = [quoted(f"{key}:{value}") for key, value in terms.items() if value is not None]
    parts += [quoted(word) for word in words or ()]
    return " ".join(parts)


def checked(make: Callable[[], T]) -> T:
    """A filter built from user input, or exit 2 with the parser's one sentence."""
    try:
        return make()
    except FilterError as exc:
        fail(str(exc))


def parsed(
    spec: FilterSpec,
    terms: Mapping[str, str | None],
    words: list[str] | None,
    saved: str = "",
) -> ParsedFilter:
    """``saved``: a saved view's filter, which the options and words then add to."""
    line = f"{saved} {filter_line(terms, words)}".strip()
    return checked(lambda: parse_filter(line, spec))


ViewOption = Annotated[
    str | None,
    typer.Option(
        "--view",
        help="A saved view of the config file (hotdash config path): its filter, then yours.",
        show_default=False,
    ),
]


def saved_filter(name: str | None, screen: str) -> str:
    """The filter of the saved view ``name`` (for ``screen``), or exit 2 saying why not."""
    if name is None:
        return ""
    from hotdash_tui.config import InvalidSetting
    from hotdash_tui.user_config import load_config

    try:
        config = load_config()
    except InvalidSetting as exc:
        fail(str(exc))
    view = config.views.get(name)
    if view is None:
        known = ", ".join(sorted(config.views)) or "none"
        fail(f"There is no saved view {name!r} in {config.path} (views there: {known}).")
    if view.screen != screen:
        fail(f"The saved view {name!r} is for the {view.screen} screen, not {screen}.")
    return view.filter


AllOption = Annotated[
    bool,
    typer.Option(
        "--all", help="Every matching row, streamed in windows of 1,000 (instead of --limit)."
    ),
]


def run_check(
    ctx: typer.Context,
    dsn: str | None,
    fmt: Format,
    noun: str,
    read: Callable[[sqlalchemy.Engine, datetime], Listing],
) -> None:
    """Open the database as the dashboard does, print the rows as they are read; exit 1 when
    nothing matched. A cut output says on stderr how many more rows match."""

    dsn = inherited(ctx, dsn)
    with user_errors(dsn):
        database = open_for_command(settings_for(ctx, dsn))
        try:
            listing = read(database.engine, datetime.now(UTC))
            with output_to_reader():
                printed = write_listing(fmt, listing)
            left_out = _left_out(listing.cut, printed)
        finally:
            database.close()
    if not printed:
        if fmt is Format.TABLE:
            typer.echo(f"No {noun} match.", err=True)
        raise typer.Exit(EXIT_NOTHING)
    if left_out:  # on stderr, so JSON and CSV on stdout stay whole and valid
        typer.echo(
            f"{left_out} more {noun} match than the {printed} shown; add --all for every one, "
            "raise --limit, or narrow the filter.",
            err=True,
        )


def _left_out(cut: Cut, printed: int) -> str | None:
    """How many matching rows a cut output left out, in words ("48", "over 9,950")."""
    if not cut.more:
        return None
    total = cut.count() if cut.count else None
    if total is None or total <= printed:
        return "Some"
    if cut.cap is not None and total > cut.cap:
        return f"Over {cut.cap - printed:,}"
    return f"{total - printed:,}"


def approvals(
    ctx: typer.Context,
    words: WordsArgument = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="pending (default), approved, rejected, expired, cancelled, decided or all."
        ),
    ] = None,
    source: Annotated[str | None, typer.Option(help="tasks or agents.")] = None,
    kind: Annotated[str | None, typer.Option("--type", help="The approval's type.")] = None,
    limit: LimitOption = 50,
    every: AllOption = False,
    fmt: FormatOption = Format.TABLE,
    saved_view: ViewOption = None,
    dsn: DsnOption = None,
) -> None:
    """The approvals queue (key 1): pending items of both sources, oldest first.

    Each row's id (tasks:<uuid> or agents:<uuid>) is what `hotdash approve` and
    `hotdash reject` take.
    """
    from hotdash_tui.cli.records.approvals import read_approvals
    from hotdash_tui.db.approvals import FILTER_SPEC, ApprovalFilter

    # The screen labels the sources "task" and "agent"; take those words too.
    source = {"task": "tasks", "agent": "agents"}.get((source or "").lower(), source)
    terms = {"status": status, "source": source, "type": kind}
    spec = ApprovalFilter.from_parsed(
        parsed(FILTER_SPEC, terms, words, saved_filter(saved_view, "approvals"))
    )
    rows = None if every else limit  # None: every row, in windows
    run_check(ctx, dsn, fmt, "approvals", lambda e, now: read_approvals(e, spec, now, rows))


def board(
    ctx: typer.Context,
    words: WordsArgument = None,
    stage: Annotated[
        list[str] | None, typer.Option(help="Only this stage (repeat for more).")
    ] = None,
    kind: Annotated[str | None, typer.Option("--type", help="The task type.")] = None,
    tag: Annotated[str | None, typer.Option(help="Tasks with this tag.")] = None,
    listing: Annotated[str | None, typer.Option(help="Tasks about this ASIN.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=1000, help="At most this many cards per stage.")
    ] = 50,
    every: AllOption = False,
    fmt: FormatOption = Format.TABLE,
    saved_view: ViewOption = None,
    dsn: DsnOption = None,
) -> None:
    """The task board (key 2): each stage's cards, best priority first."""
    from hotdash_tui.cli.records.board import read_board
    from hotdash_tui.db.board.read import BOARD_FILTER_SPEC, BoardFilter

    terms = {"type": kind, "tag": tag, "listing": listing}
    spec = BoardFilter.from_parsed(
        parsed(BOARD_FILTER_SPEC, terms, words, saved_filter(saved_view, "board"))
    )
    stages = frozenset(s.strip().lower() for s in stage) if stage else None
    rows = None if every else limit  # None: every row, in windows
    run_check(ctx, dsn, fmt, "tasks", lambda e, now: read_board(e, spec, stages, now, rows))


def alerts(
    ctx: typer.Context,
    words: WordsArgument = None,
    severity: Annotated[str | None, typer.Option(help="critical, high, medium or low.")] = None,
    status: Annotated[
        str | None,
        typer.Option(help="open (default), new, viewed, actioned, dismissed, closed or all."),
    ] = None,
    kind: Annotated[str | None, typer.Option("--type", help="e.g. price_drop.")] = None,
    competitor: Annotated[str | None, typer.Option(help="Competitor ASIN or name.")] = None,
    listing: Annotated[str | None, typer.Option(help="One of our ASINs or SKUs.")] = None,
    limit: LimitOption = 50,
    every: AllOption = False,
    fmt: FormatOption = Format.TABLE,
    saved_view: ViewOption = None,
    dsn: DsnOption = None,
) -> None:
    """Competitor alerts (key 3): open alerts, most severe and newest first."""
    from hotdash_tui.cli.records.alerts import read_alerts
    from hotdash_tui.db.alerts import FILTER_SPEC, AlertFilter

    terms = {"severity": severity, "status": status, "type": kind}
    terms |= {"competitor": competitor, "listing": listing}
    spec = AlertFilter.from_parsed(
        parsed(FILTER_SPEC, terms, words, saved_filter(saved_view, "alerts"))
    )
    rows = None if every else limit  # None: every row, in windows
    run_check(ctx, dsn, fmt, "alerts", lambda e, _now: read_alerts(e, spec, rows))


def margins(
    ctx: typer.Context,
    words: WordsArgument = None,
    below_floor: Annotated[
        bool, typer.Option("--below-floor", help="Only listings under their margin floor.")
    ] = False,
    sort: Annotated[str, typer.Option(help="margin (lowest first), price or title.")] = "margin",
    sku: Annotated[str | None, typer.Option(help="SKUs containing this.")] = None,
    asin: Annotated[str | None, typer.Option(help="ASINs containing this.")] = None,
    limit: LimitOption = 50,
    every: AllOption = False,
    fmt: FormatOption = Format.TABLE,
    saved_view: ViewOption = None,
    dsn: DsnOption = None,
) -> None:
    """Prices and margins (key 4): Amazon listings with their price and margins."""
    from hotdash_tui.cli.records.margins import read_margins
    from hotdash_tui.db.prices.read import LISTINGS_FILTER_SPEC, SORTS, PriceView

    order = sort.lower()
    if order not in SORTS:
        fail(f'"--sort {sort}" is not one of {", ".join(SORTS)}.')
    terms = {"sku": sku, "asin": asin}
    view = PriceView(sort=order, below_floor=below_floor)
    view = view.with_filter(
        parsed(LISTINGS_FILTER_SPEC, terms, words, saved_filter(saved_view, "prices"))
    )
    rows = None if every else limit  # None: every row, in windows
    run_check(ctx, dsn, fmt, "listings", lambda e, _now: read_margins(e, view, rows))


def runs(
    ctx: typer.Context,
    words: WordsArgument = None,
    status: Annotated[
        str | None,
        typer.Option(help="success, failure, retry, running, queued, skipped or cancelled."),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="pipeline, jobs, system, agents or tasks.")
    ] = None,
    stage: Annotated[str | None, typer.Option(help="The stage, template or job type.")] = None,
    since: Annotated[
        str | None, typer.Option(help="How far back: 30m, 24h, 7d, 2w (up to a year).")
    ] = None,
    limit: LimitOption = 50,
    every: AllOption = False,
    fmt: FormatOption = Format.TABLE,
    saved_view: ViewOption = None,
    dsn: DsnOption = None,
) -> None:
    """Pipeline runs (key 5): every run log of every source, newest first."""
    from hotdash_tui.cli.records.runs import read_runs
    from hotdash_tui.db.runs import FILTER_SPEC, RunFilter

    terms = {"status": status, "source": source, "stage": stage, "since": since}
    spec = checked(
        lambda: RunFilter.from_parsed(
            parsed(FILTER_SPEC, terms, words, saved_filter(saved_view, "runs"))
        )
    )
    rows = None if every else limit  # None: every row, in windows
    run_check(ctx, dsn, fmt, "runs", lambda e, now: read_runs(e, spec, now, rows))


def roas(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option("--days", min=1, max=366, help="The window: the last N days, today too.")
    ] = 30,
    limit: LimitOption = 50,
    every: AllOption = False,
    fmt: FormatOption = Format.TABLE,
    dsn: DsnOption = None,
) -> None:
    """ROAS (key 6): ads by platform and campaign, other revenue and costs, over a window."""
    from hotdash_tui.cli.records.roas import read_roas

    rows = None if every else limit  # None: every row, in windows
    run_check(ctx, dsn, fmt, "figures", lambda e, now: read_roas(e, now, days, rows))


EXAMPLES: dict[Callable[..., None], str] = {
    approvals: "hotdash approvals --status pending --source agents --format json",
    board: "hotdash board --stage Review --type pricing",
    alerts: "hotdash alerts --severity critical --status open",
    margins: "hotdash margins --below-floor --sort margin --format csv",
    runs: "hotdash runs --status failure --since 24h --source system",
    roas: "hotdash roas --days 30 --format json",
}


def register_checks(app: typer.Typer) -> None:
    for command, example in EXAMPLES.items():
        app.command(cls=HotdashCommand, epilog=f"Example: {example}")(command)
