"""Helpers the EXPLAIN tests share: the plan of a named query as a flat list of nodes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.sql import sql_text


def plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def explain(conn: sqlalchemy.Connection, name: str, params: dict[str, Any]) -> list[Any]:
    statement = text("EXPLAIN (FORMAT JSON) " + sql_text(name))
    document = conn.execute(statement, params).scalar_one()
    return list(plan_nodes(document[0]["Plan"]))
