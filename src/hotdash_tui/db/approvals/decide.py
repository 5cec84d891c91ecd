"""Deciding approvals: each decision is one transaction with a guard on ``status = 'pending'``
and one ``system.audit_log`` row, so two reviewers can never decide the same item twice.

What a decision means downstream (README, "Approvals"):
- a task approval (approvals_queue): the held task leaves ``awaiting_approval`` (``completed``
  when approved, ``rejected`` when rejected, ``completed_at`` set as the seed does); approving
  also approves the task's product while it is still a ``draft``.
- an agent approval (AgentApproval): ``decided_at`` / ``decided_by`` / ``decision_reason`` are
  set and a DecisionLog row is written, as seed 004 does for every decided approval; the agent
  carries out an approved action itself. An expired request can be rejected, never approved.
The audit row's ``changes`` names every field the decision changed, downstream ones included
(``task.status``, ``product.status``, ``DecisionLog``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy
from sqlalchemy import Connection

from hotdash_tui.db.approvals.feedback import (
    Feedback,
    FeedbackRefused,
    feedback_params,
    remove_feedback,
)
from hotdash_tui.db.approvals.model import (
    Action,
    ApprovalKey,
    Decision,
    Source,
    UndoResult,
    UndoToken,
)
from hotdash_tui.db.audit import SOURCE as AUDIT_SOURCE
from hotdash_tui.db.audit import changes_json, record_audit
from hotdash_tui.db.engine import writing
from hotdash_tui.db.errors import HotdashError
from hotdash_tui.db.sql import run

ENTITY_TYPES: dict[Source, str] = {"tasks": "approvals_queue", "agents": "AgentApproval"}
_STATE_QUERY: dict[Source, str] = {
    "tasks": "approvals_task_state",
    "agents": "approvals_agent_state",
}
_NEW_STATUS: dict[Action, str] = {"approve": "approved", "reject": "rejected"}
_TASK_STATUS: dict[Action, str] = {"approve": "completed", "reject": "rejected"}


NO_AGENT = "Feedback goes to the agent that asked; a task approval has none to take it."


class ReasonRequired(HotdashError, ValueError):
    """Rejecting without a reason; the message is one sentence for the user."""


def _state(conn: Connection, source: Source, item_id: uuid.UUID) -> Any:
    return run(conn, _STATE_QUERY[source], {"id": item_id}).one_or_none()


def _refused(
    conn: Connection, source: Source, item_id: uuid.UUID, action: Action, now: datetime
) -> Decision:
    """The guard let nothing through: say why, from the row as it is now."""
    state = _state(conn, source, item_id)
    if state is None:
        return Decision(source, item_id, action, "missing")
    if state.status == "pending" and state.expires_at is not None and state.expires_at <= now:
        return Decision(source, item_id, action, "expired", "pending", at=state.expires_at)
    return Decision(
        source, item_id, action, "lost", state.status, by=state.decided_by, at=state.decided_at
    )


def _decide_task(
    conn: Connection,
    item_id: uuid.UUID,
    action: Action,
    actor: str,
    reason: str | None,
    now: datetime,
) -> Decision:
    """One statement (approvals_task_decision): the guarded update, the task's release, the
    product's approval and the audit row, each acting on what the one before returned."""
    new_status = _NEW_STATUS[action]
    task_status = _TASK_STATUS[action]
    changes: dict[str, tuple[Any, Any]] = {
        "status": ("pending", new_status),
        "reviewed_by": (None, actor),
    }
    if reason:
        changes["review_reason"] = (None, reason)
    task_change = {"task.status": ("awaiting_approval", task_status)}
    product_change = {"product.status": ("draft", "approved")}
    row = run(
        conn,
        "approvals_task_decision",
        {
            "id": item_id,
            "new_status": new_status,
            "task_status": task_status,
            "actor": actor,
            "reason": reason,
            "now": now,
            "approve": action == "approve",
            "entity_type": ENTITY_TYPES["tasks"],
            "action": action,
            "source": AUDIT_SOURCE,
            "changes": changes_json(changes),
            "task_change": changes_json(task_change),
            "product_change": changes_json(product_change),
        },
    ).one_or_none()
    if row is None:
        return _refused(conn, "tasks", item_id, action, now)
    if row.released:
        changes |= task_change
    if row.product_id is not None:
        changes |= product_change
    token = UndoToken(
        stamp=row.decided_at,
        task_id=row.task_id if row.released else None,
        task_status=task_status if row.released else None,
        product_id=row.product_id,
    )
    return Decision(
        "tasks", item_id, action, "decided", new_status, actor, row.decided_at, token, changes
    )


def _decide_agent(
    conn: Connection,
    item_id: uuid.UUID,
    action: Action,
    actor: str,
    reason: str | None,
    now: datetime,
    feedback: Feedback | None = None,
) -> Decision:
    """One statement (approvals_agent_decision): the guarded update, the DecisionLog row,
    the feedback given with the decision and the audit row."""
    new_status = _NEW_STATUS[action]
    changes: dict[str, tuple[Any, Any]] = {
        "status": ("pending", new_status),
        "decided_by": (None, actor),
    }
    if reason:
        changes["decision_reason"] = (None, reason)
    row = run(
        conn,
        "approvals_agent_decision",
        {
            "id": item_id,
            "new_status": new_status,
            "actor": actor,
            "reason": reason,
            "now": now,
            "allow_expired": action == "reject",
            "entity_type": ENTITY_TYPES["agents"],
            "action": action,
            "source": AUDIT_SOURCE,
            "changes": changes_json(changes),
        }
        | feedback_params(feedback),
    ).one_or_none()
    if row is None:
        return _refused(conn, "agents", item_id, action, now)
    changes["DecisionLog"] = (None, str(row.log_id))
    if feedback is not None and row.feedback_id is not None:
        changes |= feedback.changes(row.feedback_id)
    token = UndoToken(stamp=row.updated_at, decision_log_id=row.log_id, feedback_id=row.feedback_id)
    return Decision(
        "agents", item_id, action, "decided", new_status, actor, row.decided_at, token, changes
    )


def decide_item(
    engine: sqlalchemy.Engine,
    source: Source,
    item_id: uuid.UUID,
    action: Action,
    actor: str,
    *,
    reason: str | None = None,
    now: datetime | None = None,
    feedback: Feedback | None = None,
) -> Decision:
    """Approves or rejects one item in one transaction; a refusal changes nothing. An agent
    approval's ``feedback`` is written in the same transaction, only when the decision is."""
    reason = (reason or "").strip() or None
    if action == "reject" and reason is None:
        raise ReasonRequired("A reason is required to reject.")
    if feedback is not None and source == "tasks":
        raise FeedbackRefused(NO_AGENT)
    now = now or datetime.now(UTC)
    with writing(engine, one_statement=True) as conn:
        if source == "tasks":
            return _decide_task(conn, item_id, action, actor, reason, now)
        return _decide_agent(conn, item_id, action, actor, reason, now, feedback)


def approve_item(
    engine: sqlalchemy.Engine,
    source: Source,
    item_id: uuid.UUID,
    actor: str,
    *,
    reason: str | None = None,
    now: datetime | None = None,
) -> Decision:
    return decide_item(engine, source, item_id, "approve", actor, reason=reason, now=now)


def reject_item(
    engine: sqlalchemy.Engine,
    source: Source,
    item_id: uuid.UUID,
    actor: str,
    reason: str,
    *,
    now: datetime | None = None,
) -> Decision:
    return decide_item(engine, source, item_id, "reject", actor, reason=reason, now=now)


def decide_items(
    engine: sqlalchemy.Engine,
    keys: Iterable[ApprovalKey],
    action: Action,
    actor: str,
    *,
    reason: str | None = None,
    now: datetime | None = None,
    feedback: Feedback | None = None,
) -> tuple[Decision, ...]:
    """Decides each item in its own transaction, so one lost race never undoes the others."""
    return tuple(
        decide_item(
            engine, source, item_id, action, actor, reason=reason, now=now, feedback=feedback
        )
        for source, item_id in keys
    )


def undo_decision(engine: sqlalchemy.Engine, decision: Decision, actor: str) -> UndoResult:
    """Puts a decision of ``actor`` back to pending, with what it changed downstream, but only
    while nobody else has touched the item since (status, decider and time still ours)."""
    token = decision.undo
    if not decision.decided or token is None:
        raise ValueError("only a decision that was made can be undone")
    source, item_id = decision.source, decision.id
    with engine.begin() as conn:
        guard = {"id": item_id, "status": decision.status, "actor": actor, "stamp": token.stamp}
        undo = "approvals_task_undo" if source == "tasks" else "approvals_agent_undo"
        if run(conn, undo, guard).one_or_none() is None:
            state = _state(conn, source, item_id)
            if state is None:
                return UndoResult(decision, False)
            return UndoResult(decision, False, state.status, state.decided_by, state.decided_at)
        by_field = "reviewed_by" if source == "tasks" else "decided_by"
        changes: dict[str, tuple[Any, Any]] = {
            "status": (decision.status, "pending"),
            by_field: (actor, None),
        }
        if token.task_id is not None:
            held = run(
                conn,
                "approvals_task_hold_again",
                {"task_id": token.task_id, "status": token.task_status, "stamp": token.stamp},
            ).one_or_none()
            if held is not None:
                changes["task.status"] = (token.task_status, "awaiting_approval")
        if token.product_id is not None:
            back = run(
                conn, "approvals_product_back_to_draft", {"id": token.product_id}
            ).one_or_none()
            if back is not None:
                changes["product.status"] = ("approved", "draft")
        if token.decision_log_id is not None:
            run(
                conn,
                "approvals_agent_unlog",
                {"id": token.decision_log_id, "approval_id": item_id},
            )
            changes["DecisionLog"] = (str(token.decision_log_id), None)
        if token.feedback_id is not None and remove_feedback(
            conn, token.feedback_id, item_id, actor
        ):
            changes["AgentFeedback"] = (str(token.feedback_id), None)
        record_audit(
            conn,
            entity_type=ENTITY_TYPES[source],
            entity_id=item_id,
            action="undo",
            actor=actor,
            changes=changes,
        )
    return UndoResult(decision, True, "pending")
