"""u on the alerts screen: a change of ours goes back exactly, while nobody touched the alert
since; otherwise nothing changes and the outcome says who did (issue 17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy

from hotdash_tui.db.alerts import Action, change_alert, undo_change
from tests.conftest import FIXED_NOW
from tests.db.alerts.test_alerts_write import audit_rows, one_alert, row


@pytest.mark.parametrize("action", ["view", "action", "dismiss"])
def test_undo_puts_the_alert_back_as_it_was_with_an_audit_row(
    seeded_engine: sqlalchemy.Engine, action: Action
) -> None:
    alert = one_alert(seeded_engine, "new")
    before = row(seeded_engine, alert)
    change = change_alert(seeded_engine, alert, action, "me", action_taken="Matched", now=FIXED_NOW)
    assert change.done and row(seeded_engine, alert) != before
    undone = undo_change(seeded_engine, change, "me")
    assert undone.done and undone.status == "new"
    assert row(seeded_engine, alert) == before
    assert [(r.action, r.actor) for r in audit_rows(seeded_engine, alert)][-1] == ("undo", "me")
    assert audit_rows(seeded_engine, alert)[-1].changes["status"] == {
        "old": change.status,
        "new": "new",
    }


def test_an_alert_changed_since_is_not_undone_and_says_who(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    alert = one_alert(seeded_engine, "new")
    mine = change_alert(seeded_engine, alert, "view", "me", now=FIXED_NOW)
    bob_at = FIXED_NOW + timedelta(minutes=3)
    change_alert(seeded_engine, alert, "dismiss", "bob", now=bob_at)
    after_bob = row(seeded_engine, alert)
    refused = undo_change(seeded_engine, mine, "me")
    assert (refused.outcome, refused.status, refused.by, refused.at) == (
        "lost",
        "dismissed",
        "bob",
        bob_at,
    )
    assert row(seeded_engine, alert) == after_bob


def test_someone_elses_change_is_not_undone_by_me(seeded_engine: sqlalchemy.Engine) -> None:
    alert = one_alert(seeded_engine, "new")
    bobs = change_alert(seeded_engine, alert, "dismiss", "bob", now=FIXED_NOW)
    assert not undo_change(seeded_engine, bobs, "me").done
    assert row(seeded_engine, alert).status == "dismissed"
