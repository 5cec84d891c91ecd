"""Deciding approvals: the rows a decision changes downstream, its one audit row, lost races,
expired requests, and undo allowed or refused."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.approvals import (
    ReasonRequired,
    Source,
    approve_item,
    decide_items,
    reject_item,
    undo_decision,
)
from tests.conftest import FIXED_NOW
from tests.db.approvals.test_approvals_read import add_agent_approval, add_task_approval

LATER = FIXED_NOW + timedelta(minutes=5)


def one(engine: sqlalchemy.Engine, statement: str, **params: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(statement), params).one()


def task_state(engine: sqlalchemy.Engine, approval_id: uuid.UUID) -> Any:
    """The approval, its task and its product, as stored."""
    return one(
        engine,
        "SELECT q.status, q.reviewed_by, q.reviewed_at, q.review_reason,"
        " t.status AS task_status, t.completed_at, p.status AS product_status"
        " FROM public.approvals_queue AS q JOIN public.tasks AS t ON t.id = q.task_id"
        " JOIN public.products AS p ON p.id = (t.input->>'product_id')::uuid WHERE q.id = :id",
        id=approval_id,
    )


def agent_state(engine: sqlalchemy.Engine, approval_id: uuid.UUID) -> Any:
    return one(
        engine,
        "SELECT a.status, a.decided_by, a.decided_at, a.decision_reason, a.updated_at,"
        ' (SELECT count(*) FROM public."DecisionLog" AS d WHERE d.approval_id = a.id) AS logged'
        ' FROM public."AgentApproval" AS a WHERE a.id = :id',
        id=approval_id,
    )


def audits(engine: sqlalchemy.Engine, approval_id: uuid.UUID) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT entity_type, action, actor, source, changes FROM system.audit_log"
                    " WHERE entity_id = :id ORDER BY created_at, action"
                ),
                {"id": approval_id},
            )
        )


def test_approving_a_task_completes_it_and_approves_its_draft_product(
    db_engine: sqlalchemy.Engine,
) -> None:
    approval = add_task_approval(db_engine, created_at=FIXED_NOW - timedelta(hours=1))
    decision = approve_item(db_engine, "tasks", approval, "alice", now=FIXED_NOW)
    assert decision.decided and (decision.status, decision.by) == ("approved", "alice")
    state = task_state(db_engine, approval)
    assert (state.status, state.reviewed_by, state.review_reason) == ("approved", "alice", None)
    assert state.reviewed_at == FIXED_NOW.replace(tzinfo=None)
    assert (state.task_status, state.completed_at) == ("completed", FIXED_NOW.replace(tzinfo=None))
    assert state.product_status == "approved"
    [audit] = audits(db_engine, approval)
    assert (audit.entity_type, audit.action, audit.actor, audit.source) == (
        "approvals_queue",
        "approve",
        "alice",
        "hotdash",
    )
    assert audit.changes == {
        "status": {"old": "pending", "new": "approved"},
        "reviewed_by": {"old": None, "new": "alice"},
        "task.status": {"old": "awaiting_approval", "new": "completed"},
        "product.status": {"old": "draft", "new": "approved"},
    }


@pytest.mark.parametrize(
    ("task_ref", "item_ref", "approved"),
    [
        ("not-a-uuid", "own", True),  # the task's reference is no UUID: the item's counts
        ("{0123-bad}", "not-a-uuid", False),  # neither links a product: nothing is approved
        ("own-without-hyphens", "not-a-uuid", True),
    ],
)
def test_a_product_reference_that_is_no_uuid_links_nothing(
    db_engine: sqlalchemy.Engine, task_ref: str, item_ref: str, approved: bool
) -> None:
    approval = add_task_approval(db_engine, created_at=FIXED_NOW)
    product = one(
        db_engine,
        "SELECT p.id FROM public.approvals_queue AS q"
        " JOIN public.products AS p ON p.id = CAST(q.context->>'product_id' AS uuid)"
        " WHERE q.id = :id",
        id=approval,
    ).id
    refs = {"own": str(product), "own-without-hyphens": product.hex}
    with db_engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE public.tasks SET input = jsonb_set(input, '{product_id}', to_jsonb("
                "CAST(:task_ref AS text))) WHERE id = (SELECT task_id FROM"
                " public.approvals_queue WHERE id = :id)"
            ),
            {"task_ref": refs.get(task_ref, task_ref), "id": approval},
        )
        conn.execute(
            text(
                "UPDATE public.approvals_queue SET context = jsonb_set(context, '{product_id}',"
                " to_jsonb(CAST(:item_ref AS text))) WHERE id = :id"
            ),
            {"item_ref": refs.get(item_ref, item_ref), "id": approval},
        )
    decision = approve_item(db_engine, "tasks", approval, "alice", now=FIXED_NOW)
    assert decision.decided
    task = one(
        db_engine,
        "SELECT t.status FROM public.tasks AS t JOIN public.approvals_queue AS q"
        " ON q.task_id = t.id WHERE q.id = :id",
        id=approval,
    )
    assert task.status == "completed"
    status = one(db_engine, "SELECT status FROM public.products WHERE id = :id", id=product)
    assert status.status == ("approved" if approved else "draft")
    assert ("product.status" in audits(db_engine, approval)[0].changes) is approved


def test_approving_leaves_a_listed_product_listed(db_engine: sqlalchemy.Engine) -> None:
    approval = add_task_approval(db_engine, created_at=FIXED_NOW, product_status="listed")
    approve_item(db_engine, "tasks", approval, "alice", now=FIXED_NOW)
    assert task_state(db_engine, approval).product_status == "listed"
    assert "product.status" not in audits(db_engine, approval)[0].changes


def test_rejecting_a_task_needs_a_reason_and_then_rejects_the_task(
    db_engine: sqlalchemy.Engine,
) -> None:
    approval = add_task_approval(db_engine, created_at=FIXED_NOW)
    for blank in ("", "   "):
        with pytest.raises(ReasonRequired, match="A reason is required"):
            reject_item(db_engine, "tasks", approval, "alice", blank, now=FIXED_NOW)
    assert task_state(db_engine, approval).status == "pending" and not audits(db_engine, approval)
    decision = reject_item(db_engine, "tasks", approval, "alice", " Off-brand ", now=FIXED_NOW)
    assert decision.decided and decision.status == "rejected"
    state = task_state(db_engine, approval)
    assert (state.status, state.review_reason, state.task_status) == (
        "rejected",
        "Off-brand",
        "rejected",
    )
    assert state.product_status == "draft"
    [audit] = audits(db_engine, approval)
    assert audit.action == "reject"
    assert audit.changes["review_reason"] == {"old": None, "new": "Off-brand"}


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_deciding_an_agent_request_logs_the_decision(
    db_engine: sqlalchemy.Engine, action: str
) -> None:
    approval = add_agent_approval(db_engine, requested_at=FIXED_NOW - timedelta(hours=1))
    if action == "approve":
        decision = approve_item(db_engine, "agents", approval, "bob", now=FIXED_NOW)
    else:
        decision = reject_item(db_engine, "agents", approval, "bob", "Too early", now=FIXED_NOW)
    status = f"{action}d" if action == "approve" else "rejected"
    state = agent_state(db_engine, approval)
    assert (state.status, state.decided_by, state.decided_at) == (status, "bob", FIXED_NOW)
    log = one(
        db_engine,
        "SELECT domain, decision, rationale, actor, actor_type, entity_type, entity_id, payload"
        ' FROM public."DecisionLog" WHERE approval_id = :id',
        id=approval,
    )
    assert (log.domain, log.actor, log.actor_type) == ("growth", "bob", "human")
    assert log.decision == f"{status}: Publish a carousel ad for SKU-1"
    assert (log.entity_type, log.entity_id, log.payload) == ("listing", "SKU-1", {"sku": "SKU-1"})
    assert log.rationale == (None if action == "approve" else "Too early")
    [audit] = audits(db_engine, approval)
    assert (audit.entity_type, audit.action, audit.actor) == ("AgentApproval", action, "bob")
    assert audit.changes["status"] == {"old": "pending", "new": status}
    assert decision.undo is not None
    assert audit.changes["DecisionLog"] == {"old": None, "new": str(decision.undo.decision_log_id)}


@pytest.mark.parametrize("source", ["tasks", "agents"])
def test_a_lost_race_changes_nothing_and_says_who_and_when(
    db_engine: sqlalchemy.Engine, source: Source
) -> None:
    if source == "tasks":
        approval = add_task_approval(db_engine, created_at=FIXED_NOW)
    else:
        approval = add_agent_approval(db_engine, requested_at=FIXED_NOW)
    first = approve_item(db_engine, source, approval, "bob", now=FIXED_NOW)
    second = reject_item(db_engine, source, approval, "alice", "No", now=LATER)
    assert first.decided and not second.decided
    assert (second.outcome, second.status, second.by, second.at) == (
        "lost",
        "approved",
        "bob",
        FIXED_NOW,
    )
    assert [a.actor for a in audits(db_engine, approval)] == ["bob"]


def test_a_missing_item_is_reported_as_missing(db_engine: sqlalchemy.Engine) -> None:
    decision = approve_item(db_engine, "agents", uuid.uuid4(), "bob", now=FIXED_NOW)
    assert decision.outcome == "missing"


def test_an_expired_request_cannot_be_approved_but_can_be_rejected(
    db_engine: sqlalchemy.Engine,
) -> None:
    expired_at = FIXED_NOW - timedelta(minutes=1)
    approval = add_agent_approval(
        db_engine, requested_at=FIXED_NOW - timedelta(days=3), expires_at=expired_at
    )
    refused = approve_item(db_engine, "agents", approval, "bob", now=FIXED_NOW)
    assert (refused.outcome, refused.at) == ("expired", expired_at)
    assert agent_state(db_engine, approval).status == "pending"
    assert not audits(db_engine, approval)
    rejected = reject_item(db_engine, "agents", approval, "bob", "Stale", now=FIXED_NOW)
    assert rejected.decided and agent_state(db_engine, approval).status == "rejected"


def test_undo_puts_a_task_decision_and_its_downstream_rows_back(
    db_engine: sqlalchemy.Engine,
) -> None:
    approval = add_task_approval(db_engine, created_at=FIXED_NOW)
    before = task_state(db_engine, approval)
    decision = approve_item(db_engine, "tasks", approval, "alice", now=FIXED_NOW)
    result = undo_decision(db_engine, decision, "alice")
    assert result.undone
    assert task_state(db_engine, approval) == before
    undo = audits(db_engine, approval)[-1]
    assert (undo.action, undo.actor) == ("undo", "alice")
    assert undo.changes == {
        "status": {"old": "approved", "new": "pending"},
        "reviewed_by": {"old": "alice", "new": None},
        "task.status": {"old": "completed", "new": "awaiting_approval"},
        "product.status": {"old": "approved", "new": "draft"},
    }


def test_undo_of_an_agent_decision_removes_its_decision_log_row(
    db_engine: sqlalchemy.Engine,
) -> None:
    approval = add_agent_approval(db_engine, requested_at=FIXED_NOW)
    decision = reject_item(db_engine, "agents", approval, "bob", "Not now", now=FIXED_NOW)
    assert agent_state(db_engine, approval).logged == 1
    assert undo_decision(db_engine, decision, "bob").undone
    state = agent_state(db_engine, approval)
    assert (state.status, state.decided_by, state.decision_reason, state.logged) == (
        "pending",
        None,
        None,
        0,
    )
    assert [a.action for a in audits(db_engine, approval)] == ["reject", "undo"]


@pytest.mark.parametrize("source", ["tasks", "agents"])
def test_undo_is_refused_once_someone_else_touched_the_item(
    db_engine: sqlalchemy.Engine, source: Source
) -> None:
    if source == "tasks":
        approval = add_task_approval(db_engine, created_at=FIXED_NOW)
        touch = "UPDATE public.approvals_queue SET reviewed_by = 'carol' WHERE id = :id"
    else:
        approval = add_agent_approval(db_engine, requested_at=FIXED_NOW)
        touch = "UPDATE public.\"AgentApproval\" SET decision_reason = 'seen' WHERE id = :id"
    decision = approve_item(db_engine, source, approval, "alice", now=FIXED_NOW)
    with db_engine.begin() as conn:
        conn.execute(text(touch), {"id": approval})
    result = undo_decision(db_engine, decision, "alice")
    assert not result.undone and result.status == "approved"
    assert result.by == ("carol" if source == "tasks" else "alice")
    assert [a.action for a in audits(db_engine, approval)] == ["approve"]


def test_undo_is_only_for_the_one_who_decided(db_engine: sqlalchemy.Engine) -> None:
    approval = add_task_approval(db_engine, created_at=FIXED_NOW)
    decision = approve_item(db_engine, "tasks", approval, "alice", now=FIXED_NOW)
    assert not undo_decision(db_engine, decision, "mallory").undone
    assert task_state(db_engine, approval).status == "approved"
    lost = approve_item(db_engine, "tasks", approval, "bob", now=FIXED_NOW)
    with pytest.raises(ValueError, match="only a decision that was made"):
        undo_decision(db_engine, lost, "bob")


def test_bulk_decisions_report_each_item(db_engine: sqlalchemy.Engine) -> None:
    items = [add_task_approval(db_engine, created_at=FIXED_NOW) for _ in range(3)]
    approve_item(db_engine, "tasks", items[1], "bob", now=FIXED_NOW)
    decisions = decide_items(
        db_engine, [("tasks", i) for i in items], "approve", "alice", now=LATER
    )
    assert [d.outcome for d in decisions] == ["decided", "lost", "decided"]
    assert decisions[1].by == "bob"
    assert [task_state(db_engine, i).reviewed_by for i in items] == ["alice", "bob", "alice"]
