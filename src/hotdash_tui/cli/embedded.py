"""``hotdash db start|stop|status|url|reset``: the embedded server by hand."""

from __future__ import annotations

import os
import sys

import typer

from hotdash_tui.cli.common import fail, progress
from hotdash_tui.db.bootstrap import EMBEDDED_DATABASE, ensure_embedded_database

EXIT_REFUSED = 1  # the server is in use: nothing was done


def _in_use_by_others() -> tuple[int, ...]:
    from hotdash_tui.embedded.server import EmbeddedServer

    return tuple(pid for pid in EmbeddedServer().status().users if pid != os.getpid())


def _refuse_while_used(what: str) -> None:
    others = _in_use_by_others()
    if others:
        pids = ", ".join(str(pid) for pid in others)
        which = "a dashboard uses" if len(others) == 1 else f"{len(others)} dashboards use"
        fail(
            f"{which} the embedded server (pid {pids}); quit them first, or run "
            f"`hotdash db {what} --force` to {what} it under them.",
            EXIT_REFUSED,
        )


def embedded_start() -> None:
    from hotdash_tui.embedded.server import EmbeddedServer

    server = EmbeddedServer()
    # Create the hotdash database too, so that `psql "$(hotdash db url)"` works at once.
    ensure_embedded_database(server.start(pin=True, progress=progress))
    typer.echo(f"The embedded server is running (data in {server.status().data_dir}).")


def embedded_stop(*, force: bool = False) -> None:
    from hotdash_tui.embedded.server import EmbeddedServer

    if not force:
        _refuse_while_used("stop")
    if EmbeddedServer().stop():
        typer.echo("The embedded server has stopped.")
    else:
        typer.echo("The embedded server was not running.")


def embedded_status() -> None:
    from hotdash_tui.embedded.server import EmbeddedServer

    status = EmbeddedServer().status()
    state = f"running (pid {status.pid})" if status.running else "stopped"
    typer.echo(f"state:     {state}")
    typer.echo(f"data:      {status.data_dir}")
    if status.socket_dir is not None:
        typer.echo(f"socket:    {status.socket_dir}")
    users = ", ".join(str(pid) for pid in status.users) or "none"
    typer.echo(f"users:     {users}")
    typer.echo(f"kept up:   {'yes, until hotdash db stop' if status.pinned else 'no'}")


def embedded_url() -> None:
    from hotdash_tui.embedded.server import EmbeddedServer

    typer.echo(EmbeddedServer().url(EMBEDDED_DATABASE))


def embedded_reset(*, yes: bool = False, force: bool = False) -> None:
    """Drops the embedded hotdash database and makes it again: migrated, with demo data."""
    from psycopg import sql

    from hotdash_tui.db.bootstrap import prepare_embedded
    from hotdash_tui.db.engine import connect, create_db_engine
    from hotdash_tui.embedded.server import EmbeddedServer

    if not force:
        _refuse_while_used("reset")
    server = EmbeddedServer()
    question = (
        f"This deletes every row of the embedded database in {server.data_dir} and loads "
        "the demo data again."
    )
    if not yes:
        if not sys.stdin.isatty():
            fail(f"{question} Run it in a terminal to confirm, or add --yes.", EXIT_REFUSED)
        if not typer.confirm(f"{question} Continue?", default=False):
            fail("Nothing was changed.", EXIT_REFUSED)
    admin_url = server.acquire(progress)
    try:
        with connect(admin_url, autocommit=True) as conn:
            progress("Dropping the embedded hotdash database")
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(EMBEDDED_DATABASE)
                )
            )
        engine = create_db_engine(ensure_embedded_database(admin_url), pool_size=1)
        try:
            prepare_embedded(engine, progress)
        finally:
            engine.dispose()
    finally:
        server.release()
    typer.echo("The embedded database was made again, with the demo data.")
