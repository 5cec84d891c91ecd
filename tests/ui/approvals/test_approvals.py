"""The approvals screen (key 1) driven by the Pilot on a real demo database: every key, the rows
it leaves in the database, and what the screen shows afterwards."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.approvals import (
    ApprovalFilter,
    ApprovalItem,
    approve_item,
    count_approvals,
    load_approvals,
)
from hotdash_tui.screens.approvals.details import ApprovalDetailsScreen
from hotdash_tui.screens.approvals.screen import ApprovalsScreen
from hotdash_tui.screens.approvals.table import ApprovalsTable
from hotdash_tui.screens.overview.screen import OverviewScreen
from hotdash_tui.widgets.reason_dialog import REASON_REQUIRED, ReasonDialog
from tests.conftest import FIXED_NOW
from tests.ui.conftest import REVIEWER
from tests.ui.support import header, notices, press, settle, shown_row


async def open_queue(pilot: Pilot[Any]) -> ApprovalsTable:
    await settle(pilot)
    await press(pilot, "1")
    assert isinstance(pilot.app.screen, ApprovalsScreen)
    return pilot.app.screen.table


STATE_QUERIES = {
    "tasks": "SELECT status, reviewed_by AS by, review_reason AS reason"
    " FROM public.approvals_queue WHERE id = :id",
    "agents": "SELECT status, decided_by AS by, decision_reason AS reason"
    ' FROM public."AgentApproval" WHERE id = :id',
}


def approval(engine: sqlalchemy.Engine, item: ApprovalItem) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(STATE_QUERIES[item.source]), {"id": item.id}).one()


def audit_actions(engine: sqlalchemy.Engine, item: ApprovalItem) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [
            (r.action, r.actor)
            for r in conn.execute(
                text(
                    "SELECT action, actor FROM system.audit_log WHERE entity_id = :id"
                    " ORDER BY created_at"
                ),
                {"id": item.id},
            )
        ]


async def test_key_1_opens_the_queue_and_0_returns(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        assert "Approvals" in header(seeded_app)
        await press(pilot, "0")
        assert isinstance(seeded_app.screen, OverviewScreen)


async def test_the_queue_is_the_pending_window_oldest_first(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected = load_approvals(seeded_engine, ApprovalFilter(), limit=100).items
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        assert [i.key for i in table.items] == [i.key for i in expected]
        first = shown_row(table, 0)
        assert first.split()[:2] == ["task", expected[0].kind[:13] + "…"]
        assert "pending" in first and expected[0].summary[:10] in first
        total = count_approvals(seeded_engine, ApprovalFilter())
        assert f"pending · row 1 of {total}" in header(seeded_app)
        await press(pilot, "j", "j", "k")
        assert table.cursor_row == 1 and f"row 2 of {total}" in header(seeded_app)


async def test_a_approves_the_row_and_moves_on(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        first, second = table.items[0], table.items[1]
        await press(pilot, "a")
        assert (approval(seeded_engine, first).status, approval(seeded_engine, first).by) == (
            "approved",
            REVIEWER,
        )
        assert audit_actions(seeded_engine, first) == [("approve", REVIEWER)]
        assert f"Approved: {first.summary}." in notices(seeded_app)
        assert first.key not in {i.key for i in table.items}
        assert table.current is not None and table.current.key == second.key


async def test_r_needs_a_reason_then_rejects(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        item = table.items[0]
        await press(pilot, "r")
        assert isinstance(seeded_app.screen, ReasonDialog)
        await press(pilot, "enter")
        assert isinstance(seeded_app.screen, ReasonDialog)
        error = seeded_app.screen.query_one("#reason-error", Static)
        assert str(error.render()) == REASON_REQUIRED
        assert approval(seeded_engine, item).status == "pending"
        await press(pilot, *"Off brand", "enter")
        assert isinstance(seeded_app.screen, ApprovalsScreen)
        stored = approval(seeded_engine, item)
        assert (stored.status, stored.by, stored.reason) == ("rejected", REVIEWER, "Off brand")
        assert audit_actions(seeded_app.database.engine, item) == [("reject", REVIEWER)]
        assert f"Rejected: {item.summary}." in notices(seeded_app)


async def test_esc_in_the_reason_dialog_writes_nothing(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        item = table.items[0]
        await press(pilot, "r", *"maybe", "escape")
        assert isinstance(seeded_app.screen, ApprovalsScreen)
        assert approval(seeded_engine, item).status == "pending"
        assert audit_actions(seeded_engine, item) == []
        assert table.items[0].key == item.key


async def test_space_marks_and_a_decides_every_marked_row_reporting_each(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        marked = table.items[:3]
        await press(pilot, "space", "space", "space")
        assert all(shown_row(table, n).startswith("* ") for n in range(3))
        assert not shown_row(table, 3).startswith("*")
        # Someone else decides the middle one behind this screen's back.
        approve_item(
            seeded_engine,
            marked[1].source,
            marked[1].id,
            "bob",
            now=FIXED_NOW - timedelta(minutes=79),
        )
        await press(pilot, "a")
        assert "2 approved, 1 already approved by bob at 10:41." in notices(seeded_app)
        assert [approval(seeded_engine, i).by for i in marked] == [REVIEWER, "bob", REVIEWER]
        assert not {i.key for i in marked} & {i.key for i in table.items}
        assert not table.marked


async def test_r_on_marked_rows_rejects_them_all_with_one_reason(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        await press(pilot, "j", "space", "space")
        marked = table.items[1:3]
        await press(pilot, "r", *"Duplicate", "enter")
        stored = [approval(seeded_engine, i) for i in marked]
        assert {(s.status, s.reason) for s in stored} == {("rejected", "Duplicate")}
        assert "2 rejected." in notices(seeded_app)
        assert approval(seeded_engine, table.items[0]).status == "pending"


async def test_a_stale_row_reports_who_decided_it_and_refreshes(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        item = table.items[0]
        approve_item(
            seeded_engine, item.source, item.id, "bob", now=FIXED_NOW - timedelta(minutes=79)
        )
        assert table.items[0].key == item.key  # the screen has not noticed yet
        await press(pilot, "a")
        assert f"{item.summary}: already approved by bob at 10:41." in notices(seeded_app)
        assert item.key not in {i.key for i in table.items}
        assert audit_actions(seeded_engine, item) == [("approve", "bob")]


async def test_u_undoes_my_last_decision(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        item = table.items[0]
        await press(pilot, "a")
        assert approval(seeded_engine, item).status == "approved"
        await press(pilot, "u")
        assert approval(seeded_engine, item).status == "pending"
        assert audit_actions(seeded_engine, item) == [("approve", REVIEWER), ("undo", REVIEWER)]
        assert "Undid 1 decision." in notices(seeded_app)
        assert table.items[0].key == item.key
        await press(pilot, "u")
        assert "Nothing of yours to undo on this screen." in notices(seeded_app)


async def test_u_is_refused_when_someone_touched_the_item_since(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        item = table.items[0]
        assert item.source == "tasks"
        await press(pilot, "a")
        with seeded_engine.begin() as conn:
            conn.execute(
                text("UPDATE public.approvals_queue SET reviewed_by = 'bob' WHERE id = :id"),
                {"id": item.id},
            )
        await press(pilot, "u")
        assert approval(seeded_engine, item) == ("approved", "bob", None)
        assert any(n.startswith("Not undone, it changed since") for n in notices(seeded_app))


async def test_enter_shows_the_details_and_a_decides_from_there(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        item = table.items[0]
        await press(pilot, "enter")
        screen = seeded_app.screen
        assert isinstance(screen, ApprovalDetailsScreen)
        body = str(screen.query_one("#details-body", Static).render())
        assert item.reason is not None and item.reason in body
        assert '"product_title": ' in body and "Task input" in body and "Evidence" in body
        assert "Product: " in body
        await press(pilot, "escape")
        assert isinstance(seeded_app.screen, ApprovalsScreen)
        assert approval(seeded_engine, item).status == "pending"
        await press(pilot, "enter", "a")
        assert approval(seeded_engine, item).status == "approved"


async def test_slash_filters_in_sql_and_esc_clears(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    typed = 'type:send_reply "10% code"'
    spec = ApprovalFilter(source=None, kind="send_reply", text="10% code")
    expected = load_approvals(seeded_engine, spec, limit=500).items
    assert expected
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        await press(pilot, "slash", *typed, "enter")
        assert [i.key for i in table.items] == [i.key for i in expected]
        assert f'type:send_reply "10% code" · row 1 of {len(expected)}' in header(seeded_app)
        await press(pilot, "escape")
        assert len(table.items) == 100 and "pending · row 1 of 100" in header(seeded_app)


async def test_a_bad_filter_is_one_sentence_and_keeps_the_rows(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        await press(pilot, "slash", *"source:agents", "enter")
        before = [i.key for i in table.items]
        assert before and {i.source for i in table.items} == {"agents"}
        await press(pilot, "slash", *" colour:red", "enter")
        assert any(n.startswith('There is no filter "colour:" here') for n in notices(seeded_app))
        assert [i.key for i in table.items] == before
        assert "source:agents · row 1 of" in header(seeded_app)


async def test_more_rows_are_read_as_the_cursor_nears_the_end(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    total = count_approvals(seeded_engine, ApprovalFilter(status="all"))
    assert total > 200
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        await press(pilot, "slash", *"status:all", "enter")
        assert len(table.items) == 100
        await press(pilot, *["pagedown"] * 6)
        assert len(table.items) > 100
        await press(pilot, *["pagedown"] * 30)
        assert len(table.items) == total
        assert len({i.key for i in table.items}) == total


async def test_an_expired_request_shows_expired_and_cannot_be_approved(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    with seeded_engine.begin() as conn:
        conn.execute(
            text(
                'UPDATE public."AgentApproval" SET expires_at = :at WHERE id = ('
                " SELECT id FROM public.\"AgentApproval\" WHERE status = 'pending'"
                " ORDER BY requested_at, id LIMIT 1)"
            ),
            {"at": FIXED_NOW - timedelta(minutes=30)},
        )
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_queue(pilot)
        await press(pilot, "slash", *"source:agents", "enter")
        item = table.items[0]
        assert "expired" in shown_row(table, 0)
        await press(pilot, "a")
        assert f"{item.summary}: expired at 11:30, reject it instead." in notices(seeded_app)
        assert approval(seeded_engine, item).status == "pending"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_approvals_snapshot(
    snap_compare: Any, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_queue(pilot)

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)


def test_details_snapshot(snap_compare: Any, snapshot_app: HotdashApp) -> None:
    async def open_details(pilot: Pilot[Any]) -> None:
        await open_queue(pilot)
        await press(pilot, "enter")

    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=open_details)


async def test_u_brings_the_decided_row_back_under_the_cursor(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        table = await open_queue(pilot)
        await press(pilot, "j", "j", "j")
        chosen = table.current
        assert chosen is not None
        await press(pilot, "a")
        assert chosen.key not in {i.key for i in table.items}
        await press(pilot, "k", "k")  # the cursor wanders off meanwhile
        await press(pilot, "u")
        assert table.current is not None and table.current.key == chosen.key
