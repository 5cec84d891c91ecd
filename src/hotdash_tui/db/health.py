"""Is the database there, and does the role we act as bypass row level security?"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy

from hotdash_tui.db.engine import driver_connection, reading
from hotdash_tui.db.sql import run, sql_text


def ping(engine: sqlalchemy.Engine) -> None:
    """Raises when the server cannot be reached; the pool replaces a dead connection first
    (after a failed statement or a long idle, see ``db/pool_ping.py``), so one answer means new
    work will find the server."""
    with reading(engine, each_statement=True) as conn:
        run(conn, "health_ping").scalar_one()


@dataclass(frozen=True)
class RoleFacts:
    """What the header and the keys need to know of the role, read once at start."""

    bypasses_rls: bool
    """A superuser or a BYPASSRLS role: the RLS policies then filter nothing."""
    may_write: bool
    """It may insert audit rows, which every write of the dashboard does."""


def role_facts(engine: sqlalchemy.Engine) -> RoleFacts:
    # One autocommit statement: one round trip, where a transaction's BEGIN and end made
    # three (each 30 ms of the start-up at a database 30 ms away).
    with driver_connection(engine, autocommit=True) as conn:
        row = conn.execute(sql_text("health_role_bypasses_rls"), prepare=False).fetchone()
    if row is None:  # a role dropped under us: it can do nothing
        return RoleFacts(bypasses_rls=False, may_write=False)
    bypasses_rls, may_write = row
    return RoleFacts(bypasses_rls=bool(bypasses_rls), may_write=bool(may_write))
