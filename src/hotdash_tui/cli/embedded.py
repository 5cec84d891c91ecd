"""``hotdash db start|stop|status|url``: the embedded server by hand."""

from __future__ import annotations

import typer

from hotdash_tui.db.bootstrap import EMBEDDED_DATABASE, ensure_embedded_database


def embedded_start() -> None:
    from hotdash_tui.embedded.server import EmbeddedServer

    server = EmbeddedServer()
    # Create the hotdash database too, so that `psql "$(hotdash db url)"` works at once.
    ensure_embedded_database(server.start(pin=True))
    typer.echo(f"The embedded server is running (data in {server.status().data_dir}).")


def embedded_stop() -> None:
    from hotdash_tui.embedded.server import EmbeddedServer

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
