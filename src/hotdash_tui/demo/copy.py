"""The COPY writer of the demo-data generator, with a fast path for the biggest child tables.

Every statement is composed from the seed's own constant table and column names, or from
names read out of the catalog, with ``psycopg.sql``; values only ever travel as COPY data.

Foreign keys are checked by a per-row trigger, which costs about as much as the rest of a
row's insert. For the few million-row tables that reference a small parent (price histories,
alerts), the writer can instead load with ``session_replication_role = replica`` (as
pg_restore does for data-only loads), which skips those triggers, and then verify every
foreign key of the table with one set-based query before the transaction may commit. The
integrity guarantee is the same; a violation raises and rolls everything back. The fast
path is taken only when the role may set that parameter and the table has no trigger of its
own (which replica mode would skip too); otherwise the rows go in the ordinary way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from hotdash_tui.demo.base import Table

# One row per foreign key column pair of a table: (constraint, child column, parent schema,
# parent table, parent column).
_FOREIGN_KEYS = """
SELECT c.conname, ca.attname, pn.nspname, pc.relname, pa.attname
FROM pg_catalog.pg_constraint AS c
CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(child, parent, n)
JOIN pg_catalog.pg_attribute AS ca ON ca.attrelid = c.conrelid AND ca.attnum = k.child
JOIN pg_catalog.pg_class AS pc ON pc.oid = c.confrelid
JOIN pg_catalog.pg_namespace AS pn ON pn.oid = pc.relnamespace
JOIN pg_catalog.pg_attribute AS pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent
WHERE c.conrelid = %s::regclass AND c.contype = 'f'
ORDER BY c.conname, k.n
"""
# The live-update NOTIFY trigger (migration 20251130000500) does not count: a bulk load need
# not tell open dashboards row by row, and they read the new rows at their next reload.
_OWN_TRIGGERS = """
SELECT count(*) FROM pg_catalog.pg_trigger
WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled <> 'D'
  AND tgname <> 'hotdash_notify'
"""


# Sets the role for the rest of the transaction only, and returns the value it replaced.
_SET_ROLE = sql.SQL(
    "SELECT current_setting('session_replication_role'),"
    " set_config('session_replication_role', %s, true)"
)


class ForeignKeyViolation(Exception):
    """Rows loaded on the fast path reference a missing parent row (a generator bug)."""


@dataclass
class CopyWriter:
    """Streams rows into tables with COPY on one psycopg connection, inside its transaction."""

    conn: psycopg.Connection[Any]
    counts: dict[str, int] = field(default_factory=dict)
    current: str | None = None  # the table being loaded, for error messages
    _may_skip_triggers: bool | None = None

    def copy(
        self,
        table: Table,
        rows: Iterable[Sequence[Any]],
        *,
        bulk: bool = False,
        binary: bool = False,
    ) -> int:
        """COPY ``rows`` into ``table``; ``bulk`` allows the verified fast path (see above),
        ``binary`` means every value is already in binary COPY form (see seed_binary)."""
        self.current = table.qualified
        fast = bulk and self._fast_path_allowed(table)
        if fast:
            before = self._execute(_SET_ROLE, ("replica",))[0][0]
        written = self._copy(table, rows, binary)
        if fast:
            self._execute(_SET_ROLE, (before,))
            self._verify_foreign_keys(table)
        self.counts[table.qualified] = self.counts.get(table.qualified, 0) + written
        self.current = None
        return written

    def _copy(self, table: Table, rows: Iterable[Sequence[Any]], binary: bool) -> int:
        statement = sql.SQL("COPY {} ({}) FROM STDIN {}").format(
            table.identifier(),
            sql.SQL(", ").join(sql.Identifier(c) for c in table.columns),
            sql.SQL("(FORMAT BINARY)" if binary else ""),
        )
        written = 0
        with self.conn.cursor() as cur, cur.copy(statement) as copy:
            write = copy.write_row
            for row in rows:
                write(row)
                written += 1
        return written

    def _execute(self, statement: sql.SQL | sql.Composed, params: Sequence[Any] = ()) -> list[Any]:
        with self.conn.cursor() as cur:
            cur.execute(statement, params)
            return cur.fetchall() if cur.description else []

    def _fast_path_allowed(self, table: Table) -> bool:
        if self._may_skip_triggers is None:
            # Superusers may; since Postgres 15 others may be granted SET on the parameter.
            check = (
                "SELECT has_parameter_privilege('session_replication_role', 'SET')"
                if self.conn.info.server_version >= 150_000
                else "SELECT current_setting('is_superuser') = 'on'"
            )
            self._may_skip_triggers = bool(self._execute(sql.SQL(check))[0][0])
        if not self._may_skip_triggers:
            return False
        name = table.identifier().as_string(self.conn)
        return int(self._execute(sql.SQL(_OWN_TRIGGERS), (name,))[0][0]) == 0

    def _verify_foreign_keys(self, table: Table) -> None:
        name = table.identifier().as_string(self.conn)
        keys: dict[str, list[tuple[str, str, str, str]]] = {}
        for constraint, child, schema, parent, parent_column in self._execute(
            sql.SQL(_FOREIGN_KEYS), (name,)
        ):
            keys.setdefault(constraint, []).append((child, schema, parent, parent_column))
        for constraint, pairs in keys.items():
            if self._execute(_orphans_query(table, pairs))[0][0]:
                raise ForeignKeyViolation(f"{table.qualified} holds rows that break {constraint}")


def _orphans_query(table: Table, pairs: list[tuple[str, str, str, str]]) -> sql.Composed:
    """Whether any row references a missing parent (MATCH SIMPLE: a NULL part never does).

    The distinct keys come first: a million child rows usually name a few hundred parents,
    and hashing them is far cheaper than a probe per row.
    """
    _, schema, parent, _ = pairs[0]
    keys = [sql.Identifier(child) for child, *_ in pairs]
    aliases = [sql.Identifier(f"k{n}") for n in range(len(pairs))]
    return sql.SQL(
        "SELECT EXISTS (SELECT 1 FROM (SELECT DISTINCT {keys} FROM {child} WHERE {not_null}) AS d"
        " WHERE NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {match}))"
    ).format(
        keys=sql.SQL(", ").join(
            sql.SQL("{} AS {}").format(k, a) for k, a in zip(keys, aliases, strict=True)
        ),
        child=table.identifier(),
        not_null=sql.SQL(" AND ").join(sql.SQL("{} IS NOT NULL").format(k) for k in keys),
        parent=sql.Identifier(schema, parent),
        match=sql.SQL(" AND ").join(
            sql.SQL("p.{} = d.{}").format(sql.Identifier(pc), a)
            for (_, _, _, pc), a in zip(pairs, aliases, strict=True)
        ),
    )
