"""Live refresh on every screen that watches tables (issue 16): a change committed by another
session reaches the open screen without a key, through the real LISTEN session; and a change
committed while only the listening session was broken is read once it listens again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.app import HotdashApp
from hotdash_tui.screens.board.screen import BoardScreen
from hotdash_tui.screens.prices.reading import ListingsTable
from hotdash_tui.screens.prices.screen import PricesScreen
from hotdash_tui.screens.windowed import WindowedScreen
from tests.ui.conftest import make_app
from tests.ui.support import settle
from tests.ui.test_live import wait_until

MARK = "Changed by another session"


def _items(app: HotdashApp) -> list[Any]:
    screen = app.screen
    if isinstance(screen, BoardScreen):
        return [card for column in screen.columns() for card in column.cards]
    if isinstance(screen, PricesScreen):
        return list(screen.query_one(ListingsTable).items)
    assert isinstance(screen, WindowedScreen)
    return list(screen.table.items)


@dataclass(frozen=True)
class Case:
    key: str
    pick: Callable[[list[Any]], Any]
    change: str  # SQL with :id
    ident: Callable[[Any], Any]
    seen: Callable[[Any, Any], bool]  # (the changed item as shown now, or None; picked) -> ok


CASES = {
    "board": Case(
        "2",
        lambda items: items[0],
        "UPDATE workflow.tasks SET title = 'Changed by another session' WHERE id = :id",
        lambda card: card.id,
        lambda now, _: now is not None and now.title == MARK,
    ),
    "alerts": Case(
        "3",
        lambda items: items[0],
        "UPDATE competitors.alerts SET status = 'dismissed', actioned_at = now(),"
        " actioned_by = 'someone' WHERE id = :id",
        lambda item: item.id,
        lambda now, _: now is None,  # the open view drops a dismissed alert
    ),
    "prices": Case(
        "4",
        lambda items: items[0],
        "UPDATE pricing.current_prices SET price = price + 1 WHERE listing_id = :id",
        lambda row: row.listing_id,
        lambda now, was: now is not None and now.price == was.price + 1,
    ),
    "runs": Case(
        "5",
        lambda items: next(line for line in items if line.source == "pipeline"),
        "UPDATE public.pipeline_runs SET status = 'skipped' WHERE id = :id",
        lambda line: line.key_uuid,
        lambda now, _: now is not None and now.status == "skipped",
    ),
}


def _shown(app: HotdashApp, case: Case, ident: Any) -> Any:
    return next((item for item in _items(app) if case.ident(item) == ident), None)


async def _open(app: HotdashApp, pilot: Any, key: str) -> list[Any]:
    assert await wait_until(pilot, lambda: app.listening)
    await pilot.press(key)
    await settle(pilot)
    assert await wait_until(pilot, lambda: bool(_items(app)))
    return _items(app)


@pytest.mark.parametrize("screen", sorted(CASES))
async def test_a_change_in_another_session_reaches_the_open_screen(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str, screen: str
) -> None:
    case = CASES[screen]
    app = make_app(seeded_engine, seeded_db_url, live=True)
    async with app.run_test(size=(120, 40)) as pilot:
        picked = case.pick(await _open(app, pilot, case.key))
        ident = case.ident(picked)
        with psycopg.connect(seeded_db_url, autocommit=True) as other:
            other.execute(text(case.change).text.replace(":id", "%(id)s"), {"id": ident})
        assert await wait_until(pilot, lambda: case.seen(_shown(app, case, ident), picked))


@pytest.mark.parametrize("screen", sorted(CASES))
async def test_a_change_made_while_only_the_listener_was_cut_is_read_after(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str, screen: str
) -> None:
    """The server stays up and the App's pool keeps working; only the LISTEN session dies, the
    change is committed before it listens again, so no notification will ever tell of it."""
    case = CASES[screen]
    app = make_app(seeded_engine, seeded_db_url, live=True)
    async with app.run_test(size=(120, 40)) as pilot:
        picked = case.pick(await _open(app, pilot, case.key))
        ident = case.ident(picked)
        with psycopg.connect(seeded_db_url, autocommit=True) as other:
            other.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND query ILIKE 'LISTEN%%'"
            )
            assert await wait_until(pilot, lambda: not app.listening)
            other.execute(text(case.change).text.replace(":id", "%(id)s"), {"id": ident})
        assert await wait_until(pilot, lambda: app.listening)
        assert await wait_until(pilot, lambda: case.seen(_shown(app, case, ident), picked))
