"""The seed loads its million-row tables without their secondary indexes and builds them after
(seed_indexes): the schema it leaves must be the migrated one, index for index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import sqlalchemy

from hotdash_tui.demo.seed import (
    INDEX_REBUILD_FROM_ROWS,
    MILLION_ROW_TABLES,
    SeedError,
    seed_demo_data,
)
from tests.conftest import FIXED_NOW

# Every index and constraint outside the system schemas, with its definition and oid.
ROWS = INDEX_REBUILD_FROM_ROWS  # the fewest rows for which the seed rebuilds indexes
_INDEXES = """
SELECT n.nspname || '.' || c.relname, pg_catalog.pg_get_indexdef(i.indexrelid),
       pg_catalog.obj_description(i.indexrelid, 'pg_class'), i.indisvalid,
       n.nspname || '.' || t.relname, c.oid
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS c ON c.oid = i.indexrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_class AS t ON t.oid = i.indrelid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
"""
_CONSTRAINTS = """
SELECT k.conrelid::regclass::text, k.conname, pg_catalog.pg_get_constraintdef(k.oid)
FROM pg_catalog.pg_constraint AS k
JOIN pg_catalog.pg_namespace AS n ON n.oid = k.connamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
"""


class Schema:
    """The indexes (name -> definition, comment, validity; table; oid) and constraints."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        rows = conn.execute(_INDEXES).fetchall()
        self.indexes = {name: tuple(rest) for name, *rest, _, _ in rows}
        self.tables: dict[str, str] = {name: table for name, *_, table, _ in rows}
        self.oids: dict[str, int] = {name: oid for name, *_, oid in rows}
        self.constraints = set(conn.execute(_CONSTRAINTS).fetchall())
        conn.rollback()


@pytest.fixture
def conn(db_engine: sqlalchemy.Engine) -> Iterator[psycopg.Connection[Any]]:
    raw = db_engine.raw_connection()
    try:
        yield raw.driver_connection  # type: ignore[misc]
    finally:
        raw.close()


def _rebuilt(before: Schema, after: Schema) -> set[str]:
    return {name for name, oid in before.oids.items() if after.oids.get(name) != oid}


def test_the_seed_leaves_every_index_and_constraint_as_migrated(
    db_engine: sqlalchemy.Engine, conn: psycopg.Connection[Any]
) -> None:
    before = Schema(conn)
    seed_demo_data(db_engine, rows=ROWS, now=FIXED_NOW)
    after = Schema(conn)

    assert after.indexes == before.indexes
    assert after.constraints == before.constraints
    # The secondary indexes of the million-row tables were really dropped and built again,
    # and nothing else was: keys and the small tables' indexes keep their oids.
    rebuilt = _rebuilt(before, after)
    big = {t.qualified for t in MILLION_ROW_TABLES}
    assert "competitors.idx_alerts_affected_listings" in rebuilt
    assert "public.idx_pipeline_runs_stage_created" in rebuilt
    assert {before.tables[name] for name in rebuilt} == big
    assert not any(name.endswith("_pkey") for name in rebuilt)


def test_a_small_seed_keeps_every_index_it_loads_into(
    db_engine: sqlalchemy.Engine, conn: psycopg.Connection[Any]
) -> None:
    before = Schema(conn)
    seed_demo_data(db_engine, rows=ROWS - 1, now=FIXED_NOW)
    after = Schema(conn)
    assert after.oids == before.oids
    assert after.indexes == before.indexes


def test_a_failure_after_the_drop_leaves_the_indexes_untouched(
    db_engine: sqlalchemy.Engine, conn: psycopg.Connection[Any]
) -> None:
    # ads_campaigns loads after the price histories and alerts have lost their indexes.
    with db_engine.begin() as sa:
        sa.execute(
            sqlalchemy.text("""
                CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'no inserts here'; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON public.ads_campaigns
                    FOR EACH ROW EXECUTE FUNCTION refuse();
            """)
        )
    before = Schema(conn)
    with pytest.raises(SeedError, match="nothing was written"):
        seed_demo_data(db_engine, rows=ROWS, now=FIXED_NOW)
    after = Schema(conn)
    assert after.indexes == before.indexes
    assert after.oids == before.oids


def test_an_index_with_state_beyond_its_definition_is_kept_as_it_is(
    db_engine: sqlalchemy.Engine, conn: psycopg.Connection[Any]
) -> None:
    # A rebuild from pg_get_indexdef would lose the comment, so the seed must not drop it.
    with db_engine.begin() as sa:
        sa.execute(
            sqlalchemy.text(
                "COMMENT ON INDEX competitors.idx_alerts_window IS 'the alerts screen order'"
            )
        )
    before = Schema(conn)
    seed_demo_data(db_engine, rows=ROWS, now=FIXED_NOW)
    after = Schema(conn)
    assert after.indexes == before.indexes
    rebuilt = _rebuilt(before, after)
    assert "competitors.idx_alerts_window" not in rebuilt
    assert "competitors.idx_alerts_competitor" in rebuilt
