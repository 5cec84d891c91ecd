"""The task board (key 2), driven by the Pilot on a real demo database.

Every key is pressed as a user would; afterwards the rows in the database and what the
screen shows are both checked.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy
from rich.console import Console
from sqlalchemy import text
from textual.pilot import Pilot

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.board.read import PAGE_SIZE, Board, load_board
from hotdash_tui.db.board.write import move_task
from hotdash_tui.screens.board.column import KanbanColumn
from hotdash_tui.screens.board.reading import ColumnsScroll
from hotdash_tui.screens.board.screen import BoardScreen
from hotdash_tui.screens.help import HelpScreen
from hotdash_tui.screens.overview.screen import OverviewScreen
from hotdash_tui.widgets.card_list import CARD_LINES, PITCH
from tests.conftest import FIXED_NOW
from tests.ui.conftest import REVIEWER
from tests.ui.support import header, press

SnapCompare = Callable[..., bool]


def board_of(app: HotdashApp) -> BoardScreen:
    assert isinstance(app.screen, BoardScreen)
    return app.screen


def columns(app: HotdashApp) -> list[KanbanColumn]:
    return board_of(app).columns()


def focused(app: HotdashApp) -> KanbanColumn:
    column = board_of(app).focused_column()
    assert column is not None and app.focused is column.card_list
    return column


def task_stage(engine: sqlalchemy.Engine, task_id: uuid.UUID) -> Any:
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT s.name AS stage, t.completed_at FROM workflow.tasks t"
                " JOIN workflow.kanban_stages s ON s.id = t.stage_id WHERE t.id = :id"
            ),
            {"id": task_id},
        ).one()


def audit_of(engine: sqlalchemy.Engine, task_id: uuid.UUID) -> list[Any]:
    """The audit rows hotdash wrote for a task (the demo data's own say source 'user' etc.)."""
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT * FROM system.audit_log WHERE entity_id = :id AND source = 'hotdash'"
                    " ORDER BY created_at"
                ),
                {"id": task_id},
            )
        )


async def test_two_opens_the_board_and_zero_returns(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2")
        assert isinstance(seeded_app.screen, BoardScreen)
        assert "Task board" in header(seeded_app) and "card 1 of " in header(seeded_app)
        await press(pilot, "0")
        assert isinstance(seeded_app.screen, OverviewScreen)


async def test_columns_are_the_stages_with_counts_and_cards_by_priority(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected: Board = load_board(seeded_engine)
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2")
        shown = columns(seeded_app)
        assert [c.stage.name for c in shown] == [s.name for s in expected.stages]
        for column, stage in zip(shown, expected.stages, strict=True):
            count = expected.counts[stage.id]
            assert str(column.border_title).endswith(f" ({count})")
            assert column.cards == list(expected.columns[stage.id].cards)
        overdue = [n for n, card in enumerate(shown[0].cards) if card.is_overdue(FIXED_NOW.date())]
        assert overdue, "the demo data has overdue tasks in Backlog"
        prompt = str(shown[0].card_list.get_option_at_index(overdue[0]).prompt)
        assert "! due " in prompt


async def test_h_l_and_arrows_change_column_j_k_change_card(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2")
        assert focused(seeded_app).stage.name == "Backlog"
        await press(pilot, "l", "l")
        assert focused(seeded_app).stage.name == "In Progress"
        await press(pilot, "j", "j")
        assert focused(seeded_app).card_list.highlighted == 2
        assert "card 3 of " in header(seeded_app)
        await press(pilot, "k")
        assert "card 2 of " in header(seeded_app)
        await press(pilot, "h")
        assert focused(seeded_app).stage.name == "To Analyze"
        await press(pilot, "right", "right", "right", "right", "right", "right")
        assert focused(seeded_app).stage.name == "Done"  # stops at the last column
        board = seeded_app.screen.query_one("#board-columns")
        assert board.scroll_x > 0  # scrolled sideways to show it
        await press(pilot, "left")
        assert focused(seeded_app).stage.name == "Monitoring"


async def test_the_cursor_going_down_scrolls_its_column(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2")
        column = focused(seeded_app)
        cards = column.card_list
        shown = cards.scrollable_content_region.height // PITCH
        await press(pilot, *["j"] * (shown + 2))
        assert cards.highlighted == shown + 2 and cards.scroll_y > 0
        card_top = (shown + 2) * PITCH
        assert cards.scroll_y <= card_top <= cards.scroll_y + cards.size.height - CARD_LINES


@pytest.mark.parametrize(("forward", "back"), [("L", "H"), ("shift+right", "shift+left")])
async def test_moving_a_card_writes_the_stage_and_one_audit_row_each_time(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine, forward: str, back: str
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "j")
        card = focused(seeded_app).highlighted_card
        assert card is not None
        await press(pilot, forward)
        assert task_stage(seeded_engine, card.id).stage == "To Analyze"
        # The cursor follows the card into its new column.
        assert focused(seeded_app).stage.name == "To Analyze"
        assert focused(seeded_app).highlighted_card == columns(seeded_app)[1].cards[0]
        assert focused(seeded_app).cards[0].id == card.id
        await press(pilot, forward)
        assert task_stage(seeded_engine, card.id).stage == "In Progress"
        await press(pilot, back)
        assert task_stage(seeded_engine, card.id).stage == "To Analyze"
        rows = audit_of(seeded_engine, card.id)
        assert [(r.action, r.actor, r.source) for r in rows] == [("move", REVIEWER, "hotdash")] * 3
        path = [r.changes["stage"]["new"] for r in rows]
        assert path == ["To Analyze", "In Progress", "To Analyze"]
        counts = load_board(seeded_engine).counts
        shown = {c.stage.id: c.count for c in columns(seeded_app)}
        assert shown == counts


async def test_reaching_done_sets_completed_at_and_leaving_clears_it(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", *["l"] * 5)
        card = focused(seeded_app).highlighted_card
        assert card is not None and focused(seeded_app).stage.name == "Monitoring"
        await press(pilot, "L")
        row = task_stage(seeded_engine, card.id)
        assert (row.stage, row.completed_at) == ("Done", FIXED_NOW)
        await press(pilot, "H")
        row = task_stage(seeded_engine, card.id)
        assert (row.stage, row.completed_at) == ("Monitoring", None)


async def test_no_stage_before_the_first_moves_nothing(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2")
        card = focused(seeded_app).highlighted_card
        assert card is not None
        await press(pilot, "H")
        assert task_stage(seeded_engine, card.id).stage == "Backlog"
        assert audit_of(seeded_engine, card.id) == []


async def test_a_card_moved_meanwhile_is_not_moved_and_the_user_learns_who(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2")
        card = focused(seeded_app).highlighted_card
        assert card is not None
        stages = {c.stage.name: c.stage.id for c in columns(seeded_app)}
        # bob moves the card to Review while the screen still shows it in Backlog.
        move_task(seeded_engine, card.id, stages["Backlog"], stages["Review"], "bob", FIXED_NOW)
        await press(pilot, "L")
        assert task_stage(seeded_engine, card.id).stage == "Review"
        assert [r.actor for r in audit_of(seeded_engine, card.id)] == ["bob"]
        notices = [n.message for n in seeded_app.notices]
        assert any(
            n.startswith("bob moved this task at ") and "it is now in Review" in n for n in notices
        ), notices
        # The board reloaded: the card is shown where it really is.
        by_name = {c.stage.name: c for c in columns(seeded_app)}
        assert by_name["Backlog"].index_of(card.id) is None
        assert by_name["Review"].index_of(card.id) is not None


async def test_the_cursor_near_the_end_reads_the_next_window(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected = load_board(seeded_engine)
    backlog = expected.stages[0]
    total = expected.counts[backlog.id]
    assert total > PAGE_SIZE, "the demo Backlog holds more than one window"
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2")
        assert len(focused(seeded_app).cards) == PAGE_SIZE
        await press(pilot, "end", "end")
        column = focused(seeded_app)
        assert len(column.cards) == total and column.next_cursor is None
        assert len({c.id for c in column.cards}) == total
        assert f"card {total} of {total}" in header(seeded_app)


@pytest.mark.parametrize(
    ("typed", "keep"),
    [
        ("type:pricing", lambda card: card.task_type == "pricing"),
        ("tag:seasonal", lambda card: "seasonal" in card.tags),
        (
            "price",
            lambda card: (
                "price" in card.title.lower() or "price" in (card.description or "").lower()
            ),
        ),
    ],
    ids=["type", "tag", "text"],
)
async def test_slash_filters_the_board_and_escape_clears(
    seeded_app: HotdashApp,
    seeded_engine: sqlalchemy.Engine,
    typed: str,
    keep: Callable[[Any], bool],
) -> None:
    everything = load_board(seeded_engine)
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "slash")
        await pilot.press(*typed)
        await press(pilot, "enter")
        shown = [card for column in columns(seeded_app) for card in column.cards]
        assert shown and all(keep(card) for card in shown)
        wanted = [c for page in everything.columns.values() for c in page.cards if keep(c)]
        assert {c.id for c in wanted} <= {c.id for c in shown}
        assert typed in header(seeded_app)
        await press(pilot, "escape")
        assert {c.stage.id: c.count for c in columns(seeded_app)} == everything.counts
        assert typed not in header(seeded_app)


async def test_a_listing_filter_shows_that_listings_tasks(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    with seeded_engine.connect() as conn:
        asin = conn.execute(
            text(
                "SELECT l.asin FROM workflow.tasks t JOIN catalog.listings l"
                " ON l.id = t.listing_id GROUP BY l.asin ORDER BY count(*) DESC, l.asin LIMIT 1"
            )
        ).scalar_one()
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "slash")
        await pilot.press(*f"listing:{asin.lower()}")
        await press(pilot, "enter")
        shown = [card for column in columns(seeded_app) for card in column.cards]
        assert shown and all(c.asin == asin or c.listing_count for c in shown)


async def test_a_bad_filter_says_why_and_leaves_the_board_as_it_was(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    counts = load_board(seeded_engine).counts
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "slash")
        await pilot.press(*"type:urgent")
        await press(pilot, "enter")
        notices = [n.message for n in seeded_app.notices]
        assert any('"type:urgent" is not one of type:' in n for n in notices), notices
        assert {c.stage.id: c.count for c in columns(seeded_app)} == counts
        assert focused(seeded_app).stage.name == "Backlog"


def _open_board(pilot: Pilot[Any]) -> Any:
    async def run() -> None:
        await press(pilot, "2")

    return run()


async def test_question_mark_lists_the_keys_the_footer_has_no_room_for(
    seeded_app: HotdashApp,
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "question_mark")
        assert isinstance(seeded_app.screen, HelpScreen)
        console = Console(file=io.StringIO(), width=80, color_system=None)
        console.print(seeded_app.screen.table)
        rows = [line.split(maxsplit=1) for line in console.file.getvalue().splitlines()]  # type: ignore[attr-defined]
        shown = {(row[0], row[1].strip()) for row in rows if len(row) == 2}
        for row in (("h,left", "Column ◀"), ("j", "Next card"), ("H", "Move ◀"), ("q", "Quit")):
            assert row in shown, shown


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_board_snapshot(
    snap_compare: SnapCompare, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    assert snap_compare(snapshot_app, terminal_size=size, run_before=_open_board)


def test_board_snapshot_without_color(
    snap_compare: SnapCompare,
    seeded_engine: sqlalchemy.Engine,
    seeded_db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.ui.conftest import make_app

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(seeded_engine, seeded_db_url, stable_target=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open_board)


async def test_reopening_keeps_unchanged_columns_and_redraws_a_changed_card(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    """A refresh by difference: a column whose cards read the same keeps its drawn options;
    a column where a card changed is drawn again, showing the change."""
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        first, second = columns(seeded_app)[:2]
        kept = first.card_list.get_option_at_index(0)
        card = second.cards[0]
        with seeded_engine.begin() as conn:
            conn.execute(
                text("UPDATE workflow.tasks SET title = 'Renamed while away' WHERE id = :id"),
                {"id": card.id},
            )
        await press(pilot, "0")
        await press(pilot, "2")
        first, second = columns(seeded_app)[:2]
        assert first.card_list.get_option_at_index(0) is kept
        assert "Renamed while away" in str(second.card_list.get_option_at_index(0).prompt)


async def test_a_filter_goes_to_the_first_stage_with_a_match_and_counts_the_board(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    """At 80 columns the last stages are off screen: the one match must not read "no cards"."""
    from tests.db.board.test_board_columns import insert_task, stage_ids

    stages = stage_ids(seeded_engine)
    with seeded_engine.begin() as conn:
        rows = conn.execute(text("SELECT name FROM workflow.kanban_stages ORDER BY sort_order"))
        last = [r.name for r in rows][-1]
        insert_task(conn, stages[last], "Only match", tags=["zz-only-here"])
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "slash", *"tag:zz-only-here", "enter")
        screen = seeded_app.screen
        assert isinstance(screen, BoardScreen)
        column = screen.focused_column()
        assert column is not None and column.stage.name == last
        assert "· tag:zz-only-here · 1 match · 1/1 │" in header(seeded_app)
        assert column.region.right <= seeded_app.size.width  # scrolled into view


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (100, 30)])
async def test_a_column_at_the_edge_is_whole_or_not_shown(
    seeded_app: HotdashApp, size: tuple[int, int]
) -> None:
    async with seeded_app.run_test(size=size) as pilot:
        await press(pilot, "2")
        screen = seeded_app.screen
        assert isinstance(screen, BoardScreen)
        scroller = screen.query_one(ColumnsScroll)
        for moves in (0, 3, 3):  # at the start, and after moving right past the edge
            await press(pilot, *["l"] * moves)
            shown = scroller.scrollable_content_region
            widths = [column.region.intersection(shown).width for column in screen.columns()]
            assert all(w in (0, column.region.width) for w, column in
                       zip(widths, screen.columns(), strict=True)), widths  # fmt: skip
            assert sum(1 for w in widths if w) == size[0] // 26
