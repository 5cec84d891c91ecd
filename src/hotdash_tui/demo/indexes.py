"""Secondary indexes of the million-row tables, dropped for the seed's COPY and rebuilt after.

Keeping the six secondary indexes of competitors.alerts up to date row by row (a GIN on an
array among them) made its COPY about four times slower than storing the rows and the key
alone; building each index once from the loaded table is a sort, far cheaper (Postgres docs,
"Populating a Database"). The seed owns its transaction and only loads empty tables, so no
other session sees the tables without their indexes: the drop holds the table's exclusive
lock until the commit (a dashboard reading one meanwhile waits for the seed instead of seeing
it empty), and a rollback brings the indexes back untouched.

Only indexes that the schema could lose and get back unchanged are taken: not those behind a
constraint or anything else that depends on them (a foreign key may reference a unique
index), not those with state outside their definition (a comment, a tablespace, clustering,
replica identity, per-column statistics targets), and none when TimescaleDB is installed (it
may have made a table a hypertable, whose indexes it keeps per chunk; that path is
untested). Each is rebuilt from its own ``pg_get_indexdef`` text, so its name and definition
come back exactly as they were. Every statement is composed from names read out of the
catalog; no value ever becomes SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from hotdash_tui.demo.base import Table

# The indexes of one table that may be dropped and rebuilt: (schema, name, definition).
_SECONDARY_INDEXES = """
SELECT n.nspname, c.relname, pg_catalog.pg_get_indexdef(i.indexrelid)
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS c ON c.oid = i.indexrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_class AS t ON t.oid = i.indrelid
WHERE i.indrelid = %s::regclass
  AND t.relkind = 'r' AND NOT t.relhassubclass
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'timescaledb')
  AND i.indisvalid AND i.indisready AND NOT i.indisclustered AND NOT i.indisreplident
  AND c.reltablespace = 0
  AND pg_catalog.obj_description(i.indexrelid, 'pg_class') IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_constraint AS k WHERE k.conindid = i.indexrelid)
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend AS d
      WHERE (d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = i.indexrelid
             AND d.deptype NOT IN ('a', 'n'))
         OR (d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = i.indexrelid))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_attribute AS a
      WHERE a.attrelid = i.indexrelid AND coalesce(a.attstattarget, -1) <> -1)
ORDER BY c.relname
"""
# Each build sorts the whole table: at a million rows the 15 builds took 18 s with the default
# 64MB and 14 s with 256MB. Transaction-local, and never lower than the server's own setting.
_BUILD_MEMORY = """
SELECT set_config('maintenance_work_mem', %(memory)s, true)
WHERE pg_catalog.pg_size_bytes(current_setting('maintenance_work_mem'))
    < pg_catalog.pg_size_bytes(%(memory)s)
"""
BUILD_MEMORY = "256MB"


@contextmanager
def indexes_rebuilt_after(conn: psycopg.Connection[Any], tables: Sequence[Table]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables`` for the body, then build them again.

    Must run inside the caller's transaction: on an error in the body the indexes are not
    rebuilt here, and the rollback restores them.
    """
    definitions = [d for table in tables for d in _drop_secondary_indexes(conn, table)]
    yield
    if definitions:
        with conn.cursor() as cur:
            cur.execute(_BUILD_MEMORY, {"memory": BUILD_MEMORY})
            for definition in definitions:
                cur.execute(sql.SQL(definition))  # catalog text, see above


def _drop_secondary_indexes(conn: psycopg.Connection[Any], table: Table) -> list[str]:
    name = table.identifier().as_string(conn)
    with conn.cursor() as cur:
        cur.execute(_SECONDARY_INDEXES, (name,))
        found = cur.fetchall()
        for schema, index, _ in found:
            cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(schema, index)))
    return [definition for _, _, definition in found]
