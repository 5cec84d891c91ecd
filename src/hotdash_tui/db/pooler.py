"""Is there a transaction pooler between us and Postgres? Told by what the connection does.

A transaction pooler (PgBouncer in ``transaction`` or ``statement`` mode, Supabase's
Supavisor on its transaction port) hands each transaction whichever server session is free,
whatever its port. Then prepared statements would meet sessions that never prepared them (or
already had: ``prepared statement "_pg3_0" already exists``) and LISTEN would hear nothing.
Behind one, the statement timeout is set per transaction; on a direct connection it is set
once in the session (``db/engine.TransactionSettings``), and a read of one statement then
needs no transaction.

The test: a first client connection asks for its backend's pid and ends its transaction; a
second client connection, opened while the first is idle, asks the same; then the first asks
again. On a direct connection or a session pooler each client keeps its own backend, so the
second sees another pid and the first sees its own again. Behind a transaction pooler the
second is handed the session the first just let go (PgBouncer's default is the last one
used), or, with round-robin, the first gets another one back.
"""

from __future__ import annotations

from typing import Any, cast

import psycopg
import sqlalchemy
from sqlalchemy import event

from hotdash_tui.config import Pooler


def _backend_pid(dbapi_connection: psycopg.Connection[Any]) -> int:
    # The pool's psycopg connection is idle here; one autocommit statement is one round trip
    # and its own transaction, which the pooler may then give to another client.
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        row = dbapi_connection.execute("SELECT pg_backend_pid()", prepare=False).fetchone()
    finally:
        dbapi_connection.autocommit = autocommit
    if row is None:
        raise RuntimeError("SELECT pg_backend_pid() returned no row")
    return int(row[0])


def detect_transaction_pooler(engine: sqlalchemy.Engine) -> bool:
    """Whether the engine's connections go through a transaction pooler (three statements,
    two pooled connections, both left in the pool for the App's first reads)."""
    first = engine.raw_connection()
    try:
        first_driver = cast("psycopg.Connection[Any]", first.driver_connection)
        before = _backend_pid(first_driver)
        second = engine.raw_connection()
        try:
            other = _backend_pid(cast("psycopg.Connection[Any]", second.driver_connection))
        finally:
            second.close()
        after = _backend_pid(first_driver)
    finally:
        first.close()
    return other == before or after != before


def serve_transaction_pooler(engine: sqlalchemy.Engine) -> None:
    """No prepared statements on the engine's connections, those in the pool now included."""

    # At checkout, so that the connections detection left in the pool are covered too.
    @event.listens_for(engine, "checkout")
    def _no_prepared_statements_on_checkout(
        dbapi_connection: Any, _record: Any, _proxy: Any
    ) -> None:
        dbapi_connection.prepare_threshold = None


def resolve_pooler(engine: sqlalchemy.Engine, setting: Pooler) -> bool:
    """True when the engine is behind a transaction pooler, as said or as detected; the
    engine is then set up for it."""
    if setting is Pooler.AUTO:
        behind = detect_transaction_pooler(engine)
    else:
        behind = setting is Pooler.TRANSACTION
    if behind:
        serve_transaction_pooler(engine)
    return behind
