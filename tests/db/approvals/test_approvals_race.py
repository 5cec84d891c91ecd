"""Two reviewers on the same queue: 500 items decided by two connections at once, each item
decided exactly once with exactly one audit row."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.approvals import Action, Decision, Source, decide_item
from hotdash_tui.db.engine import create_db_engine
from tests.conftest import FIXED_NOW

HALF = 250

FILL_TASKS = """
WITH held AS (
    INSERT INTO public.tasks (type, status, input, created_at)
    SELECT 'enhancement', 'awaiting_approval', '{}'::jsonb,
           CAST(:now AS timestamp) - g * interval '1 minute'
    FROM generate_series(1, :n) AS g
    RETURNING id, created_at
)
INSERT INTO public.approvals_queue (task_id, reason, context, created_at)
SELECT id, 'held', '{}'::jsonb, created_at FROM held
"""
FILL_AGENTS = """
INSERT INTO public."AgentApproval" (agent_name, action_type, summary, requested_at)
SELECT 'ads-agent', 'adjust_budget', 'Change budget ' || g,
       CAST(:now AS timestamptz) - g * interval '1 minute'
FROM generate_series(1, :n) AS g
"""


def test_two_reviewers_deciding_the_same_500_items_decide_each_exactly_once(
    db_engine: sqlalchemy.Engine, db_url: str
) -> None:
    with db_engine.begin() as conn:
        conn.execute(text(FILL_TASKS), {"now": FIXED_NOW.replace(tzinfo=None), "n": HALF})
        conn.execute(text(FILL_AGENTS), {"now": FIXED_NOW, "n": HALF})
        keys: list[tuple[Source, uuid.UUID]] = [
            ("tasks", r.id)
            for r in conn.execute(text("SELECT id FROM public.approvals_queue ORDER BY id"))
        ]
        keys += [
            ("agents", r.id)
            for r in conn.execute(text('SELECT id FROM public."AgentApproval" ORDER BY id'))
        ]
    assert len(keys) == 2 * HALF

    start = threading.Barrier(2)
    results: dict[str, list[Decision]] = {"alice": [], "bob": []}
    failures: list[BaseException] = []

    def review(actor: str) -> None:
        # Each reviewer has its own engine: its own connections, as two dashboards would.
        engine = create_db_engine(db_url)
        try:
            start.wait()
            # Opposite directions: each wins its own end, and both fight over the middle.
            for source, item_id in keys if actor == "alice" else reversed(keys):
                action: Action = "approve" if actor == "alice" else "reject"
                results[actor].append(
                    decide_item(
                        engine, source, item_id, action, actor, reason="race", now=FIXED_NOW
                    )
                )
        except BaseException as exc:  # reported by the test thread below
            failures.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=review, args=(who,)) for who in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures

    winners: dict[uuid.UUID, str] = {}
    for actor, decisions in results.items():
        assert len(decisions) == 2 * HALF
        for decision in decisions:
            if decision.decided:
                assert decision.id not in winners, "an item was decided twice"
                winners[decision.id] = actor
    assert len(winners) == 2 * HALF
    for actor, decisions in results.items():
        for decision in decisions:
            if not decision.decided:
                assert decision.outcome == "lost"
                assert decision.by == winners[decision.id] != actor

    with db_engine.connect() as conn:
        audit = Counter(
            r.entity_id
            for r in conn.execute(
                text("SELECT entity_id FROM system.audit_log WHERE source = 'hotdash'")
            )
        )
        stored = {
            r.id: (r.status, r.by)
            for r in conn.execute(
                text(
                    "SELECT id, status, reviewed_by AS by FROM public.approvals_queue"
                    ' UNION ALL SELECT id, status, decided_by FROM public."AgentApproval"'
                )
            )
        }
        logged = Counter(
            r.approval_id
            for r in conn.execute(text('SELECT approval_id FROM public."DecisionLog"'))
        )
    assert audit == Counter({item_id: 1 for _, item_id in keys})
    for item_id, actor in winners.items():
        assert stored[item_id] == ("approved" if actor == "alice" else "rejected", actor)
    assert logged == Counter({item_id: 1 for source, item_id in keys if source == "agents"})
    # Both reviewers won some: the race really ran both ways.
    assert set(winners.values()) == {"alice", "bob"}
