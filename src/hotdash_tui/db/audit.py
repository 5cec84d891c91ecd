"""``system.audit_log``: every user-initiated write records who changed what, in its own
transaction, so a write and its audit row exist together or not at all."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from hotdash_tui.db.sql import run

SOURCE = "hotdash"  # the channel column; the person goes to actor


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change: who did what to an entity, and when."""

    actor: str | None
    action: str
    source: str | None
    at: datetime


def changes_of(fields: Mapping[str, tuple[Any, Any]]) -> dict[str, dict[str, Any]]:
    """``{"field": {"old": x, "new": y}}``, the shape seed 001 documents."""
    return {name: {"old": old, "new": new} for name, (old, new) in fields.items()}


def changes_json(fields: Mapping[str, tuple[Any, Any]]) -> str:
    """:func:`changes_of` as the JSON text the audit row keeps; dates, decimals and UUIDs
    read back as their text form."""
    return json.dumps(changes_of(fields), default=str)


def record_audit(
    conn: Connection,
    *,
    entity_type: str,
    entity_id: uuid.UUID | str,
    action: str,
    actor: str,
    changes: Mapping[str, tuple[Any, Any]],
    source_id: str | None = None,
) -> uuid.UUID:
    """Writes one audit row inside the caller's transaction and returns its id."""
    row = run(
        conn,
        "insert_audit",
        {
            "entity_type": entity_type,
            "entity_id": str(entity_id),
            "action": action,
            "changes": changes_json(changes),
            "source": SOURCE,
            "source_id": source_id,
            "actor": actor,
        },
    ).one()
    return uuid.UUID(str(row.id))


def latest_audit(
    conn: Connection, entity_type: str, entity_id: uuid.UUID | str
) -> AuditEntry | None:
    """The newest audit row of an entity, or None when nothing was ever recorded."""
    row = run(
        conn, "latest_audit", {"entity_type": entity_type, "entity_id": str(entity_id)}
    ).one_or_none()
    if row is None:
        return None
    return AuditEntry(actor=row.actor, action=row.action, source=row.source, at=row.created_at)
