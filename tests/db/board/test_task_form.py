"""The task form's rules: every invalid input gets one sentence on its own field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hotdash_tui.db.board.form import FIELDS, validate_task_form
from hotdash_tui.db.board.read import TASK_TYPES
from hotdash_tui.db.board.write import TaskDraft

VALID = {
    "title": "  Fix the main image  ",
    "task_type": "pricing",
    "priority": "72.5",
    "due_date": "2026-11-30",
    "asin": "b08n5wrwnw",
    "tags": "images, q4,,images , ",
    "description": "  White background.  ",
}


def test_a_valid_form_becomes_a_trimmed_draft() -> None:
    assert validate_task_form(VALID) == TaskDraft(
        title="Fix the main image",
        task_type="pricing",
        priority=Decimal("72.5"),
        due_date=date(2026, 11, 30),
        asin="B08N5WRWNW",
        tags=("images", "q4"),
        description="White background.",
    )


def test_only_title_and_type_are_required() -> None:
    draft = validate_task_form({"title": "x", "task_type": "other"})
    assert draft == TaskDraft(title="x", task_type="other")
    assert set(FIELDS) == set(VALID)


@pytest.mark.parametrize("task_type", TASK_TYPES)
def test_every_allowed_type_is_accepted(task_type: str) -> None:
    assert isinstance(validate_task_form(VALID | {"task_type": task_type}), TaskDraft)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("title", "", "A task needs a title."),
        ("title", "   ", "A task needs a title."),
        ("title", "x" * 256, "The title has 256 characters; keep it to 255."),
        (
            "task_type",
            "",
            "Choose a type: optimization, pricing, competitive, compliance, launch, other.",
        ),
        (
            "task_type",
            "urgent",
            "Choose a type: optimization, pricing, competitive, compliance, launch, other.",
        ),
        ("priority", "high", 'The priority must be a number such as 72.5, not "high".'),
        ("priority", "7,5", 'The priority must be a number such as 72.5, not "7,5".'),
        ("priority", "NaN", 'The priority must be a number such as 72.5, not "NaN".'),
        ("priority", "Infinity", 'The priority must be a number such as 72.5, not "Infinity".'),
        ("priority", "-1", "The priority must be between 0 and 100."),
        ("priority", "100.01", "The priority must be between 0 and 100."),
        ("priority", "1e9", 'The priority must be a number such as 72.5, not "1e9".'),
        ("priority", "1e2", 'The priority must be a number such as 72.5, not "1e2".'),
        ("priority", "७", 'The priority must be a number such as 72.5, not "७".'),
        ("priority", "12.345", "The priority takes at most two decimals."),
        ("due_date", "2026-02-30", "2026-02-30 is not a date in the calendar."),
        ("due_date", "2026-13-01", "2026-13-01 is not a date in the calendar."),
        ("due_date", "30/11/2026", "Write the due date as YYYY-MM-DD, for example 2026-11-30."),
        ("due_date", "20261130", "Write the due date as YYYY-MM-DD, for example 2026-11-30."),
        ("due_date", "2026-11-3", "Write the due date as YYYY-MM-DD, for example 2026-11-30."),
        ("due_date", "tomorrow", "Write the due date as YYYY-MM-DD, for example 2026-11-30."),
        ("asin", "B08N5", "An ASIN is 10 letters and digits, for example B08N5WRWNW."),
        ("asin", "B08N5WRWNW1", "An ASIN is 10 letters and digits, for example B08N5WRWNW."),
        ("asin", "B08N5-RWNW", "An ASIN is 10 letters and digits, for example B08N5WRWNW."),
        ("tags", "ok, " + "t" * 41, f'The tag "{"t" * 20}…" is longer than 40 characters.'),
    ],
)
def test_each_invalid_field_gets_one_sentence_and_no_draft(
    field: str, value: str, error: str
) -> None:
    assert validate_task_form(VALID | {field: value}) == {field: error}


def test_every_bad_field_is_reported_at_once() -> None:
    errors = validate_task_form(
        {"title": "", "task_type": "x", "priority": "x", "due_date": "x", "asin": "x"}
    )
    assert isinstance(errors, dict)
    assert set(errors) == {"title", "task_type", "priority", "due_date", "asin"}
    assert all(e.endswith(".") and "\n" not in e for e in errors.values())


@pytest.mark.parametrize(("typed", "value"), [("0", 0), ("100", 100), (" 64.30 ", "64.3")])
def test_priority_bounds_are_inclusive(typed: str, value: object) -> None:
    draft = validate_task_form(VALID | {"priority": typed})
    assert isinstance(draft, TaskDraft) and draft.priority == Decimal(str(value))
