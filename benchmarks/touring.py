"""What the tour (:mod:`benchmarks.tour`) is made of: keys pressed as a user presses them, the
cursor moved to a row chosen by its fields, a filter typed into a screen's `/` line, and a
rival reviewer who changes a row on a second connection first."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

import sqlalchemy
from sqlalchemy import Connection
from textual.pilot import Pilot
from textual.screen import Screen

from benchmarks.driving import settle
from hotdash_tui.app import HotdashApp
from hotdash_tui.db.engine import create_db_engine

T = TypeVar("T")
Row = TypeVar("Row", covariant=True)
S = TypeVar("S", bound=Screen[Any])
RIVAL = "rival@hotdash.local"  # the other reviewer, who wins the races the tour stages


class Rows(Protocol[Row]):
    """A screen's table as the tour reads it: its loaded rows and the cursor's row."""

    @property
    def items(self) -> Sequence[Row]: ...

    @property
    def cursor_row(self) -> int: ...


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Keys one after another, then the App settled (workers done, messages handled).

    An error the App shows stops the tour here, naming the keys: a notice expires after a
    few seconds, and the harness's own check when the App closes sees only those left."""
    await pilot.press(*keys)
    await settle(pilot)
    stop_on_app_errors(pilot, keys)


def stop_on_app_errors(pilot: Pilot[Any], keys: tuple[str, ...]) -> None:
    """Raises if the App shows an error now: a figure of an App that failed measures nothing."""
    app = pilot.app
    notices = app.notices if isinstance(app, HotdashApp) else []
    errors = [n.message for n in notices if n.severity == "error"]
    if errors:
        raise RuntimeError(f"the App reported errors after the keys {keys}: {errors}")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Types ``text`` into the focused field, one key per character."""
    await pilot.press(*text)


async def clear_field(pilot: Pilot[Any], length: int) -> None:
    """Empties a field that holds ``length`` characters, as backspace from its end does."""
    await pilot.press("end", *["backspace"] * length)


async def filter_by(pilot: Pilot[Any], text: str) -> None:
    """esc (the last filter goes), `/`, the filter typed, enter: the screen reads again."""
    await press(pilot, "escape")
    await pilot.press("slash")
    await type_text(pilot, text)
    await press(pilot, "enter")


def screen_of(pilot: Pilot[Any], kind: type[S]) -> S:
    screen = pilot.app.screen
    if not isinstance(screen, kind):
        raise RuntimeError(f"the tour expected {kind.__name__}, the App shows {screen!r}")
    return screen


async def cursor_to(pilot: Pilot[Any], table: Rows[T], choose: Callable[[T], bool]) -> T | None:
    """Moves the cursor (j / k) to the first loaded row ``choose`` accepts; None if none."""
    index = next((i for i, row in enumerate(table.items) if choose(row)), None)
    if index is None:
        return None
    chosen = table.items[index]
    steps = index - table.cursor_row
    await press(pilot, *(["j"] * steps if steps > 0 else ["k"] * -steps))
    if table.cursor_row >= len(table.items) or table.items[table.cursor_row] != chosen:
        raise RuntimeError(f"the cursor did not reach row {index}: {chosen!r}")
    return chosen


class Rival:
    """Another reviewer on an engine of their own: the App's engine is the one the harness
    listens on, so nothing the rival runs is taken for a query the App ran."""

    def __init__(self, dsn: str) -> None:
        self.engine = create_db_engine(dsn, pool_size=1)

    def close(self) -> None:
        self.engine.dispose()

    def now(self, change: Callable[[Connection], Any]) -> None:
        """Makes ``change`` and commits it at once."""
        with self.engine.begin() as conn:
            change(conn)

    @asynccontextmanager
    async def first(self, change: Callable[[Connection], Any]) -> AsyncIterator[None]:
        """Makes ``change`` and holds its row locks while the body presses the App's key,
        then commits. The App's guarded write waits for the lock, then finds the row no
        longer as it was: two reviewers pressing at the same moment, the rival a little
        sooner. (Committing before the key would let the App's live refresh take the row
        off the list before the key reaches it.)"""
        with self.engine.connect() as conn:
            transaction = conn.begin()
            change(conn)
            try:
                yield
            except BaseException:
                transaction.rollback()
                raise
            transaction.commit()


def execute(statement: str, **params: Any) -> Callable[[Connection], Any]:
    """A rival's change: one statement of the harness with bound parameters."""
    return lambda conn: conn.execute(sqlalchemy.text(statement), params)
