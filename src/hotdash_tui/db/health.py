"""Is the database there, and does the role we act as bypass row level security?"""

from __future__ import annotations

import sqlalchemy

from hotdash_tui.db.statements import run


def ping(engine: sqlalchemy.Engine) -> None:
    """Raises when the server cannot be reached; the pool replaces a dead connection first
    (after a failed statement or a long idle, see ``db/pool_ping.py``), so one answer means new
    work will find the server."""
    with engine.connect() as conn:
        run(conn, "health_ping").scalar_one()


def role_bypasses_rls(engine: sqlalchemy.Engine) -> bool:
    """True for a superuser or a BYPASSRLS role: the RLS policies then filter nothing."""
    with engine.connect() as conn:
        return bool(run(conn, "health_role_bypasses_rls").scalar_one_or_none())
