"""Writes from the shell, one item at a time: ``hotdash approve|reject``, ``alerts
view|action|dismiss``, ``runs retry``, ``board move`` and ``price set``.

Every item is its own transaction through the screen's own write (guarded, audited, the
identity of ``--as``), and gets one line on stdout, its id first, as soon as it is decided, so
a script can pick each outcome out. Exit 0 when this call did every item, 1 when any was
not done by it (decided by someone else first, not found, refused by its rule), 2 for a bad
id or value (found before anything is written), ``--read-only``, a role that may not write,
or a connection failure. A failure midway says how many items were done and lists the ones
that were not, the one in flight first: whether its commit reached the server is unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from hotdash_tui.cli.common import describe_failure, fail, open_for_command, user_errors
from hotdash_tui.config import Settings

if TYPE_CHECKING:
    import sqlalchemy

EXIT_NOT_DONE = 1
T = TypeVar("T")

ReadOnlyOption = Annotated[
    bool, typer.Option("--read-only", help="Refuse to write (as `hotdash --read-only`).")
]


@dataclass(frozen=True)
class Outcome:
    line: str  # the item's id first, then what happened
    done: bool  # this call changed it


def run_items(
    settings: Settings,
    dsn: str | None,
    done_word: str,
    may_not: str,
    items: Sequence[T],
    label: Callable[[T], str],
    act: Callable[[sqlalchemy.Engine, str, T], Outcome],
) -> None:
    """``act(engine, actor, item)`` for each item in turn, one line each; ``done_word`` says
    what ``--read-only`` leaves undone ("approved"), ``may_not`` what a role that cannot
    write may not do ("make decisions")."""
    if settings.read_only:
        fail(f"--read-only is set, so nothing can be {done_word}; nothing was changed.")
    all_done = True
    with user_errors(dsn):
        database = open_for_command(settings)
        try:
            if database.read_only:
                fail(
                    f"the database role {database.target.user} may not {may_not} (it cannot "
                    "write audit rows; grant it hotdash_reviewer); nothing was changed."
                )
            for n, item in enumerate(items):
                try:
                    outcome = act(database.engine, settings.identity, item)
                except Exception as exc:
                    _stopped_midway(exc, dsn, n, [label(i) for i in items[n:]])
                typer.echo(outcome.line)
                all_done = all_done and outcome.done
        finally:
            database.close()
    if not all_done:
        raise typer.Exit(EXIT_NOT_DONE)


def _stopped_midway(exc: Exception, dsn: str | None, done: int, left: list[str]) -> None:
    if isinstance(exc, typer.Exit | typer.Abort):
        raise exc
    sentence = describe_failure(exc, dsn).rstrip(".")
    if done == 0 and len(left) == 1:
        fail(f"{sentence}.")
    fail(
        f"{sentence}; it stopped after {done} of {done + len(left)} items (their lines are "
        f"above); not done: {' '.join(left)} (check the first: it was being written)."
    )
