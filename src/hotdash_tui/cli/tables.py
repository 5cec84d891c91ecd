"""``hotdash tables`` and ``hotdash table NAME``: the schema browser (key 7) from the shell.

``tables`` lists every table and view with its seed system, estimated rows, RLS and what the
role may do. ``table`` prints a table's rows in key order (or ``--order`` an indexed column),
filtered by ``--where`` in the browser's `/` language; ``--all`` streams every matching row in
keyset windows, so memory stays flat at any size. Secrets read as the browser shows them.
Exit codes as the other checks: 0 rows printed, 1 nothing matched, 2 usage or connection."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hotdash_tui.cli.checks import EXIT_NOTHING, FormatOption
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
from hotdash_tui.cli.output import Format, write_listing, write_records

if TYPE_CHECKING:
    from hotdash_tui.db.tables.model import TableShape

TABLE_FIELDS = (
    "table", "kind", "system", "estimated_rows", "rls", "select", "insert", "update",
)  # fmt: skip
WINDOW = 1_000  # rows per statement when streaming --all


def tables(ctx: typer.Context, fmt: FormatOption = Format.TABLE, dsn: DsnOption = None) -> None:
    """Every table and view (key 7): its seed system, estimated rows, RLS and your rights."""
    from hotdash_tui.db.tables.catalog import list_tables

    dsn = inherited(ctx, dsn)
    with user_errors(dsn):
        database = open_for_command(settings_for(ctx, dsn))
        try:
            entries = list_tables(database.engine)
        finally:
            database.close()
    records = [
        {
            "table": e.qualified,
            "kind": e.kind,
            "system": e.system,
            "estimated_rows": e.estimated_rows,
            "rls": e.rls,
            "select": e.can_select,
            "insert": e.can_insert,
            "update": e.can_update,
        }
        for e in sorted(entries, key=lambda e: (e.seed or "~", e.qualified))
    ]
    columns = {key: key.replace("_", " ") for key in TABLE_FIELDS}
    columns["estimated_rows"] = "rows (est.)"
    with output_to_reader():
        write_records(fmt, TABLE_FIELDS, records, columns=columns, wide=("system",))
    if not records:
        raise typer.Exit(EXIT_NOTHING)


def table(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The table: schema.name, or its name alone.")],
    where: Annotated[
        str | None,
        typer.Option(
            "--where",
            help="The browser's / filter: column:value, column>value, since:7d, or text.",
            show_default=False,
        ),
    ] = None,
    order: Annotated[
        str | None,
        typer.Option(
            "--order", help="An indexed column to order by (default: the key).", show_default=False
        ),
    ] = None,
    descending: Annotated[bool, typer.Option("--desc", help="Highest (newest) first.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=10_000, help="At most this many rows.")
    ] = 50,
    every: Annotated[
        bool, typer.Option("--all", help="Every matching row, streamed in windows (no --limit).")
    ] = False,
    fmt: FormatOption = Format.TABLE,
    dsn: DsnOption = None,
) -> None:
    """One table's rows (key 7, enter): key order, or --order an indexed column."""
    from hotdash_tui.db.tables.catalog import ShapeCache, find_table, list_tables
    from hotdash_tui.db.tables.filter import order_column, parse_row_filter, scan_warning
    from hotdash_tui.db.tables.model import Order
    from hotdash_tui.db.tables.read import iter_windows, read_window
    from hotdash_tui.filters import FilterError

    dsn = inherited(ctx, dsn)
    with user_errors(dsn):
        database = open_for_command(settings_for(ctx, dsn))
        try:
            engine, now = database.engine, datetime.now(UTC)
            entries = list_tables(engine)
            entry = find_table(entries, name)
            if not entry.can_select:
                fail(f"Your role may not read {entry.qualified} (no SELECT on it).")
            shape = ShapeCache().shape(engine, entry, entries)
            try:
                spec, _label = parse_row_filter(where or "", shape)
                chosen = Order(order_column(shape, order), descending)
            except FilterError as exc:
                fail(str(exc))
            warning = scan_warning(shape, spec)
            if warning:
                typer.echo(warning, err=True)
            if every:
                printed = _stream(
                    shape, iter_windows(engine, shape, spec, chosen, now, WINDOW), fmt
                )
                more = False
            else:
                window = read_window(engine, shape, spec, chosen, now, limit=limit)
                printed = _stream(shape, [window.rows] if window.rows else [], fmt)
                more = window.next_cursor is not None
        finally:
            database.close()
    if not printed:
        if fmt is Format.TABLE:
            typer.echo(f"No rows of {entry.qualified} match.", err=True)
        raise typer.Exit(EXIT_NOTHING)
    if more:
        typer.echo(
            f"More rows match than the {printed} shown; raise --limit or add --all.", err=True
        )


def _stream(shape: TableShape, windows: Iterable[tuple[dict[str, Any], ...]], fmt: Format) -> int:
    """Writes each window as it comes, as every check does; the number of rows written."""
    from hotdash_tui.cli.records import Listing, Window
    from hotdash_tui.export import record_of

    fields = tuple(c.name for c in shape.columns)
    as_json = fmt is Format.JSON
    listing = Listing(
        fields,
        {name: name for name in fields},
        (Window([record_of(row, as_json) for row in rows]) for rows in windows),
    )
    count = write_listing(fmt, listing)
    sys.stdout.flush()  # here, where a reader that left (| head) is still caught
    return count


def register_tables(app: typer.Typer) -> None:
    app.command(cls=HotdashCommand, epilog="Example: hotdash tables --format json")(tables)
    app.command(
        cls=HotdashCommand,
        epilog="Example: hotdash table observability_logs --where 'level:ERROR since:24h' "
        "--order created_at --desc",
    )(table)
