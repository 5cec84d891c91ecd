"""v / x / d on competitor alerts: the allowed transitions, one audit row per change, nothing
written when refused, and two connections racing for the same alert."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.alerts import (
    ENTITY_TYPE,
    Action,
    ActionTakenRequired,
    AlertChange,
    change_alert,
)
from tests.conftest import FIXED_NOW


def one_alert(engine: sqlalchemy.Engine, status: str) -> uuid.UUID:
    with engine.connect() as conn:
        found: uuid.UUID = conn.execute(
            text("SELECT id FROM competitors.alerts WHERE status = :s ORDER BY id LIMIT 1"),
            {"s": status},
        ).scalar_one()
    return found


def row(engine: sqlalchemy.Engine, alert_id: uuid.UUID) -> Any:
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT status, actioned_by, actioned_at, action_taken"
                " FROM competitors.alerts WHERE id = :id"
            ),
            {"id": alert_id},
        ).one()


def audit_rows(engine: sqlalchemy.Engine, alert_id: uuid.UUID) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT action, actor, changes FROM system.audit_log"
                    " WHERE entity_type = :t AND entity_id = :id ORDER BY created_at"
                ),
                {"t": ENTITY_TYPE, "id": str(alert_id)},
            )
        )


ALLOWED = {
    ("new", "view"),
    ("new", "action"),
    ("new", "dismiss"),
    ("viewed", "action"),
    ("viewed", "dismiss"),
}


@pytest.mark.parametrize("status", ["new", "viewed", "actioned", "dismissed"])
@pytest.mark.parametrize("action", ["view", "action", "dismiss"])
def test_only_the_documented_transitions_write(
    seeded_engine: sqlalchemy.Engine, status: str, action: Action
) -> None:
    alert_id = one_alert(seeded_engine, status)
    before = row(seeded_engine, alert_id)
    change = change_alert(
        seeded_engine, alert_id, action, "me", action_taken="Repriced", now=FIXED_NOW
    )
    after = row(seeded_engine, alert_id)
    if (status, action) in ALLOWED:
        new_status = {"view": "viewed", "action": "actioned", "dismiss": "dismissed"}[action]
        assert change.done and after.status == new_status and after.actioned_by == "me"
        [entry] = audit_rows(seeded_engine, alert_id)
        assert (entry.action, entry.actor) == (new_status, "me")
        assert entry.changes["status"] == {"old": status, "new": new_status}
        assert after.actioned_at == (None if action == "view" else FIXED_NOW)
        assert after.action_taken == ("Repriced" if action == "action" else before.action_taken)
    else:
        assert change.outcome == "lost" and change.status == status
        assert change.by == before.actioned_by  # the seed's handler, from the row
        assert after == before and audit_rows(seeded_engine, alert_id) == []


@pytest.mark.parametrize("taken", [None, "   ", "x" * 501])
def test_actioned_needs_what_was_done_and_writes_nothing_without(
    seeded_engine: sqlalchemy.Engine, taken: str | None
) -> None:
    alert_id = one_alert(seeded_engine, "new")
    with pytest.raises(ActionTakenRequired):
        change_alert(seeded_engine, alert_id, "action", "me", action_taken=taken, now=FIXED_NOW)
    assert row(seeded_engine, alert_id).status == "new"
    assert audit_rows(seeded_engine, alert_id) == []


def test_a_viewed_alert_says_who_viewed_it_and_when_from_the_audit_trail(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    alert_id = one_alert(seeded_engine, "new")
    assert change_alert(seeded_engine, alert_id, "view", "bob", now=FIXED_NOW).done
    again = change_alert(seeded_engine, alert_id, "view", "me", now=FIXED_NOW)
    [entry] = audit_rows(seeded_engine, alert_id)
    assert (again.outcome, again.status, again.by) == ("lost", "viewed", "bob")
    with seeded_engine.connect() as conn:
        stamp = conn.execute(
            text("SELECT created_at FROM system.audit_log WHERE entity_id = :id"),
            {"id": str(alert_id)},
        ).scalar_one()
    assert again.at == stamp and entry.actor == "bob"


def test_a_missing_alert_is_reported_as_missing(seeded_engine: sqlalchemy.Engine) -> None:
    change = change_alert(seeded_engine, uuid.uuid4(), "dismiss", "me", now=FIXED_NOW)
    assert change.outcome == "missing"


def test_two_connections_racing_for_one_alert_make_one_change(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    alert_id = one_alert(seeded_engine, "new")
    barrier = threading.Barrier(2)
    results: dict[str, AlertChange] = {}

    def handle(actor: str, action: Action) -> None:
        barrier.wait()
        results[actor] = change_alert(
            seeded_engine,
            alert_id,
            action,
            actor,
            action_taken="Matched",
            now=FIXED_NOW - timedelta(minutes=5),
        )

    threads = [
        threading.Thread(target=handle, args=("ann", "dismiss")),
        threading.Thread(target=handle, args=("bob", "action")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [c for c in results.values() if c.done]
    losers = [c for c in results.values() if not c.done]
    assert len(winners) == 1 and len(losers) == 1
    winner = next(actor for actor, c in results.items() if c.done)
    assert losers[0].by == winner and losers[0].at == FIXED_NOW - timedelta(minutes=5)
    assert losers[0].status == row(seeded_engine, alert_id).status
    assert [e.actor for e in audit_rows(seeded_engine, alert_id)] == [winner]
