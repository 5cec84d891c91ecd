"""A reviewer's feedback to an agent (seed 004's AgentFeedback): thumbs up or down, a 1-5
rating, a comment or a corrected output. Written with a decision, in its transaction (see
:func:`hotdash_tui.db.approvals.decide.decide_item`), or on its own with an audit row.

Feedback is for the agent that asked: a task approval of seed 000 has no agent to take it."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy
from sqlalchemy import Connection

from hotdash_tui.db.audit import record_audit
from hotdash_tui.db.errors import HotdashError
from hotdash_tui.db.sql import run

FeedbackType = Literal["thumbs_up", "thumbs_down", "correction", "comment"]
FEEDBACK_TYPES: tuple[FeedbackType, ...] = ("thumbs_up", "thumbs_down", "correction", "comment")
_RATING = re.compile(r"[1-5]")  # ASCII digits only: another script's 3 is not a rating
MAX_TEXT = 2_000


class FeedbackRefused(HotdashError, ValueError):
    """Feedback that cannot be written; the message is one sentence for the user."""


@dataclass(frozen=True)
class Feedback:
    kind: FeedbackType
    rating: int | None = None
    comment: str | None = None
    corrected_output: Any = None

    def changes(self, feedback_id: uuid.UUID) -> dict[str, tuple[Any, Any]]:
        """What the audit row says was written."""
        return {"AgentFeedback": (None, f"{feedback_id} {self.kind}")}


def parse_feedback(kind: str, rating: str, text: str) -> Feedback:
    """Feedback from what the dialog (or a command) was given; FeedbackRefused with one
    sentence for a value that cannot be right. A correction is the corrected output: JSON
    when it reads as JSON, else the text itself."""
    if kind not in FEEDBACK_TYPES:
        raise FeedbackRefused(f"Feedback is one of {', '.join(FEEDBACK_TYPES)}; not {kind!r}.")
    rating = rating.strip()
    if rating and not _RATING.fullmatch(rating):
        raise FeedbackRefused("A rating is a whole number from 1 to 5, or nothing.")
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise FeedbackRefused(f"Keep the comment under {MAX_TEXT:,} characters.")
    if kind in ("correction", "comment") and not text:
        what = "the corrected output" if kind == "correction" else "a comment"
        raise FeedbackRefused(f"A {kind} needs {what}; type it or choose thumbs up or down.")
    corrected: Any = None
    comment: str | None = text or None
    if kind == "correction":
        try:
            corrected = json.loads(text)
        except ValueError:
            corrected = text
        comment = None
    return Feedback(kind, int(rating) if rating else None, comment, corrected)


def insert_feedback(
    conn: Connection, approval_id: uuid.UUID, feedback: Feedback, actor: str
) -> uuid.UUID | None:
    """The feedback row for the agent that asked for this approval; None when it is gone."""
    params = feedback_params(feedback) | {"id": approval_id, "actor": actor}
    return run(conn, "approvals_feedback_insert", params).scalar_one_or_none()


def feedback_params(feedback: Feedback | None) -> dict[str, Any]:
    """The bound values of a feedback row (all None without feedback)."""
    if feedback is None:
        return {"type": None, "rating": None, "comment": None, "corrected": None}
    corrected = feedback.corrected_output
    return {
        "type": feedback.kind,
        "rating": feedback.rating,
        "comment": feedback.comment,
        "corrected": None if corrected is None else json.dumps(corrected, ensure_ascii=False),
    }


def remove_feedback(
    conn: Connection, feedback_id: uuid.UUID, approval_id: uuid.UUID, actor: str
) -> bool:
    params = {"id": feedback_id, "approval_id": approval_id, "actor": actor}
    return run(conn, "approvals_feedback_delete", params).one_or_none() is not None


def give_feedback(
    engine: sqlalchemy.Engine, approval_id: uuid.UUID, feedback: Feedback, actor: str
) -> uuid.UUID | None:
    """Feedback alone, on a pending or decided agent approval: one transaction with its
    audit row. None when the approval no longer exists."""
    with engine.begin() as conn:
        feedback_id = insert_feedback(conn, approval_id, feedback, actor)
        if feedback_id is None:
            return None
        record_audit(
            conn,
            entity_type="AgentApproval",
            entity_id=approval_id,
            action="feedback",
            actor=actor,
            changes=feedback.changes(feedback_id),
        )
    return feedback_id
