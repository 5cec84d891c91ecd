"""Audit rows: written inside the caller's transaction, read back newest first."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.audit import latest_audit, record_audit
from hotdash_tui.db.sql import contains_pattern


def test_an_audit_row_holds_who_what_and_the_old_and_new_values(
    db_engine: sqlalchemy.Engine,
) -> None:
    entity = uuid.uuid4()
    with db_engine.begin() as conn:
        assert latest_audit(conn, "task", entity) is None
        record_audit(
            conn,
            entity_type="task",
            entity_id=entity,
            action="move",
            actor="alice",
            changes={"stage": ("Backlog", "Review")},
        )
        second = record_audit(
            conn,
            entity_type="task",
            entity_id=entity,
            action="update",
            actor="bob",
            changes={"due_date": (None, "2026-12-01")},
        )
    with db_engine.connect() as conn:
        row = conn.execute(
            text("SELECT * FROM system.audit_log WHERE id = :id"), {"id": second}
        ).one()
        newest = latest_audit(conn, "task", entity)
    assert row.changes == {"due_date": {"old": None, "new": "2026-12-01"}}
    assert (row.source, row.actor, row.entity_type) == ("hotdash", "bob", "task")
    assert newest is not None and (newest.actor, newest.action) == ("bob", "update")


def test_an_audit_row_rolls_back_with_its_transaction(db_engine: sqlalchemy.Engine) -> None:
    entity = uuid.uuid4()
    with pytest.raises(RuntimeError), db_engine.begin() as conn:
        record_audit(conn, entity_type="task", entity_id=entity, action="x", actor="a", changes={})
        raise RuntimeError("the write it belongs to failed")
    with db_engine.connect() as conn:
        assert latest_audit(conn, "task", entity) is None


@pytest.mark.parametrize("needle", ["50%", "a_b", "back\\slash", 'it\'s "quoted"'])
def test_contains_pattern_finds_the_text_literally(
    db_engine: sqlalchemy.Engine, needle: str
) -> None:
    haystacks = [f"before {needle} after", needle.replace("%", "x").replace("_", "y") + "!"]
    with db_engine.connect() as conn:
        found = (
            conn.execute(
                text("SELECT h FROM unnest(CAST(:hs AS text[])) h WHERE h ILIKE :p ESCAPE '\\'"),
                {"hs": haystacks, "p": contains_pattern(needle)},
            )
            .scalars()
            .all()
        )
    expected = [haystacks[0]] if needle.replace("%", "x").replace("_", "y") != needle else haystacks
    assert found == expected
