"""What every ``hotdash`` command shares: the --dsn and --as options, one-sentence failures
with exit code 2 and no secrets, and the options given before a subcommand."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from hotdash_tui.config import Settings

if TYPE_CHECKING:
    from hotdash_tui.app import HotdashApp
    from hotdash_tui.db.bootstrap import OpenDatabase

DsnOption = Annotated[
    str | None,
    typer.Option(
        "--dsn",
        help="libpq connection string or URL. Default: DATABASE_URL, then the libpq "
        "environment (PGHOST, PGSERVICE, ...), then the embedded server.",
        show_default=False,
    ),
]
PoolerOption = Annotated[
    str | None,
    typer.Option(
        "--pooler",
        help="What sits between hotdash and Postgres: transaction (PgBouncer in transaction "
        "mode, Supavisor's transaction port), session or none. Default: HOTDASH_POOLER, else "
        "told from how the connection behaves.",
        metavar="transaction|session|none",
        show_default=False,
    ),
]
AsOption = Annotated[
    str | None,
    typer.Option("--as", help="Who you are (default: HOTDASH_USER, then the OS user)."),
]

EXIT_USAGE_OR_CONNECTION = 2


def _secrets(dsn: str | None) -> tuple[str | None, ...]:
    from hotdash_tui.db.engine import password_of
    from hotdash_tui.redaction import url_password_pieces

    found: list[str | None] = [os.environ.get("PGPASSWORD")]
    for conninfo in (dsn, os.environ.get("DATABASE_URL")):
        if conninfo:
            found.append(password_of(conninfo))
            # A password holding an unescaped @ is cut there by libpq, which then names the
            # rest as the host in its error message.
            found.extend(url_password_pieces(conninfo))
    return tuple(found)


def fail(message: str, code: int = EXIT_USAGE_OR_CONNECTION) -> NoReturn:
    typer.echo(f"hotdash: {message}", err=True)
    raise typer.Exit(code)


def reader_left() -> NoReturn:
    """The reader closed the pipe (``hotdash ... | head -1``): what it wanted was written, so
    this is exit 0, not an error. stdout is pointed at /dev/null, or Python would report the
    failed flush at exit (and the command line library would exit 1)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(0)


@contextmanager
def output_to_reader() -> Iterator[None]:
    """Around printing: a reader that stops reading ends the command quietly. The output is
    flushed here, where a closed pipe can still be caught, not at the interpreter's exit."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        reader_left()


@contextmanager
def user_errors(dsn: str | None) -> Iterator[None]:
    """Turn every failure into one sentence on stderr and exit code 2, secrets removed."""
    try:
        yield
    except BrokenPipeError:
        reader_left()
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        fail(describe_failure(exc, dsn))


def describe_failure(exc: Exception, dsn: str | None) -> str:
    """One sentence for an unexpected failure, secrets removed (with HOTDASH_DEBUG=1, the
    traceback first, passwords blanked: a DSN stands in messages and locals alike)."""
    from hotdash_tui.db.errors import describe_error

    secrets = _secrets(dsn)
    if os.environ.get("HOTDASH_DEBUG"):
        import traceback

        from hotdash_tui.redaction import redact

        typer.echo(redact("".join(traceback.format_exception(exc)), *secrets), err=True)
    return with_dsn(describe_error(exc, secrets=secrets), dsn)


def with_dsn(sentence: str, dsn: str | None) -> str:
    """A sentence that tells the user to run `hotdash migrate` (or seed) names the --dsn they
    gave, so the command it suggests works on the same database. A password in it is left
    out (libpq then reads it from PGPASSWORD or ~/.pgpass, as it should be given)."""
    if not dsn or "`hotdash " not in sentence:
        return sentence
    import re
    import shlex

    from psycopg.conninfo import make_conninfo

    from hotdash_tui.db.engine import conninfo_parts

    try:
        parts = conninfo_parts(dsn)
    except Exception:  # unreadable: the sentence says so already
        return sentence
    shown = dsn
    if "password" in parts:
        del parts["password"]
        shown = make_conninfo(**parts)
    option = f" --dsn {shlex.quote(shown)}"
    return re.sub(r"`(hotdash (?:migrate|seed)[^`]*)`", lambda m: f"`{m[1]}{option}`", sentence)


EXIT_APP_FAILED = 1


def run_app(app: HotdashApp, *, headless: bool = False) -> None:
    """Runs the dashboard; an unexpected failure inside it exits 1 with one sentence naming
    the log file that holds the traceback (Textual would print it and exit 0)."""
    app.run(headless=headless)
    if not app.return_code:
        return
    from hotdash_tui.crash_report import write_crash_log

    text = app.crash_text or "The dashboard stopped with no report of why.\n"
    try:
        path = write_crash_log(text, app.secrets)
    except OSError as exc:
        fail(
            f"the dashboard stopped on an unexpected error, and its report could not be "
            f"written ({exc.strerror or exc})",
            EXIT_APP_FAILED,
        )
    fail(
        f"the dashboard stopped on an unexpected error; the details are in {path}",
        EXIT_APP_FAILED,
    )


def progress(message: str) -> None:
    typer.echo(f"{message}...", err=True)


def open_for_command(settings: Settings, **options: bool) -> OpenDatabase:
    """The database as ``hotdash`` opens it (``options`` as open_database's), with the
    collector running again: the heavy imports are done by then."""
    from hotdash_tui.db.bootstrap import open_database
    from hotdash_tui.gc_tuning import imports_done

    database = open_database(settings, progress=progress, **options)
    imports_done()
    return database


def inherited(ctx: typer.Context, dsn: str | None) -> str | None:
    """A subcommand's --dsn (an empty one too: it is refused later), else the one given
    before the subcommand."""
    if dsn is not None:
        return dsn
    parent = ctx.obj or {}
    value = parent.get("dsn")
    return value if isinstance(value, str) else None


def parent_option(ctx: typer.Context, name: str) -> object:
    """An option given before the subcommand (``hotdash --as bob approve ...``)."""
    parent = ctx.obj or {}
    return parent.get(name)


def settings_for(
    ctx: typer.Context, dsn: str | None, *, as_user: str | None = None, read_only: bool = False
) -> Settings:
    """The settings of a subcommand: its own options, else those given before it."""
    parent_as = parent_option(ctx, "as_user")
    return Settings.from_options(
        dsn=inherited(ctx, dsn),
        as_user=as_user or (parent_as if isinstance(parent_as, str) else None),
        read_only=read_only or bool(parent_option(ctx, "read_only")),
        pooler=inherited_pooler(ctx),
    )


def inherited_pooler(ctx: typer.Context) -> str | None:
    """``--pooler`` as given before the subcommand (``hotdash --pooler transaction runs``)."""
    value = parent_option(ctx, "pooler")
    return value if isinstance(value, str) else None
