"""An agent approval with its context: what its action touches, shown before its payload, and
feedback to the agent with F, alone or with a decision (and taken back by u)."""

from __future__ import annotations

from typing import Any

import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.screens.approvals.details import ApprovalDetailsScreen
from hotdash_tui.screens.approvals.feedback import FeedbackDialog
from hotdash_tui.screens.approvals.screen import ApprovalsScreen
from hotdash_tui.screens.approvals.table import ApprovalsTable
from tests.ui.approvals.test_approvals import approval, open_queue
from tests.ui.conftest import REVIEWER
from tests.ui.support import notices, press


async def test_an_agent_price_change_shows_its_margin_before_the_payload(
    seeded_app: HotdashApp,
) -> None:
    async with seeded_app.run_test(size=(100, 40)) as pilot:
        table = await open_queue(pilot)
        await press(pilot, "slash")
        await pilot.press(*"type:update_price")
        await press(pilot, "enter")
        assert table.items and all(i.kind == "update_price" for i in table.items)
        await press(pilot, "enter")
        screen = seeded_app.screen
        assert isinstance(screen, ApprovalDetailsScreen)
        body = str(screen.query_one("#details-body", Static).render())
        assert "What it touches" in body and "Net margin: " in body
        assert body.index("What it touches") < body.index("Action payload")


def feedback_of(engine: sqlalchemy.Engine, approval_id: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                'SELECT feedback_type, rating, comment, given_by FROM public."AgentFeedback"'
                " WHERE approval_id = :id"
            ),
            {"id": approval_id},
        )
        return [tuple(r) for r in rows]


async def agents_only(pilot: Pilot[Any]) -> ApprovalsTable:
    table = await open_queue(pilot)
    await press(pilot, "slash")
    await pilot.press(*"source:agents")
    await press(pilot, "enter")
    assert table.items and all(i.source == "agents" for i in table.items)
    return table


async def test_f_approves_with_feedback_in_one_flow(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await agents_only(pilot)
        item = table.items[0]
        await press(pilot, "F")
        assert isinstance(seeded_app.screen, FeedbackDialog)
        await pilot.press("down", "enter")  # the decision: approve, with feedback
        await pilot.press("tab", "tab", "down", "enter")  # past the reason; thumbs down
        await pilot.press("tab", "2", "tab", *"too pushy")
        await press(pilot, "enter")
        assert approval(seeded_engine, item).status == "approved"
        assert feedback_of(seeded_engine, item.id) == [("thumbs_down", 2, "too pushy", REVIEWER)]
        assert any("Feedback sent with 1." in n for n in notices(seeded_app))
        await press(pilot, "u")  # undo takes the feedback back with the decision
        assert approval(seeded_engine, item).status == "pending"
        assert feedback_of(seeded_engine, item.id) == []


async def test_a_bad_rating_keeps_the_dialog_and_esc_writes_nothing(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await agents_only(pilot)
        item = table.items[0]
        await press(pilot, "F")
        dialog = seeded_app.screen
        assert isinstance(dialog, FeedbackDialog)
        await pilot.press("tab", "tab", "tab", "9")
        await press(pilot, "enter")
        assert seeded_app.screen is dialog
        error = str(dialog.query_one("#feedback-error", Static).render())
        assert error == "A rating is a whole number from 1 to 5, or nothing."
        await press(pilot, "escape")
        assert isinstance(seeded_app.screen, ApprovalsScreen)
        assert feedback_of(seeded_engine, item.id) == []
        assert approval(seeded_engine, item).status == "pending"


def test_feedback_dialog_snapshot(snap_compare: Any, snapshot_app: HotdashApp) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await agents_only(pilot)
        await press(pilot, "F")

    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=open_it)
