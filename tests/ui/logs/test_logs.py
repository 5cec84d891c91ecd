"""The error log (key 9) driven by the Pilot on a real demo database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.screens.logs.details import LogDetailsScreen
from hotdash_tui.screens.logs.screen import LogsScreen, LogsTable
from tests.conftest import FIXED_NOW
from tests.ui.support import header, press, settle


def ids(engine: sqlalchemy.Engine, where: str) -> list[int]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT id FROM public.observability_logs WHERE {where}"
                " ORDER BY created_at DESC, id DESC"
            )
        )
        return [r.id for r in rows]


async def open_logs(pilot: Pilot[Any]) -> LogsScreen:
    await settle(pilot)
    await press(pilot, "9")
    screen = pilot.app.screen
    assert isinstance(screen, LogsScreen)
    return screen


def shown(screen: LogsScreen) -> list[int]:
    return [line.id for line in screen.query_one(LogsTable).items]


async def test_key_9_shows_errors_and_fatals_newest_first(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    wanted = ids(seeded_engine, "level IN ('ERROR', 'FATAL')")
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_logs(pilot)
        assert shown(screen) == wanted[:100]
        assert f"of {len(wanted)}" in header(seeded_app)
        await press(pilot, "slash")
        await pilot.press(*"level:warn")
        await press(pilot, "enter")
        assert shown(screen) == ids(seeded_engine, "level IN ('WARN', 'ERROR', 'FATAL')")[:100]


async def test_enter_shows_the_context_and_the_trace(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    first = ids(seeded_engine, "level IN ('ERROR', 'FATAL')")[0]
    with seeded_engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE public.observability_logs SET trace_id = 't-1',"
                " message = CASE WHEN id = :id THEN message ELSE 'the cause' END"
                " WHERE id IN (:id, 3)"
            ),
            {"id": first},
        )
    async with seeded_app.run_test(size=(100, 40)) as pilot:
        await open_logs(pilot)
        await press(pilot, "enter")
        details = seeded_app.screen
        assert isinstance(details, LogDetailsScreen)
        body = str(details.query_one("#log-details-body", Static).render())
        assert "the cause" in body
        assert '"host":' in body


async def test_f_follows_new_lines(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_logs(pilot)
        await press(pilot, "f")
        with seeded_engine.begin() as conn:
            new = conn.execute(
                text(
                    "INSERT INTO public.observability_logs (level, service, message, created_at)"
                    " VALUES ('FATAL', 'api', 'disk full', :at) RETURNING id"
                ),
                {"at": FIXED_NOW + timedelta(seconds=1)},
            ).scalar_one()
        screen.follow_tick()
        await settle(pilot)
        assert shown(screen)[0] == new
        assert "following" in header(seeded_app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_logs_snapshot(snap_compare: Any, snapshot_app: HotdashApp, size: tuple[int, int]) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_logs(pilot)

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)


def test_log_details_snapshot(snap_compare: Any, snapshot_app: HotdashApp) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_logs(pilot)
        await press(pilot, "enter")

    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=open_it)
