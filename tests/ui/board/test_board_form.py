"""The task form on the board: n creates, e and enter edit, every bad input is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.board.write import move_task
from hotdash_tui.screens.board.form import TaskFormScreen
from hotdash_tui.screens.board.screen import BoardScreen
from tests.conftest import FIXED_NOW
from tests.ui.board.test_board import audit_of, focused
from tests.ui.conftest import REVIEWER
from tests.ui.support import header, press

SnapCompare = Callable[..., bool]


def form_of(app: HotdashApp) -> TaskFormScreen:
    assert isinstance(app.screen, TaskFormScreen)
    return app.screen


def fill(app: HotdashApp, **values: str) -> None:
    form = form_of(app)
    for field, value in values.items():
        if field == "task_type":
            form.query_one("#field-task_type", Select).value = value
        else:
            form.query_one(f"#field-{field}", Input).value = value


def errors_shown(app: HotdashApp) -> dict[str, str]:
    form = form_of(app)
    shown = {}
    for line in form.query(".form-error").results(Static):
        if line.display and line.id:
            shown[line.id.removeprefix("error-")] = str(line.render())
    return shown


def tasks_and_audit(engine: sqlalchemy.Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (
            conn.execute(text("SELECT count(*) FROM workflow.tasks")).scalar_one(),
            conn.execute(text("SELECT count(*) FROM system.audit_log")).scalar_one(),
        )


def listing_asin(engine: sqlalchemy.Engine) -> str:
    with engine.connect() as conn:
        asin: str = conn.execute(
            text("SELECT asin FROM catalog.listings ORDER BY asin LIMIT 1")
        ).scalar_one()
    return asin


async def test_n_creates_a_task_typed_at_the_keyboard(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    asin = listing_asin(seeded_engine)
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "n")
        assert form_of(seeded_app).card is None
        await pilot.press(*"Fix", "space", *"images")  # the title field has the focus
        await press(pilot, "tab", "enter", "down", "down", "enter")  # Type: the second one
        fill(seeded_app, priority="99.5", due_date="2026-11-20", asin=asin.lower(), tags="a, b")
        await press(pilot, "ctrl+s")
        assert isinstance(seeded_app.screen, BoardScreen)
        with seeded_engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT t.*, s.name AS stage, l.asin FROM workflow.tasks t"
                    " JOIN workflow.kanban_stages s ON s.id = t.stage_id"
                    " LEFT JOIN catalog.listings l ON l.id = t.listing_id"
                    " WHERE t.title = 'Fix images'"
                )
            ).one()
        assert (row.stage, row.task_type, row.created_by) == ("Backlog", "pricing", "user")
        assert (row.priority_score, row.due_date) == (Decimal("99.50"), date(2026, 11, 20))
        assert (row.asin, row.tags) == (asin, ["a", "b"])
        (entry,) = audit_of(seeded_engine, row.id)
        assert (entry.action, entry.actor) == ("create", REVIEWER)
        # The new card is shown and has the cursor: the highest priority of Backlog.
        new_card = focused(seeded_app).highlighted_card
        assert new_card is not None and new_card.id == row.id
        assert "card 1 of " in header(seeded_app)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("title", "  ", "A task needs a title."),
        ("title", "x" * 256, "The title has 256 characters; keep it to 255."),
        ("priority", "high", 'The priority must be a number such as 72.5, not "high".'),
        ("priority", "101", "The priority must be between 0 and 100."),
        ("priority", "1.234", "The priority takes at most two decimals."),
        ("due_date", "2026-02-30", "2026-02-30 is not a date in the calendar."),
        ("due_date", "30/11/2026", "Write the due date as YYYY-MM-DD, for example 2026-11-30."),
        ("asin", "B0SHORT", "An ASIN is 10 letters and digits, for example B08N5WRWNW."),
        ("asin", "B0NOTHERE1", "No listing has the ASIN B0NOTHERE1."),
        ("tags", "t" * 41, f'The tag "{"t" * 20}…" is longer than 40 characters.'),
    ],
)
async def test_each_invalid_input_is_named_beside_its_field_and_nothing_is_written(
    seeded_app: HotdashApp,
    seeded_engine: sqlalchemy.Engine,
    field: str,
    value: str,
    error: str,
) -> None:
    before = tasks_and_audit(seeded_engine)
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "n")
        fill(seeded_app, title="A valid title", task_type="launch")
        fill(seeded_app, **{field: value})
        await press(pilot, "enter")  # enter in a field saves, like ctrl+s
        assert errors_shown(seeded_app) == {field: error}
        assert tasks_and_audit(seeded_engine) == before
        fill(seeded_app, **{field: "A valid title" if field == "title" else ""})
        await press(pilot, "ctrl+s")  # corrected, it saves
        assert isinstance(seeded_app.screen, BoardScreen)
        assert tasks_and_audit(seeded_engine) == (before[0] + 1, before[1] + 1)


async def test_a_form_without_a_type_says_so(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    before = tasks_and_audit(seeded_engine)
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "n")
        fill(seeded_app, title="No type yet")
        await press(pilot, "ctrl+s")
        assert errors_shown(seeded_app) == {
            "task_type": "Choose a type: optimization, pricing, competitive, compliance, "
            "launch, other."
        }
        assert tasks_and_audit(seeded_engine) == before


@pytest.mark.parametrize("key", ["e", "enter"])
async def test_e_and_enter_edit_the_focused_card(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine, key: str
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "l", "j")
        card = focused(seeded_app).highlighted_card
        assert card is not None
        await press(pilot, key)
        form = form_of(seeded_app)
        assert form.card == card
        assert form.query_one("#field-title", Input).value == card.title
        assert form.query_one("#field-task_type", Select).value == card.task_type
        fill(seeded_app, title="Edited title", due_date="2026-12-24")
        await press(pilot, "ctrl+s")
        assert isinstance(seeded_app.screen, BoardScreen)
        with seeded_engine.connect() as conn:
            row = conn.execute(
                text("SELECT title, due_date FROM workflow.tasks WHERE id = :id"), {"id": card.id}
            ).one()
        assert (row.title, row.due_date) == ("Edited title", date(2026, 12, 24))
        (entry,) = audit_of(seeded_engine, card.id)
        assert (entry.action, entry.actor) == ("update", REVIEWER)
        assert set(entry.changes) == {"title", "due_date"}
        edited = focused(seeded_app).highlighted_card
        assert edited is not None and (edited.id, edited.title) == (card.id, "Edited title")


async def test_escape_cancels_and_writes_nothing(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    before = tasks_and_audit(seeded_engine)
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "e")
        fill(seeded_app, title="Not saved")
        await press(pilot, "escape")
        assert isinstance(seeded_app.screen, BoardScreen)
        assert tasks_and_audit(seeded_engine) == before


def stored_title(engine: sqlalchemy.Engine, task_id: object) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT title FROM workflow.tasks WHERE id = :id"), {"id": task_id}
            ).scalar_one()
        )


async def test_an_edit_of_a_task_changed_meanwhile_keeps_what_was_typed_and_says_who(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "e")
        form = form_of(seeded_app)
        card = form.card
        assert card is not None
        board = seeded_app.screen_stack[-2]
        assert isinstance(board, BoardScreen)
        review = next(c.stage.id for c in board.columns() if c.stage.name == "Review")
        move_task(seeded_engine, card.id, card.stage_id, review, "bob", FIXED_NOW)
        fill(seeded_app, title="Mine")
        await press(pilot, "ctrl+s")
        assert seeded_app.screen is form  # still open, with what was typed
        assert form.raw_values()["title"] == "Mine"
        said = str(form.query_one("#error-form", Static).render())
        assert said.startswith("bob moved this task at ") and "(it is now in Review)" in said
        assert "save again" in said
        assert stored_title(seeded_engine, card.id) == card.title  # nothing written yet
        assert [r.actor for r in audit_of(seeded_engine, card.id)] == ["bob"]
        await press(pilot, "ctrl+s")  # saved over bob's change, knowingly
        assert isinstance(seeded_app.screen, BoardScreen)
        assert stored_title(seeded_engine, card.id) == "Mine"
        assert [r.actor for r in audit_of(seeded_engine, card.id)] == ["bob", REVIEWER]


async def test_a_conflict_names_the_fields_someone_else_changed(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "e")
        form = form_of(seeded_app)
        card = form.card
        assert card is not None
        with seeded_engine.begin() as conn:  # changed outside hotdash: no audit row of it
            conn.execute(
                text("UPDATE workflow.tasks SET title = 'Theirs', tags = '{x}' WHERE id = :id"),
                {"id": card.id},
            )
        fill(seeded_app, title="Mine")
        await press(pilot, "ctrl+s")
        said = str(form.query_one("#error-form", Static).render())
        assert said.startswith("The title and the tags were changed outside hotdash"), said


def _form_with_errors(pilot: Pilot[Any]) -> Any:
    async def run() -> None:
        await press(pilot, "2", "n")
        assert isinstance(pilot.app, HotdashApp)
        fill(pilot.app, title="", priority="250", due_date="2026-02-30")
        await press(pilot, "ctrl+s")

    return run()


def test_task_form_snapshot_with_errors(
    snap_compare: SnapCompare, snapshot_app: HotdashApp
) -> None:
    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=_form_with_errors)


async def test_a_refused_save_focuses_the_first_bad_field_and_a_fixed_one_clears(
    seeded_app: HotdashApp,
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "n")
        fill(seeded_app, title="A title", task_type="pricing", priority="1e2", due_date="soon")
        await press(pilot, "ctrl+s")
        form = form_of(seeded_app)
        assert set(errors_shown(seeded_app)) == {"priority", "due_date"}
        assert form.focused is form.query_one("#field-priority", Input)
        await press(pilot, "end", "backspace", "backspace", "backspace", *"50")
        assert set(errors_shown(seeded_app)) == {"due_date"}  # priority 50 is fine now
        await press(pilot, "ctrl+s")
        assert form.focused is form.query_one("#field-due_date", Input)


async def test_a_due_date_in_the_past_is_asked_about_once(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    before = tasks_and_audit(seeded_engine)
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "n")
        fill(seeded_app, title="Late already", task_type="other", due_date="2026-10-01")
        await press(pilot, "ctrl+s")
        assert errors_shown(seeded_app) == {
            "due_date": "2026-10-01 is in the past; save again to keep it, or change it."
        }
        assert tasks_and_audit(seeded_engine) == before
        await press(pilot, "ctrl+s")  # asked once: the second save keeps it
        assert isinstance(seeded_app.screen, BoardScreen)
    with seeded_engine.connect() as conn:
        due = conn.execute(
            text("SELECT due_date FROM workflow.tasks WHERE title = 'Late already'")
        ).scalar_one()
    assert due == date(2026, 10, 1)


async def test_a_conflict_on_a_task_with_multiline_notes_names_only_what_changed(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    """The form shows notes on one line; the comparison uses them as stored."""
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "e")
        card = form_of(seeded_app).card
        assert card is not None
        with seeded_engine.begin() as conn:
            conn.execute(
                text("UPDATE workflow.tasks SET description = 'one\ntwo' WHERE id = :id"),
                {"id": card.id},
            )
        await press(pilot, "escape", "e")  # the board reads the task again
        form = form_of(seeded_app)
        assert form.card is not None and form.card.description == "one\ntwo"
        with seeded_engine.begin() as conn:
            conn.execute(text("UPDATE workflow.tasks SET tags = '{y}' WHERE id = :id"),
                         {"id": card.id})  # fmt: skip
        fill(seeded_app, title="Mine")
        await press(pilot, "ctrl+s")
        said = str(form.query_one("#error-form", Static).render())
        assert said.startswith("The tags were changed outside hotdash"), said
