"""The task form's rules, apart from any widget: raw text in, a draft or one error per field.

The screen shows each error next to its field and writes nothing until every field is
valid. Only the ASIN needs the database (does a listing have it?); that is checked when the
draft is saved, in the same transaction as the write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from hotdash_tui.db.board.read import TASK_TYPES, TaskCard
from hotdash_tui.db.board.write import TaskDraft

FIELDS = ("title", "task_type", "priority", "due_date", "asin", "tags", "description")
"""The form's fields, in the order they are shown."""

TITLE_MAX = 255  # workflow.tasks.title is VARCHAR(255)
TAG_MAX = 40
PRIORITY_MIN = Decimal(0)
PRIORITY_MAX = Decimal(100)
"""Priority is 0 to 100: seed 001 scores impact x5 + urgency x3 + ease x2, each 1 to 10."""

FormErrors = dict[str, str]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")  # plain ASCII decimals: no 1e2, NaN
_ASIN = re.compile(r"[A-Z0-9]{10}")


def _check_title(raw: str, errors: FormErrors) -> str:
    title = raw.strip()
    if not title:
        errors["title"] = "A task needs a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"The title has {len(title)} characters; keep it to {TITLE_MAX}."
    return title


def _check_type(raw: str, errors: FormErrors) -> str:
    task_type = raw.strip().lower()
    if task_type not in TASK_TYPES:
        errors["task_type"] = f"Choose a type: {', '.join(TASK_TYPES)}."
    return task_type


def _check_priority(raw: str, errors: FormErrors) -> Decimal | None:
    text = raw.strip()
    if not text:
        return None  # no priority: the card sorts after every scored card
    try:
        priority = Decimal(text) if _NUMBER.fullmatch(text) else None
    except InvalidOperation:
        priority = None
    if priority is None:
        errors["priority"] = f'The priority must be a number such as 72.5, not "{text}".'
        return None
    if not PRIORITY_MIN <= priority <= PRIORITY_MAX:
        errors["priority"] = f"The priority must be between {PRIORITY_MIN} and {PRIORITY_MAX}."
        return None
    if priority != priority.quantize(Decimal("0.01")):
        errors["priority"] = "The priority takes at most two decimals."
        return None
    return priority


def _check_due_date(raw: str, errors: FormErrors) -> date | None:
    text = raw.strip()
    if not text:
        return None
    if not _DATE.fullmatch(text):
        errors["due_date"] = "Write the due date as YYYY-MM-DD, for example 2026-11-30."
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors["due_date"] = f"{text} is not a date in the calendar."
        return None


def _check_asin(raw: str, errors: FormErrors) -> str | None:
    asin = raw.strip().upper()
    if not asin:
        return None
    if not _ASIN.fullmatch(asin):
        errors["asin"] = "An ASIN is 10 letters and digits, for example B08N5WRWNW."
        return None
    return asin


def _check_tags(raw: str, errors: FormErrors) -> tuple[str, ...]:
    tags: list[str] = []
    for part in raw.split(","):
        tag = part.strip()
        if tag and tag not in tags:
            tags.append(tag)
    too_long = [t for t in tags if len(t) > TAG_MAX]
    if too_long:
        errors["tags"] = f'The tag "{too_long[0][:20]}…" is longer than {TAG_MAX} characters.'
    return tuple(tags)


def validate_task_form(raw: Mapping[str, str]) -> TaskDraft | FormErrors:
    """A draft when every field is valid, else ``{field: one sentence}`` for each bad one.

    ``raw`` maps the names in ``FIELDS`` to what was typed; a missing field counts as empty.
    """
    errors: FormErrors = {}
    title = _check_title(raw.get("title", ""), errors)
    task_type = _check_type(raw.get("task_type", ""), errors)
    priority = _check_priority(raw.get("priority", ""), errors)
    due_date = _check_due_date(raw.get("due_date", ""), errors)
    asin = _check_asin(raw.get("asin", ""), errors)
    tags = _check_tags(raw.get("tags", ""), errors)
    if errors:
        return errors
    return TaskDraft(
        title=title,
        task_type=task_type,
        priority=priority,
        due_date=due_date,
        asin=asin,
        tags=tags,
        description=raw.get("description", "").strip() or None,
    )


def past_due(due: date | None, today: date, read: date | None = None) -> str:
    """A question when ``due`` is before ``today`` and was not so already (``read``), else ""."""
    if due is None or due >= today or due == read:
        return ""
    return f"{due.isoformat()} is in the past; save again to keep it, or change it."


def draft_of_card(card: TaskCard) -> TaskDraft:
    """The task's fields as the form read them, stored form (line breaks kept): what an edit
    that lost its race is compared with."""
    return TaskDraft(
        title=card.title,
        task_type=card.task_type,
        priority=card.priority,
        due_date=card.due_date,
        asin=card.asin,
        tags=card.tags,
        description=card.description,
    )
