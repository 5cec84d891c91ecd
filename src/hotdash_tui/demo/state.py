"""Whether a database holds data already: asked on every start of the embedded database, so
it is kept apart from the demo-data generators, which a start then never imports."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

# Any row in one of these means the database holds data (demo or real).
CORE_TABLES: tuple[str, ...] = (
    "catalog.listings",
    "workflow.tasks",
    "competitors.alerts",
    "public.approvals_queue",
    "public.AgentApproval",
    "public.pipeline_runs",
    "public.ads_campaigns",
)


def tables_with_rows(conn: psycopg.Connection[Any], tables: tuple[str, ...]) -> list[str]:
    """The tables of ``tables`` (``schema.name``) that hold at least one row; one EXISTS each."""
    query = sql.SQL("SELECT {}").format(
        sql.SQL(", ").join(
            sql.SQL("EXISTS (SELECT 1 FROM {})").format(_identifier(t)) for t in tables
        )
    )
    with conn.cursor() as cur:
        cur.execute(query)
        flags = cur.fetchone() or ()
    return [t for t, flag in zip(tables, flags, strict=True) if flag]


def holds_data(conn: psycopg.Connection[Any]) -> bool:
    """Whether any of the core tables has a row (demo data or real)."""
    return bool(tables_with_rows(conn, CORE_TABLES))


def _identifier(qualified: str) -> sql.Identifier:
    schema, _, name = qualified.partition(".")
    return sql.Identifier(schema, name)
