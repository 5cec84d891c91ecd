"""Feedback to an agent: written with a decision in its transaction (so a lost race writes
neither), taken back by undo, given alone with its audit row, and refused with one sentence."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.approvals import approve_item, decide_items, reject_item, undo_decision
from hotdash_tui.db.approvals.feedback import (
    FeedbackRefused,
    give_feedback,
    parse_feedback,
)
from hotdash_tui.db.engine import create_db_engine
from tests.conftest import FIXED_NOW
from tests.db.approvals.test_approvals_read import add_agent_approval, add_task_approval
from tests.roles import RoleUrls


def feedback_rows(engine: sqlalchemy.Engine, approval: uuid.UUID) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT agent_name, feedback_type, rating, comment, corrected_output,"
                    ' given_by FROM public."AgentFeedback" WHERE approval_id = :id'
                ),
                {"id": approval},
            )
        )


def audit_rows(engine: sqlalchemy.Engine, approval: uuid.UUID) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT action, actor, changes FROM system.audit_log"
                    " WHERE entity_id = :id ORDER BY created_at, id"
                ),
                {"id": str(approval)},
            )
        )


def test_feedback_with_a_decision_is_written_in_its_transaction(
    db_engine: sqlalchemy.Engine,
) -> None:
    approval = add_agent_approval(db_engine, requested_at=FIXED_NOW)
    feedback = parse_feedback("thumbs_down", "2", "wrong audience")
    decision = reject_item(db_engine, "agents", approval, "bob", "off brand", now=FIXED_NOW)
    assert decision.decided
    assert feedback_rows(db_engine, approval) == []  # none asked for, none written
    approval = add_agent_approval(db_engine, requested_at=FIXED_NOW)
    (decision,) = decide_items(
        db_engine, [("agents", approval)], "reject", "bob", reason="off brand", now=FIXED_NOW,
        feedback=feedback,
    )  # fmt: skip
    assert decision.decided
    rows = feedback_rows(db_engine, approval)
    assert [tuple(r) for r in rows] == [
        ("content-agent", "thumbs_down", 2, "wrong audience", None, "bob")
    ]
    (audit,) = audit_rows(db_engine, approval)
    assert audit.changes["AgentFeedback"]["new"].endswith(" thumbs_down")


def test_a_lost_race_writes_no_feedback(db_engine: sqlalchemy.Engine) -> None:
    approval = add_agent_approval(db_engine, requested_at=FIXED_NOW)
    assert approve_item(db_engine, "agents", approval, "alice", now=FIXED_NOW).decided
    feedback = parse_feedback("thumbs_up", "5", "")
    # The second reviewer, a moment later, with feedback.
    (decision,) = decide_items(
        db_engine, [("agents", approval)], "approve", "bob", now=FIXED_NOW, feedback=feedback
    )
    assert (decision.outcome, decision.by) == ("lost", "alice")
    assert feedback_rows(db_engine, approval) == []


def test_undo_takes_back_the_feedback_written_with_the_decision(
    db_engine: sqlalchemy.Engine,
) -> None:
    approval = add_agent_approval(db_engine, requested_at=FIXED_NOW)
    feedback = parse_feedback("correction", "", '{"format": "video"}')
    (decision,) = decide_items(
        db_engine, [("agents", approval)], "approve", "bob", now=FIXED_NOW, feedback=feedback
    )
    assert [r.corrected_output for r in feedback_rows(db_engine, approval)] == [{"format": "video"}]
    assert undo_decision(db_engine, decision, "bob").undone
    assert feedback_rows(db_engine, approval) == []
    undo = audit_rows(db_engine, approval)[-1]
    assert undo.action == "undo" and undo.changes["AgentFeedback"]["new"] is None


def test_feedback_alone_is_audited_and_a_gone_approval_writes_nothing(
    db_engine: sqlalchemy.Engine,
) -> None:
    approval = add_agent_approval(db_engine, requested_at=FIXED_NOW, status="approved")
    written = give_feedback(db_engine, approval, parse_feedback("comment", "4", "good"), "cy")
    assert written is not None
    assert [
        (r.feedback_type, r.rating, r.given_by) for r in feedback_rows(db_engine, approval)
    ] == [("comment", 4, "cy")]
    assert [(a.action, a.actor) for a in audit_rows(db_engine, approval)] == [("feedback", "cy")]
    assert give_feedback(db_engine, uuid.uuid4(), parse_feedback("thumbs_up", "", ""), "cy") is None


@pytest.mark.parametrize(
    ("kind", "rating", "comment", "message"),
    [
        ("thumbs_up", "6", "", "A rating is a whole number from 1 to 5, or nothing."),
        ("thumbs_up", "٣", "", "A rating is a whole number from 1 to 5, or nothing."),
        ("correction", "", " ", "A correction needs the corrected output; type it or choose"
         " thumbs up or down."),
        ("comment", "3", "", "A comment needs a comment; type it or choose thumbs up or down."),
        ("praise", "", "", "Feedback is one of thumbs_up, thumbs_down, correction, comment;"
         " not 'praise'."),
    ],
)  # fmt: skip
def test_bad_feedback_is_one_sentence(kind: str, rating: str, comment: str, message: str) -> None:
    with pytest.raises(FeedbackRefused) as caught:
        parse_feedback(kind, rating, comment)
    assert str(caught.value) == message


def test_a_task_approval_takes_no_feedback(db_engine: sqlalchemy.Engine) -> None:
    approval = add_task_approval(db_engine, created_at=FIXED_NOW)
    with pytest.raises(FeedbackRefused, match="a task approval has none"):
        decide_items(
            db_engine, [("tasks", approval)], "approve", "bob",
            feedback=parse_feedback("thumbs_up", "", ""),
        )  # fmt: skip
    with db_engine.connect() as conn:
        status = conn.execute(
            text("SELECT status FROM public.approvals_queue WHERE id = :id"), {"id": approval}
        ).scalar_one()
    assert status == "pending"


def test_the_reviewer_role_may_give_feedback_and_take_it_back(
    seeded_engine: sqlalchemy.Engine, seeded_role_urls: RoleUrls
) -> None:
    approval = add_agent_approval(seeded_engine, requested_at=FIXED_NOW)
    reviewer = create_db_engine(seeded_role_urls.reviewer)
    try:
        feedback = parse_feedback("thumbs_up", "4", "")
        (decision,) = decide_items(
            reviewer, [("agents", approval)], "approve", "rita", now=FIXED_NOW, feedback=feedback
        )
        assert decision.decided
        assert [(r.feedback_type, r.given_by) for r in feedback_rows(seeded_engine, approval)] == [
            ("thumbs_up", "rita")
        ]
        assert undo_decision(reviewer, decision, "rita").undone
        assert feedback_rows(seeded_engine, approval) == []
        assert give_feedback(reviewer, approval, feedback, "rita") is not None
    finally:
        reviewer.dispose()
