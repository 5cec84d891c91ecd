"""Handling competitor alerts: v (viewed), x (actioned, with what was done) and d (dismissed).

Each change is one transaction: an UPDATE guarded by the statuses the action starts from
(``ALLOWED_FROM``: new -> viewed; new or viewed -> actioned or dismissed) and one
``system.audit_log`` row (entity_type ``competitor_alert``). Zero rows back means the alert is
no longer in such a status: nothing changes, and the outcome says who changed it and when.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy
from sqlalchemy import Connection

from hotdash_tui.db.alerts.model import NEW_STATUS, Action, AlertChange
from hotdash_tui.db.audit import latest_audit, record_audit
from hotdash_tui.db.errors import HotdashError
from hotdash_tui.db.sql import run

ENTITY_TYPE = "competitor_alert"
ACTION_TAKEN_MAX = 500
"""What was done is one or two sentences; longer text is refused, not cut."""
_STATEMENTS: dict[Action, str] = {
    "view": "alerts_mark_viewed",
    "action": "alerts_mark_actioned",
    "dismiss": "alerts_dismiss",
}


class ActionTakenRequired(HotdashError, ValueError):
    """Marking actioned without saying what was done; one sentence for the user."""


def _refused(conn: Connection, alert_id: uuid.UUID, action: Action) -> AlertChange:
    """The guard let nothing through: say why, from the alert as it is now. Actioned and
    dismissed alerts carry who and when; marking viewed leaves no time on the row, so then
    the audit trail says when (a change made outside hotdash may have no audit row)."""
    state = run(conn, "alerts_state", {"id": alert_id}).one_or_none()
    if state is None:
        return AlertChange(alert_id, action, "missing")
    by, at = state.actioned_by, state.actioned_at
    if at is None:
        entry = latest_audit(conn, ENTITY_TYPE, alert_id)
        if entry is not None:
            by, at = entry.actor, entry.at
    return AlertChange(alert_id, action, "lost", state.status, by, at)


def change_alert(
    engine: sqlalchemy.Engine,
    alert_id: uuid.UUID,
    action: Action,
    actor: str,
    *,
    action_taken: str | None = None,
    now: datetime | None = None,
) -> AlertChange:
    """Applies one action to one alert in one transaction; a refusal changes nothing."""
    taken = (action_taken or "").strip() or None
    if action == "action":
        if taken is None:
            raise ActionTakenRequired("Say what was done to mark the alert actioned.")
        if len(taken) > ACTION_TAKEN_MAX:
            raise ActionTakenRequired(
                f"What was done must fit in {ACTION_TAKEN_MAX} characters; shorten it."
            )
    now = now or datetime.now(UTC)
    new_status = NEW_STATUS[action]
    with engine.begin() as conn:
        row = run(
            conn,
            _STATEMENTS[action],
            {"id": alert_id, "actor": actor, "action_taken": taken, "now": now},
        ).one_or_none()
        if row is None:
            return _refused(conn, alert_id, action)
        changes: dict[str, tuple[Any, Any]] = {
            "status": (row.old_status, new_status),
            "actioned_by": (row.old_by, actor),
        }
        if action != "view":
            changes["actioned_at"] = (row.old_at, row.actioned_at)
        if taken is not None:
            changes["action_taken"] = (None, taken)
        record_audit(
            conn,
            entity_type=ENTITY_TYPE,
            entity_id=alert_id,
            action=new_status,
            actor=actor,
            changes=changes,
        )
    return AlertChange(alert_id, action, "done", new_status, actor, now, changes)


def change_alerts(
    engine: sqlalchemy.Engine,
    alert_ids: Iterable[uuid.UUID],
    action: Action,
    actor: str,
    *,
    action_taken: str | None = None,
    now: datetime | None = None,
) -> tuple[AlertChange, ...]:
    """Each alert in its own transaction, so one lost race never undoes the others."""
    return tuple(
        change_alert(engine, alert_id, action, actor, action_taken=action_taken, now=now)
        for alert_id in alert_ids
    )


def undo_change(engine: sqlalchemy.Engine, change: AlertChange, actor: str) -> AlertChange:
    """Puts an alert ``actor`` changed back to what it was, while nobody has changed it since.

    The outcome is ``done`` with the status the alert went back to, else ``lost`` with who
    changed it meanwhile, or ``missing``."""
    if not change.done or "status" not in change.changes:
        raise ValueError("only a change that was made can be undone")
    old_status, new_status = change.changes["status"]
    old_by = change.changes.get("actioned_by", (None, None))[0]
    old_at, new_at = change.changes.get("actioned_at", (None, None))
    params = {
        "id": change.id,
        "actor": actor,
        "old_status": old_status,
        "new_status": new_status,
        "old_by": old_by,
        "old_at": old_at,
        "new_at": new_at,
        "with_at": "actioned_at" in change.changes,  # v leaves the time as it was
        "clear_taken": "action_taken" in change.changes,
    }
    with engine.begin() as conn:
        if run(conn, "alerts_undo", params).one_or_none() is None:
            refused = _refused(conn, change.id, change.action)
            return replace(refused, action=change.action)
        reverted = {field: (new, old) for field, (old, new) in change.changes.items()}
        record_audit(
            conn,
            entity_type=ENTITY_TYPE,
            entity_id=change.id,
            action="undo",
            actor=actor,
            changes=reverted,
        )
    return AlertChange(change.id, change.action, "done", old_status, actor, None, reverted)
