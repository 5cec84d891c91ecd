"""The task board's writes: move a card, create a task, edit a task.

Each write is one short transaction with a guard in its WHERE clause and exactly one
``system.audit_log`` row for the task it changed. A guard that matches nothing means
someone else changed the task first: nothing is written and the caller learns who and when.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy

from hotdash_tui.db.audit import latest_audit, record_audit
from hotdash_tui.db.sql import run
from hotdash_tui.formatting import when

ENTITY = "task"
_VERBS = {"move": "moved", "update": "edited", "create": "created"}


@dataclass(frozen=True)
class TaskDraft:
    """The validated fields of the task form (see :mod:`hotdash_tui.db.board.form`)."""

    title: str
    task_type: str
    priority: Decimal | None = None
    due_date: date | None = None
    asin: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None

    @classmethod
    def stored(cls, row: Any) -> TaskDraft:
        """The fields of a task as stored (a ``board_task_now`` row)."""
        return cls(
            title=row.title,
            task_type=row.task_type,
            priority=row.priority_score,
            due_date=row.due_date,
            asin=row.asin,
            tags=tuple(row.tags or ()),
            description=row.description,
        )


@dataclass(frozen=True)
class LostRace:
    """A guard matched nothing: the task changed (or went) since the user read it."""

    task_id: uuid.UUID
    stage: str | None  # where the task is now; None when it no longer exists
    actor: str | None
    action: str | None
    at: datetime | None
    changed: tuple[str, ...] = ()  # an edit's fields that differ from what the form read
    updated_at: datetime | None = None  # the task's version now (an edit may save over it)

    def sentence(self, now: datetime) -> str:
        """One sentence for the user, e.g. ``bob moved this task at 10:41 ...``."""
        return f"{self.who(now)}; nothing was changed."

    def who(self, now: datetime) -> str:
        """``bob edited the title and tags at 10:41 (it is now in Review)``."""
        if self.stage is None:
            return "This task was deleted meanwhile"
        what = _listed([FIELD_NAMES.get(f, f) for f in self.changed]) or "this task"
        if self.actor and self.at:
            verb = _VERBS.get(self.action or "", "changed")
            who = f"{self.actor} {verb} {what} at {when(now, self.at)}"
        else:
            plural = len(self.changed) > 1 or set(self.changed) & {"tags", "description"}
            were = "were" if plural else "was"
            who = f"{what[0].upper()}{what[1:]} {were} changed outside hotdash"
        return f"{who} (it is now in {self.stage})"


FIELD_NAMES = {
    "title": "the title",
    "task_type": "the type",
    "priority": "the priority",
    "due_date": "the due date",
    "asin": "the ASIN",
    "tags": "the tags",
    "description": "the notes",
    "stage": "the stage",
}


def _listed(items: Sequence[str]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


@dataclass(frozen=True)
class Moved:
    task_id: uuid.UUID
    from_stage: str
    to_stage: str
    completed_at: datetime | None


@dataclass(frozen=True)
class Saved:
    """A task was created or edited; ``changed`` names the fields that changed."""

    task_id: uuid.UUID
    updated_at: datetime
    changed: tuple[str, ...]


@dataclass(frozen=True)
class UnknownListing:
    """The form named an ASIN that no listing has; nothing was written."""

    asin: str

    def sentence(self) -> str:
        return f"No listing has the ASIN {self.asin}."


def _lost(conn: sqlalchemy.Connection, task_id: uuid.UUID) -> LostRace:
    stage = run(conn, "board_task_stage", {"task_id": task_id}).scalar_one_or_none()
    entry = latest_audit(conn, ENTITY, task_id)
    return LostRace(
        task_id=task_id,
        stage=stage,
        actor=entry.actor if entry else None,
        action=entry.action if entry else None,
        at=entry.at if entry else None,
    )


def _edit_lost(
    conn: sqlalchemy.Connection, task_id: uuid.UUID, read_at: datetime, read: TaskDraft | None
) -> LostRace:
    """An edit's lost race: what changed since the form read the task, and by whom if
    hotdash recorded it (an audit row older than the version read is not the change)."""
    now = run(conn, "board_task_now", {"task_id": task_id}).one_or_none()
    if now is None:
        return LostRace(task_id, None, None, None, None)
    changed: tuple[str, ...] = ()
    if read is not None:
        current = TaskDraft.stored(now)
        changed = tuple(f for f in _DRAFT_FIELDS if getattr(current, f) != getattr(read, f))
    entry = latest_audit(conn, ENTITY, task_id)
    if entry is not None and entry.at <= read_at:
        entry = None  # recorded before the form read the task: someone else changed it since
    return LostRace(
        task_id=task_id,
        stage=now.stage,
        actor=entry.actor if entry else None,
        action=entry.action if entry else None,
        at=entry.at if entry else now.updated_at,
        changed=changed,
        updated_at=now.updated_at,
    )


_DRAFT_FIELDS = ("title", "task_type", "priority", "due_date", "asin", "tags", "description")


def move_task(
    engine: sqlalchemy.Engine,
    task_id: uuid.UUID,
    from_stage_id: uuid.UUID,
    to_stage_id: uuid.UUID,
    actor: str,
    now: datetime,
) -> Moved | LostRace:
    """Moves a card to another stage if it is still in ``from_stage_id``."""
    with engine.begin() as conn:
        row = run(
            conn,
            "board_move_task",
            {
                "task_id": task_id,
                "from_stage_id": from_stage_id,
                "to_stage_id": to_stage_id,
                "now": now,
            },
        ).one_or_none()
        if row is None:
            return _lost(conn, task_id)
        changes: dict[str, tuple[Any, Any]] = {
            "stage": (row.from_stage, row.to_stage),
            "stage_id": (from_stage_id, to_stage_id),
        }
        if row.old_completed_at != row.new_completed_at:
            changes["completed_at"] = (row.old_completed_at, row.new_completed_at)
        record_audit(
            conn, entity_type=ENTITY, entity_id=task_id, action="move", actor=actor, changes=changes
        )
        return Moved(task_id, row.from_stage, row.to_stage, row.new_completed_at)


def _listing_id(conn: sqlalchemy.Connection, asin: str | None) -> uuid.UUID | UnknownListing | None:
    if asin is None:
        return None
    found = run(conn, "board_find_listing", {"asin": asin}).scalar_one_or_none()
    return UnknownListing(asin) if found is None else uuid.UUID(str(found))


def _tags(tags: Sequence[str] | None) -> list[str] | None:
    return list(tags) if tags else None  # "no tags" is stored as NULL, never as '{}'


def _fields(draft: TaskDraft) -> dict[str, Any]:
    return {
        "title": draft.title,
        "description": draft.description,
        "task_type": draft.task_type,
        "priority_score": draft.priority,
        "due_date": draft.due_date,
        "tags": _tags(draft.tags),
    }


def create_task(engine: sqlalchemy.Engine, draft: TaskDraft, actor: str) -> Saved | UnknownListing:
    """A new task in the default stage, ``created_by = 'user'``."""
    with engine.begin() as conn:
        listing = _listing_id(conn, draft.asin)
        if isinstance(listing, UnknownListing):
            return listing
        stage = run(conn, "board_default_stage").one()
        fields = _fields(draft)
        row = run(
            conn, "board_insert_task", fields | {"listing_id": listing, "stage_id": stage.id}
        ).one()
        changes: dict[str, tuple[Any, Any]] = {
            name: (None, value) for name, value in fields.items() if value is not None
        }
        changes |= {"stage": (None, stage.name), "asin": (None, draft.asin)}
        record_audit(
            conn,
            entity_type=ENTITY,
            entity_id=row.id,
            action="create",
            actor=actor,
            changes=changes,
        )
        return Saved(uuid.UUID(str(row.id)), row.updated_at, tuple(changes))


def update_task(
    engine: sqlalchemy.Engine,
    task_id: uuid.UUID,
    expected_updated_at: datetime,
    draft: TaskDraft,
    actor: str,
    *,
    read: TaskDraft | None = None,
) -> Saved | LostRace | UnknownListing:
    """Writes the changed fields of a task if nobody changed it since ``expected_updated_at``.

    A draft equal to the stored task writes nothing and returns a Saved without changes.
    ``read``: the fields as the form showed them, so a lost race can name what changed.
    """
    with engine.begin() as conn:
        guard = {"task_id": task_id, "expected_updated_at": expected_updated_at}
        old = run(conn, "board_lock_task_version", guard).one_or_none()
        if old is None:
            return _edit_lost(conn, task_id, expected_updated_at, read)
        listing = _listing_id(conn, draft.asin)  # a bulk task keeps its listing_ids
        if isinstance(listing, UnknownListing):
            return listing
        new = _fields(draft)
        before = {
            "title": old.title,
            "description": old.description,
            "task_type": old.task_type,
            "priority_score": old.priority_score,
            "due_date": old.due_date,
            "tags": _tags(old.tags),
        }
        changes = {k: (before[k], new[k]) for k in new if before[k] != new[k]}
        if old.asin != draft.asin:
            changes["asin"] = (old.asin, draft.asin)
        if not changes:
            return Saved(task_id, expected_updated_at, ())
        row = run(
            conn, "board_update_task", new | guard | {"listing_id": listing}
        ).one()  # the row is locked by board_lock_task_version, so the guard still holds
        record_audit(
            conn,
            entity_type=ENTITY,
            entity_id=task_id,
            action="update",
            actor=actor,
            changes=changes,
        )
        return Saved(task_id, row.updated_at, tuple(changes))
