"""The tables of the shared schema, and one table's shape by reflection.

The list is one catalog query (sql/tables.sql). A table's shape comes from SQLAlchemy's
reflection (``Table(..., autoload_with=...)`` and the inspector's indexes), never from what a
user typed: the browser's statements name only reflected tables and columns."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterable, Sequence

import sqlalchemy
from sqlalchemy import inspect, types
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine.interfaces import ReflectedIndex

from hotdash_tui.db.engine import reading
from hotdash_tui.db.errors import HotdashError
from hotdash_tui.db.sql import run
from hotdash_tui.db.tables.model import (
    KINDS,
    ColumnKind,
    ColumnShape,
    ForeignKey,
    TableEntry,
    TableShape,
    names_a_secret,
)


class UnknownTable(HotdashError):
    """A name that is no table or view the role can see; the message says so."""


def list_tables(engine: sqlalchemy.Engine) -> tuple[TableEntry, ...]:
    with reading(engine, each_statement=True) as conn:
        rows = run(conn, "tables_catalog").all()
    return tuple(
        TableEntry(
            schema=row.schema_name,
            name=row.table_name,
            kind=KINDS.get(row.kind, row.kind),
            estimated_rows=None if row.estimated_rows < 0 else int(row.estimated_rows),
            rls=bool(row.rls),
            can_select=bool(row.can_select),
            can_insert=bool(row.can_insert),
            can_update=bool(row.can_update),
        )
        for row in rows
    )


def find_table(tables: tuple[TableEntry, ...], name: str) -> TableEntry:
    """``schema.name``, or a bare name when one schema alone has it (``public`` first);
    case matters only when two tables differ by case alone ("AgentApproval")."""
    schema, dot, bare = name.rpartition(".")
    wanted = [t for t in tables if t.name == bare and (not dot or t.schema == schema)]
    if not wanted:
        folded = bare.lower()
        wanted = [
            t
            for t in tables
            if t.name.lower() == folded and (not dot or t.schema.lower() == schema.lower())
        ]
    if len(wanted) > 1:
        public = [t for t in wanted if t.schema == "public"]
        if len(public) == 1:
            return public[0]
        choices = ", ".join(t.qualified for t in wanted)
        raise UnknownTable(f"{name!r} is in more than one schema; name one of {choices}.")
    if not wanted:
        raise UnknownTable(f"There is no table or view {name!r}; `hotdash tables` lists them.")
    return wanted[0]


def column_kind(type_: types.TypeEngine[object]) -> ColumnKind:
    """How a filter value is read for a column of this type, and how its cells are cut."""
    checks: tuple[tuple[type | tuple[type, ...], ColumnKind], ...] = (
        (types.Boolean, "bool"),
        (types.Integer, "int"),
        ((types.Numeric, types.Float), "number"),
        (types.DateTime, "time"),
        (types.Date, "date"),
        (types.Uuid, "uuid"),
        (types.JSON, "json"),
        (types.LargeBinary, "bytes"),
        (types.ARRAY, "array"),
        ((types.String, types.Enum), "text"),
    )
    for klass, kind in checks:
        if isinstance(type_, klass):
            return kind
    return "other"


def _type_name(type_: types.TypeEngine[object]) -> str:
    try:
        return str(type_.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    except Exception:  # a type reflection did not know (pgvector's vector, tsvector): its class
        return type(type_).__name__.lower()


def reflect_schema(
    engine: sqlalchemy.Engine, schema: str, entries: Iterable[TableEntry]
) -> dict[str, TableShape]:
    """The shape of each of ``entries`` (all in ``schema``) by name: its columns, key,
    indexed columns and foreign keys. Reflection costs about 20 statements whether it reads
    one table or a whole schema, so a schema is reflected at once, and kept
    (:class:`ShapeCache`)."""
    metadata = sqlalchemy.MetaData()
    with reading(engine, each_statement=True) as conn, warnings.catch_warnings():
        # A type SQLAlchemy does not know (pgvector's vector) reflects as NullType, with a
        # warning; it is read and shown as the driver gives it.
        warnings.simplefilter("ignore", category=sqlalchemy.exc.SAWarning)
        metadata.reflect(conn, schema=schema, views=True, resolve_fks=False)
        indexes = inspect(conn).get_multi_indexes(schema=schema)
    shapes = {}
    for entry in entries:
        table = metadata.tables.get(f"{schema}.{entry.name}")
        if table is not None:
            shapes[entry.name] = shape_of(entry, table, indexes.get((schema, entry.name), []))
    return shapes


def shape_of(
    entry: TableEntry, table: sqlalchemy.Table, indexes: Sequence[ReflectedIndex]
) -> TableShape:
    key = tuple(c.name for c in table.primary_key.columns)
    indexed = {str(index["column_names"][0]) for index in indexes if index["column_names"][0]}
    indexed |= set(key[:1])
    columns = []
    for column in table.columns:
        kind = column_kind(column.type)
        columns.append(
            ColumnShape(
                name=column.name,
                type_name=_type_name(column.type),
                kind=kind,
                nullable=bool(column.nullable),
                choices=tuple(getattr(column.type, "enums", ()) or ()),
                masked=names_a_secret(column.name) and kind != "bytes",
                length_only=kind == "bytes",
            )
        )
    # A time column's own index serves its order too: its ties are rare, so Postgres sorts
    # the few rows of one moment by the key as it goes (an incremental sort).
    times = {c.name for c in columns if c.kind == "time"}
    ordered = {
        str(names[0])
        for names, unique in ((list(i["column_names"]), i["unique"]) for i in indexes)
        if names
        and names[0]
        and ((len(names) == 1 and (unique or names[0] in times)) or _then_key(names[1:], key))
    }
    return TableShape(
        entry=entry,
        columns=tuple(columns),
        key=key,
        indexed=frozenset(indexed),
        ordered=frozenset(ordered),
        # Table.foreign_key_constraints is a set: its order changes from run to run.
        foreign_keys=tuple(
            sorted(
                (_foreign_key(fk, entry.schema) for fk in table.foreign_key_constraints),
                key=lambda fk: fk.columns,
            )
        ),
        table=table,
    )


def _then_key(rest: Sequence[object], key: tuple[str, ...]) -> bool:
    """Whether an index's columns after its first are the table's key (in its order): then it
    serves a keyset order by that first column, ties broken by the key, without a sort."""
    return bool(key) and [str(n) for n in rest[: len(key)]] == list(key)


def _foreign_key(fk: sqlalchemy.ForeignKeyConstraint, schema: str) -> ForeignKey:
    # target_fullname is "schema.table.column", or "table.column" in the default schema.
    targets = [element.target_fullname.split(".") for element in fk.elements]
    full = [t if len(t) == 3 else ["public", *t] for t in targets]
    return ForeignKey(
        columns=tuple(fk.column_keys),
        schema=full[0][0],
        table=full[0][1],
        referred=tuple(t[2] for t in full),
    )


class ShapeCache:
    """Shapes reflected once per schema for a session; a schema is reflected when one of its
    tables is first wanted (or warmed in the background by the browser)."""

    def __init__(self) -> None:
        self._schemas: dict[str, dict[str, TableShape]] = {}
        self._lock = threading.Lock()

    def shape(
        self, engine: sqlalchemy.Engine, entry: TableEntry, tables: Iterable[TableEntry]
    ) -> TableShape:
        with self._lock:
            shapes = self._schemas.get(entry.schema)
            if shapes is None or entry.name not in shapes:
                same = [t for t in tables if t.schema == entry.schema]
                shapes = reflect_schema(engine, entry.schema, same or [entry])
                self._schemas[entry.schema] = shapes
        shape = shapes.get(entry.name)
        if shape is None:
            raise UnknownTable(f"{entry.qualified} is gone or out of reach.")
        return shape

    def has(self, schema: str) -> bool:
        return schema in self._schemas

    def warm(self, engine: sqlalchemy.Engine, tables: Sequence[TableEntry]) -> None:
        """Reflects every schema of ``tables`` not yet reflected."""
        for schema in dict.fromkeys(t.schema for t in tables):
            first = next(t for t in tables if t.schema == schema)
            self.shape(engine, first, tables)
