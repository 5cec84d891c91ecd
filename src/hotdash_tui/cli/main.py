"""The ``hotdash`` command: the dashboard by default, and the commands around it.

Imports are kept lazy so that ``hotdash --help`` and the quick commands start fast and
the dashboard pays for Textual only when it opens.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from hotdash_tui.cli.checks import register_checks
from hotdash_tui.cli.common import (
    AsOption,
    DsnOption,
    PoolerOption,
    fail,
    inherited,
    inherited_pooler,
    open_for_command,
    run_app,
    user_errors,
)
from hotdash_tui.cli.decide import register_decisions
from hotdash_tui.cli.group import HotdashCommand, HotdashGroup
from hotdash_tui.cli.operations import register_operations
from hotdash_tui.cli.overview import register_overview
from hotdash_tui.cli.tables import register_tables
from hotdash_tui.cli.tasks import register_tasks
from hotdash_tui.cli.writes import register_writes
from hotdash_tui.config import Settings

app = typer.Typer(
    name="hotdash",
    help="A keyboard-driven terminal dashboard over the shared HotDash Postgres database.",
    epilog="Example: hotdash --dsn postgresql://me@db.example.com/shop --as alice",
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=HotdashGroup,
)
db_app = typer.Typer(
    help="Manage the embedded default Postgres server.",
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=HotdashGroup,
)
app.add_typer(db_app, name="db")
config_app = typer.Typer(
    help="The config file: default --as, theme, keymap, saved views.",
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=HotdashGroup,
)
app.add_typer(config_app, name="config")


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        typer.echo(f"hotdash {version('hotdash-tui')}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    dsn: DsnOption = None,
    as_user: AsOption = None,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Open every transaction read-only.")
    ] = False,
    pooler: PoolerOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print hotdash's version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    """Open the dashboard (the default), or run one of the commands below."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"dsn": dsn, "as_user": as_user, "read_only": read_only, "pooler": pooler}
        return
    with user_errors(dsn):
        settings = Settings.from_options(
            dsn=dsn, as_user=as_user, read_only=read_only, pooler=pooler
        )
    run_dashboard(settings)


def run_dashboard(settings: Settings) -> None:
    from hotdash_tui.user_config import load_config

    dsn = settings.database.conninfo or None
    with user_errors(dsn):
        config = load_config()  # a bad file is one sentence before anything starts
        database = open_for_command(settings)
    try:
        from hotdash_tui.app import HotdashApp

        with user_errors(dsn):
            run_app(HotdashApp(database, config=config))
    finally:
        database.close()


@config_app.command(
    "path", cls=HotdashCommand, epilog='Example: ${EDITOR:-vi} "$(hotdash config path)"'
)
def config_path_command() -> None:
    """Print where the config file is read from (it need not exist)."""
    from hotdash_tui.user_config import config_path

    typer.echo(str(config_path()))


@config_app.command("check", cls=HotdashCommand, epilog="Example: hotdash config check")
def config_check() -> None:
    """Read the config file and say what it sets, or exit 2 naming the line that is wrong."""
    from hotdash_tui.user_config import load_config

    with user_errors(None):
        config = load_config()
    if config.path is None or not config.path.exists():
        typer.echo(f"No config file at {config.path}; every setting has its default.")
        return
    if config.keys:
        from hotdash_tui.app import binding_ids

        known = binding_ids()
        for binding_id in config.keys:
            if binding_id not in known:
                fail(f"{config.where(binding_id)}: no key has the id {binding_id!r}.")
    views = ", ".join(sorted(config.views)) or "none"
    typer.echo(
        f"{config.path}: as {config.as_user or '(not set)'}, theme {config.theme or '(not set)'}, "
        f"{len(config.keys)} keys rebound, views: {views}."
    )


@app.command(
    cls=HotdashCommand,
    epilog="Example: hotdash migrate --status --dsn postgresql://me@localhost/shop",
)
def migrate(
    ctx: typer.Context,
    dsn: DsnOption = None,
    status: Annotated[
        bool, typer.Option("--status", help="List applied, pending and drifted versions.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would run, change nothing.")
    ] = False,
) -> None:
    """Build or upgrade the shared schema from migrations/."""
    from hotdash_tui.cli.schema import run_migrate

    dsn = inherited(ctx, dsn)
    with user_errors(dsn):
        settings = Settings.from_options(dsn=dsn, pooler=inherited_pooler(ctx))
        run_migrate(settings, status=status, dry_run=dry_run)


@app.command(cls=HotdashCommand, epilog="Example: hotdash seed --rows 1000000")
def seed(
    ctx: typer.Context,
    dsn: DsnOption = None,
    rows: Annotated[
        int | None,
        typer.Option("--rows", min=100, help="About this many rows in each of the largest tables."),
    ] = None,
    seed_value: Annotated[
        int, typer.Option("--seed", help="Random seed; the same seed gives the same data.")
    ] = 42,
) -> None:
    """Fill every area with coherent, deterministic demo data (bulk loaded with COPY)."""
    from hotdash_tui.cli.schema import run_seed

    dsn = inherited(ctx, dsn)
    with user_errors(dsn):
        settings = Settings.from_options(dsn=dsn, pooler=inherited_pooler(ctx))
        run_seed(settings, rows=rows, seed_value=seed_value)


def _embedded_command(action: Callable[[], None]) -> None:
    with user_errors(None):
        action()


@db_app.command("start", cls=HotdashCommand, epilog="Example: hotdash db start")
def db_start() -> None:
    """Start the embedded server and keep it running until `hotdash db stop`."""
    from hotdash_tui.cli.embedded import embedded_start

    _embedded_command(embedded_start)


ForceOption = Annotated[
    bool, typer.Option("--force", help="Even while a dashboard is using the server.")
]


@db_app.command("stop", cls=HotdashCommand, epilog="Example: hotdash db stop")
def db_stop(force: ForceOption = False) -> None:
    """Stop the embedded server now (refused while a dashboard uses it, unless --force)."""
    from hotdash_tui.cli.embedded import embedded_stop

    _embedded_command(lambda: embedded_stop(force=force))


@db_app.command("reset", cls=HotdashCommand, epilog="Example: hotdash db reset")
def db_reset(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for a confirmation.")] = False,
    force: ForceOption = False,
) -> None:
    """Make the embedded demo database again: dropped, migrated, demo data loaded."""
    from hotdash_tui.cli.embedded import embedded_reset

    _embedded_command(lambda: embedded_reset(yes=yes, force=force))


@db_app.command("status", cls=HotdashCommand, epilog="Example: hotdash db status")
def db_status() -> None:
    """Say whether the embedded server runs, where its data is, and who uses it."""
    from hotdash_tui.cli.embedded import embedded_status

    _embedded_command(embedded_status)


@db_app.command("url", cls=HotdashCommand, epilog='Example: psql "$(hotdash db url)"')
def db_url() -> None:
    """Print the URL of the embedded server's hotdash database (for psql and friends)."""
    from hotdash_tui.cli.embedded import embedded_url

    _embedded_command(embedded_url)


# The quick checks and decisions live in their own modules; their database code loads lazily.
register_checks(app)
register_decisions(app)
register_tables(app)
register_operations(app)
register_writes(app)
register_overview(app)
register_tasks(app)


PASSWORD_WARNING = (
    "hotdash: warning: a password in --dsn can be read by other users of this machine (the "
    "process list, your shell history); give it with PGPASSWORD, ~/.pgpass or a service file "
    "(PGSERVICE) instead."
)


def main(*, password_on_command_line: bool | None = None) -> None:
    """Runs the command; ``password_on_command_line`` is None when nobody looked yet."""
    if password_on_command_line is None:
        from hotdash_tui.proctitle import hide_secrets_in_title

        password_on_command_line = hide_secrets_in_title()
    if password_on_command_line:
        typer.echo(PASSWORD_WARNING, err=True)
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
