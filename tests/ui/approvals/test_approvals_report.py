"""The one-line reports after decisions and undos, worded per item."""

from __future__ import annotations

import uuid
from datetime import timedelta

from hotdash_tui.db.approvals import Action, Decision, UndoResult
from hotdash_tui.screens.approvals.report import decision_report, undo_report
from tests.conftest import FIXED_NOW

EARLIER = FIXED_NOW - timedelta(minutes=79)  # 10:41 on the same day


def decided(action: Action = "approve") -> Decision:
    status = "approved" if action == "approve" else "rejected"
    return Decision("tasks", uuid.uuid4(), action, "decided", status, "me", FIXED_NOW)


def lost(by: str, status: str = "approved") -> Decision:
    return Decision("agents", uuid.uuid4(), "approve", "lost", status, by, EARLIER)


def test_a_bulk_report_counts_each_outcome() -> None:
    decisions = [*[decided() for _ in range(12)], lost("bob"), lost("bob"), lost("carol")]
    assert decision_report(decisions, FIXED_NOW) == (
        "12 approved, 2 already approved by bob at 10:41, 1 already approved by carol at 10:41."
    )


def test_one_lost_item_reads_as_a_sentence() -> None:
    assert decision_report([lost("bob", "rejected")], FIXED_NOW) == (
        "Already rejected by bob at 10:41."
    )


def test_one_item_is_named_when_its_name_is_known() -> None:
    mine, theirs = decided(), lost("bob")
    names = {
        (mine.source, mine.id): "Lower SKU-1 to £9.99",
        (theirs.source, theirs.id): "Reply to order #1042",
    }
    assert decision_report([mine], FIXED_NOW, names) == "Approved: Lower SKU-1 to £9.99."
    assert decision_report([theirs], FIXED_NOW, names) == (
        "Reply to order #1042: already approved by bob at 10:41."
    )
    assert decision_report([mine], FIXED_NOW) == "1 approved."


def test_an_item_decided_on_another_day_names_the_day() -> None:
    other_day = Decision(
        "tasks", uuid.uuid4(), "approve", "lost", "approved", "bob", EARLIER - timedelta(days=3)
    )
    assert decision_report([other_day], FIXED_NOW) == "Already approved by bob at Oct 30 10:41."


def test_expired_missing_and_nameless_outcomes() -> None:
    expired = Decision("agents", uuid.uuid4(), "approve", "expired", "pending", at=EARLIER)
    missing = Decision("agents", uuid.uuid4(), "approve", "missing")
    gone_by_itself = Decision("agents", uuid.uuid4(), "approve", "lost", "expired")
    assert decision_report([expired], FIXED_NOW) == "Expired at 10:41, reject it instead."
    assert decision_report([decided("reject"), missing, gone_by_itself], FIXED_NOW) == (
        "1 rejected, 1 no longer there, 1 already expired."
    )


def test_undo_reports_what_was_undone_and_what_was_not() -> None:
    mine = decided()
    assert undo_report([UndoResult(mine, True, "pending")], FIXED_NOW) == "Undid 1 decision."
    refused = UndoResult(mine, False, "approved", "carol", EARLIER)
    assert undo_report([UndoResult(mine, True), refused], FIXED_NOW) == (
        "Undid 1 decision, not undone, it changed since your decision"
        " (it is approved by carol at 10:41)."
    )
