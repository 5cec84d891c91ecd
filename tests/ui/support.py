"""Helpers the UI tests share: wait for a screen to settle, press keys, read what it shows."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from hotdash_tui.app import HotdashApp
from hotdash_tui.widgets.header_line import HeaderLine
from hotdash_tui.widgets.line_table import LineTable


async def settle(pilot: Pilot[Any]) -> None:
    """Waits for the workers twice: a result (a write, the ROAS tiles) starts another read."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def header(app: HotdashApp) -> str:
    return str(app.screen.query_one(HeaderLine).render())


def notices(app: HotdashApp) -> list[str]:
    return [n.message for n in app.notices]


def shown_row(table: LineTable, row: int) -> str:
    return "".join(str(cell) for cell in table.get_row_at(row))
