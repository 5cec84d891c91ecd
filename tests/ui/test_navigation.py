"""Keys that mean the same on every screen: q quits from details too, ctrl+r refreshes
(r is reject), and a day reads one way everywhere (issue 17)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.app import HotdashApp
from hotdash_tui.formatting import day_label
from hotdash_tui.screens.approvals.screen import ApprovalsScreen
from tests.ui.support import press


@pytest.mark.parametrize("keys", [("1", "enter"), ("3", "enter"), ("5", "enter")])
async def test_q_quits_from_a_details_screen(seeded_app: HotdashApp, keys: tuple[str, ...]) -> None:
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await press(pilot, *keys)
        assert "Details" in type(seeded_app.screen).__name__
        await pilot.press("q")
        await pilot.pause()
        assert seeded_app.return_code == 0 and not seeded_app.is_running


async def test_ctrl_r_reads_a_list_again(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "1")
        screen = seeded_app.screen
        assert isinstance(screen, ApprovalsScreen)
        first = screen.table.items[0]
        table = "approvals_queue" if first.source == "tasks" else '"AgentApproval"'
        with seeded_engine.begin() as conn:  # another session decides it; no live update here
            conn.execute(text(f"UPDATE {table} SET status = 'approved' WHERE id = :id"),
                         {"id": first.id})  # fmt: skip
        assert screen.table.items[0].key == first.key
        await press(pilot, "ctrl+r")
        assert first.key not in {item.key for item in screen.table.items}


def test_a_day_reads_one_way_everywhere() -> None:
    assert day_label(date(2026, 11, 30)) == "Nov 30"
    assert day_label(date(2026, 11, 30), today=date(2026, 12, 7)) == "Nov 30"
    assert day_label(date(2025, 11, 30), today=date(2026, 12, 7)) == "Nov 30 2025"
