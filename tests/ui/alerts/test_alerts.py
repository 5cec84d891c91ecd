"""The competitor alerts screen (key 3) driven by the Pilot on a real demo database: every key,
the rows it leaves in the database, and what the screen shows afterwards."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Input, Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.alerts import (
    ACTION_TAKEN_MAX,
    ActionTakenRequired,
    AlertFilter,
    change_alert,
    count_alerts,
    load_alerts,
)
from hotdash_tui.db.errors import describe_error
from hotdash_tui.screens.alerts.details import AlertDetailsScreen
from hotdash_tui.screens.alerts.screen import ACTION_TAKEN_REQUIRED, AlertsScreen
from hotdash_tui.screens.alerts.table import AlertsTable
from hotdash_tui.screens.overview.screen import OverviewScreen
from hotdash_tui.widgets.key_bar import KeyBar
from hotdash_tui.widgets.matrix_plot import MatrixPlot
from hotdash_tui.widgets.reason_dialog import ReasonDialog
from tests.conftest import FIXED_NOW
from tests.ui.conftest import REVIEWER
from tests.ui.support import header, notices, press, settle, shown_row

BOB_AT = FIXED_NOW - timedelta(minutes=79)  # reads "10:41"


async def open_alerts(pilot: Pilot[Any]) -> AlertsTable:
    await settle(pilot)
    await press(pilot, "3")
    assert isinstance(pilot.app.screen, AlertsScreen)
    return pilot.app.screen.table


def stored(engine: sqlalchemy.Engine, alert_id: uuid.UUID) -> Any:
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT status, actioned_by, actioned_at, action_taken"
                " FROM competitors.alerts WHERE id = :id"
            ),
            {"id": alert_id},
        ).one()


def audit(engine: sqlalchemy.Engine, alert_id: uuid.UUID) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT action, actor FROM system.audit_log"
                " WHERE entity_type = 'competitor_alert' AND entity_id = :id ORDER BY created_at"
            ),
            {"id": str(alert_id)},
        )
        return [(r.action, r.actor) for r in rows]


async def test_key_3_lists_open_alerts_new_and_severe_first(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected = load_alerts(seeded_engine, AlertFilter(), limit=100).items
    total = count_alerts(seeded_engine, AlertFilter())
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        assert [i.key for i in table.items] == [i.key for i in expected]
        first = shown_row(table, 0)
        assert first.startswith("  !!! crit price_drop") and "new" in first
        assert expected[0].competitor_asin in first and "%" in first and "→" in first
        assert f"Alerts · open · row 1 of {total}" in header(seeded_app)
        await press(pilot, "j", "j", "k")
        assert table.cursor_row == 1 and f"row 2 of {total}" in header(seeded_app)
        await press(pilot, "0")
        assert isinstance(seeded_app.screen, OverviewScreen)


async def test_v_marks_the_row_viewed_with_an_audit_row(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        item, second = table.items[0], table.items[1]
        await press(pilot, "v")
        assert stored(seeded_engine, item.id)[:2] == ("viewed", REVIEWER)
        assert audit(seeded_engine, item.id) == [("viewed", REVIEWER)]
        assert f"Marked viewed: {item.name}." in notices(seeded_app)
        # Still open, now among the viewed ones after every new alert; the cursor moved on.
        assert any(i.key == item.key and i.status == "viewed" for i in table.items)
        assert table.current is not None and table.current.key == second.key


async def test_x_asks_what_was_done_then_marks_actioned(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        item = table.items[0]
        await press(pilot, "x")
        assert isinstance(seeded_app.screen, ReasonDialog)
        await press(pilot, "enter")  # nothing typed: refused in the dialog
        error = seeded_app.screen.query_one("#reason-error", Static)
        assert str(error.render()) == ACTION_TAKEN_REQUIRED
        assert stored(seeded_engine, item.id).status == "new"
        await press(pilot, *"Matched at 9.99", "enter")
        assert isinstance(seeded_app.screen, AlertsScreen)
        assert tuple(stored(seeded_engine, item.id)) == (
            "actioned",
            REVIEWER,
            FIXED_NOW,
            "Matched at 9.99",
        )
        assert audit(seeded_engine, item.id) == [("actioned", REVIEWER)]
        assert item.key not in {i.key for i in table.items}  # no longer open


async def test_esc_in_the_what_was_done_dialog_writes_nothing(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        item = table.items[0]
        await press(pilot, "x", *"half typed", "escape")
        assert isinstance(seeded_app.screen, AlertsScreen)
        assert tuple(stored(seeded_engine, item.id)) == ("new", None, None, None)
        assert audit(seeded_engine, item.id) == []
        assert table.items[0].key == item.key


async def test_d_dismisses_and_the_alert_leaves_the_open_list(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        item = table.items[2]
        await press(pilot, "j", "j", "d")
        state = stored(seeded_engine, item.id)
        assert (state.status, state.actioned_by, state.actioned_at) == (
            "dismissed",
            REVIEWER,
            FIXED_NOW,
        )
        assert audit(seeded_engine, item.id) == [("dismissed", REVIEWER)]
        assert item.key not in {i.key for i in table.items}
        assert f"Dismissed: {item.name}." in notices(seeded_app)


async def test_marked_rows_are_changed_together_with_a_report_per_outcome(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        marked = table.items[:3]
        await press(pilot, "space", "space", "space")
        assert all(shown_row(table, n).startswith("* ") for n in range(3))
        assert not shown_row(table, 3).startswith("*")
        # Another connection dismisses the middle one behind this screen's back.
        change_alert(seeded_engine, marked[1].id, "dismiss", "bob", now=BOB_AT)
        await press(pilot, "v")
        assert "2 marked viewed, 1 already dismissed by bob at 10:41." in notices(seeded_app)
        assert [stored(seeded_engine, i.id)[:2] for i in marked] == [
            ("viewed", REVIEWER),
            ("dismissed", "bob"),
            ("viewed", REVIEWER),
        ]
        assert audit(seeded_engine, marked[1].id) == [("dismissed", "bob")]
        assert not table.marked


async def test_x_on_marked_rows_records_one_answer_for_each(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        await press(pilot, "j", "space", "space")
        marked = table.items[1:3]
        await press(pilot, "x", *"Raised review task", "enter")
        assert {tuple(stored(seeded_engine, i.id))[::3] for i in marked} == {
            ("actioned", "Raised review task")
        }
        assert "2 marked actioned." in notices(seeded_app)
        assert stored(seeded_engine, table.items[0].id).status == "new"


async def test_a_lost_race_says_who_and_when_and_changes_nothing(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        item = table.items[0]
        change_alert(seeded_engine, item.id, "action", "bob", action_taken="Matched", now=BOB_AT)
        assert table.items[0].key == item.key  # the screen has not noticed yet
        await press(pilot, "d")
        assert f"{item.name}: already actioned by bob at 10:41." in notices(seeded_app)
        assert tuple(stored(seeded_engine, item.id)) == ("actioned", "bob", BOB_AT, "Matched")
        assert audit(seeded_engine, item.id) == [("actioned", "bob")]
        assert item.key not in {i.key for i in table.items}  # refreshed


async def test_slash_filters_in_sql_and_esc_clears(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    spec = AlertFilter(status="all", severity="high", kind="bsr_change")
    expected = load_alerts(seeded_engine, spec, limit=500).items
    assert expected
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        await press(pilot, "slash", *"status:all severity:HIGH type:bsr_change", "enter")
        assert [i.key for i in table.items] == [i.key for i in expected]
        assert {i.severity for i in table.items} == {"high"}
        # At 80 columns the header keeps the filter whole and gives up "row x of N" first.
        assert header(seeded_app).startswith("Alerts · status:all severity:high type:bsr_change")
        assert f"row 1 of {len(expected)}" not in header(seeded_app)
        await press(pilot, "escape")
        total = count_alerts(seeded_engine, AlertFilter())
        assert f"open · row 1 of {total}" in header(seeded_app)


async def test_competitor_and_listing_filters(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    sample = load_alerts(seeded_engine, AlertFilter(), limit=1).items[0]
    assert sample.first_affected_asin is not None
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        await press(pilot, "slash", *f"competitor:{sample.competitor_asin.lower()}", "enter")
        assert table.items and {i.competitor_id for i in table.items} == {sample.competitor_id}
        typed = f"listing:{sample.first_affected_asin} status:all"
        await press(pilot, "slash", *["backspace"] * 40, *typed, "enter")
        expected = load_alerts(
            seeded_engine, AlertFilter(status="all", listing=sample.first_affected_asin)
        ).items
        assert [i.key for i in table.items] == [i.key for i in expected]
        assert sample.key in {i.key for i in table.items}


async def test_a_filter_full_of_quotes_and_percents_is_text_not_sql(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        await press(pilot, "slash", *"competitor:\"it's 100%\" '; drop table x; -- %_", "enter")
        assert table.items == []
        assert "No alerts match this filter; esc clears it." in str(
            seeded_app.screen.query_one("#alerts-empty", Static).render()
        )
        # The filter the user typed is cut at its end, never its start; who acts stays.
        assert header(seeded_app).startswith('Alerts · competitor:"it\'s 100%"')
        assert header(seeded_app).endswith("… │ you: reviewer │ connected")
        # % is a character to find, not a wildcard, and no stored value holds one.
        await press(pilot, "slash", *["backspace"] * 60, *"100%", "enter")
        assert table.items == []
        await press(pilot, "slash", *["backspace"] * 10, *"OF STOCK", "enter")
        assert table.items
        assert all("of stock" in f"{i.previous_value} {i.new_value}".lower() for i in table.items)
    with seeded_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM competitors.alerts")).scalar_one() == 600


async def test_a_bad_filter_is_one_sentence_and_keeps_the_rows(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        before = [i.key for i in table.items]
        await press(pilot, "slash", *"severity:urgent", "enter")
        assert any(n.startswith('"severity:urgent" is not one of') for n in notices(seeded_app))
        assert [i.key for i in table.items] == before


async def test_enter_shows_the_competitor_with_its_plot_and_d_dismisses_from_there(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        item = table.items[0]
        await press(pilot, "enter")
        screen = seeded_app.screen
        assert isinstance(screen, AlertDetailsScreen)
        head = str(screen.query_one("#alert-details-head", Static).render())
        assert item.competitor_asin in head and "sold by" in head and "BSR" in head
        listings = str(screen.query_one("#alert-listings", Static).render())
        assert item.first_affected_asin is not None and item.first_affected_asin in listings
        assert "£" in listings
        plot = screen.query_one(MatrixPlot)
        assert len(screen.details.history) > 60  # 90 days of daily points in the seed
        drawn = "\n".join(line.text for line in plot.figure_lines())
        assert "price" in drawn and "BSR" in drawn
        await press(pilot, "escape")
        assert isinstance(seeded_app.screen, AlertsScreen)
        assert stored(seeded_engine, item.id).status == "new"
        await press(pilot, "enter", "d")
        assert stored(seeded_engine, item.id).status == "dismissed"


async def test_more_rows_are_read_as_the_cursor_nears_the_end(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    total = count_alerts(seeded_engine, AlertFilter(status="all"))
    assert total == 600
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        await press(pilot, "slash", *"status:all", "enter")
        assert len(table.items) == 100
        await press(pilot, *["pagedown"] * 40)
        assert len(table.items) == total == len({i.key for i in table.items})
        assert [i.status for i in table.items] == sorted(
            (i.status for i in table.items),
            key=["new", "viewed", "actioned", "dismissed"].index,
        )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_alerts_snapshot(
    snap_compare: Any, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_alerts(pilot)

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_alert_details_snapshot(
    snap_compare: Any, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    async def open_details(pilot: Pilot[Any]) -> None:
        await open_alerts(pilot)
        await press(pilot, "enter")

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_details)


async def test_u_undoes_the_last_change_and_the_cursor_lands_on_the_alert(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        await press(pilot, "j", "j")
        chosen = table.current
        assert chosen is not None
        before = tuple(stored(seeded_engine, chosen.id))
        await press(pilot, "d")
        assert chosen.key not in {i.key for i in table.items}  # dismissed: off the open list
        await press(pilot, "u")
        assert "Undid 1 change." in notices(seeded_app)
        assert tuple(stored(seeded_engine, chosen.id)) == before
        assert audit(seeded_engine, chosen.id)[-2:] == [("dismissed", REVIEWER), ("undo", REVIEWER)]
        assert table.current is not None and table.current.key == chosen.key
        await press(pilot, "u")
        assert "Nothing of yours to undo on this screen." in notices(seeded_app)
        # At 80 columns the App's own keys give way to the screen's, help and quit.
        keys = str(seeded_app.screen.query_one(KeyBar).render())
        assert "u Undo" in keys and keys.rstrip().endswith("q Quit") and "Overview" not in keys


async def test_the_header_counts_the_marked_rows(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await open_alerts(pilot)
        await press(pilot, "space", "space")
        assert "· 2 marked · row 3 of" in header(seeded_app)
        await press(pilot, "k", "space")
        assert "· 1 marked · row 3 of" in header(seeded_app)


async def test_what_was_done_stops_at_its_limit_in_the_field_itself(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        table = await open_alerts(pilot)
        chosen = table.current
        assert chosen is not None
        await press(pilot, "x")
        dialog = seeded_app.screen
        assert isinstance(dialog, ReasonDialog)
        field = dialog.query_one("#reason-input", Input)
        field.value = "y" * (ACTION_TAKEN_MAX - 2)
        field.action_end()
        await pilot.press(*"yyzzz")
        assert field.value == "y" * ACTION_TAKEN_MAX  # typed past the limit: nothing taken
        await press(pilot, "enter")
        assert stored(seeded_engine, chosen.id).action_taken == "y" * ACTION_TAKEN_MAX


def test_a_refused_answer_reads_without_the_exception_class() -> None:
    said = describe_error(ActionTakenRequired("Say what was done to mark the alert actioned."))
    assert said == "Say what was done to mark the alert actioned."
