"""The schema browser's shapes: a table of the catalog, a reflected table's columns, the keyset
cursor and a window of rows. Nothing here talks to the database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import sqlalchemy

# Which seed document defines each table (../shared/seeds/README.md). Seed 001 owns whole
# schemas; the other four share `public`.
SEED_OF_SCHEMA = dict.fromkeys(
    ("catalog", "pricing", "inventory", "competitors", "analytics", "workflow", "system"), "001"
)
SEED_OF_PUBLIC = {
    **dict.fromkeys(
        ("products", "product_versions", "listings", "sales", "tasks", "approvals_queue",
         "metrics_daily"), "000"),
    **dict.fromkeys(
        ("research_cache", "scripts", "pipeline_runs", "metadata_experiments",
         "channel_configs", "channel_costs"), "002"),
    **dict.fromkeys(("jobs", "job_events", "artifacts", "prompts"), "003"),
}  # fmt: skip
SYSTEM_NAMES = {
    "000": "000 digital products",
    "001": "001 Amazon seller",
    "002": "002 video pipeline",
    "003": "003 bot jobs",
    "004": "004 HotDash operator",
    "": "not in a seed",
}
KINDS = {"r": "table", "p": "table", "v": "view", "m": "materialized view", "f": "foreign table"}

ColumnKind = Literal[
    "int", "number", "text", "time", "date", "bool", "uuid", "json", "bytes", "array", "other"
]
# A name that says it holds a secret: ending in secret, token, password, passwd or passphrase
# (access_token), ending in _key (api_key, private_key), or with password or secret anywhere
# (password_hash). A bare "key" (a setting's name), "*_key_id" (which key encrypted a value)
# and token counts ("token_count", "input_tokens") name no secret.
_SECRET_ENDS = frozenset({"secret", "token", "password", "passwd", "passphrase"})
_SECRET_ANYWHERE = frozenset({"secret", "password", "passwd"})


def seed_of(schema: str, name: str) -> str:
    """The seed that defines ``schema.name``: "001", ..., or "" when none does."""
    if schema in SEED_OF_SCHEMA:
        return SEED_OF_SCHEMA[schema]
    if schema != "public":
        return ""
    return SEED_OF_PUBLIC.get(name, "004")


def names_a_secret(column: str) -> bool:
    parts = re.split(r"[_\W]+", column.lower())
    if parts[-1] in _SECRET_ENDS or _SECRET_ANYWHERE.intersection(parts):
        return True
    return len(parts) > 1 and parts[-1] == "key"


@dataclass(frozen=True)
class Hidden:
    """A value kept from the screen: a secret's (``length`` None) or bytes' (their length)."""

    length: int | None

    def __str__(self) -> str:
        return "<hidden>" if self.length is None else f"<{self.length:,} bytes>"


@dataclass(frozen=True)
class TableEntry:
    """One table or view of the catalog, as the role sees it."""

    schema: str
    name: str
    kind: str  # table, view, materialized view, foreign table
    estimated_rows: int | None  # None: never analyzed
    rls: bool
    can_select: bool
    can_insert: bool
    can_update: bool

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def seed(self) -> str:
        return seed_of(self.schema, self.name)

    @property
    def system(self) -> str:
        return SYSTEM_NAMES[self.seed]

    @property
    def rights(self) -> str:
        """What the role may do: ``select insert update``, or ``none``."""
        granted = [
            word
            for word, ok in (
                ("select", self.can_select),
                ("insert", self.can_insert),
                ("update", self.can_update),
            )
            if ok
        ]
        return " ".join(granted) or "none"


@dataclass(frozen=True)
class ColumnShape:
    """A reflected column: its name and type, how a filter value is read for it, and how it
    is shown (``masked``: a secret's name, shown only on request; ``length_only``: bytes,
    shown as their length)."""

    name: str
    type_name: str
    kind: ColumnKind
    nullable: bool
    choices: tuple[str, ...] = ()  # an enum's labels
    masked: bool = False
    length_only: bool = False

    @property
    def hidden(self) -> bool:
        return self.masked or self.length_only


@dataclass(frozen=True)
class ForeignKey:
    """Columns of this table that reference another table's key."""

    columns: tuple[str, ...]
    schema: str
    table: str
    referred: tuple[str, ...]


@dataclass(frozen=True)
class TableShape:
    """A table as reflected: ``key`` is its primary key (empty for a view), ``indexed`` the
    columns that lead an index (a filter on them uses it), ``ordered`` those whose index
    serves a keyset order: unique, a time's, or followed by the key. An index on a column of few
    values alone (a status) would leave every row of one value to be sorted by the key."""

    entry: TableEntry
    columns: tuple[ColumnShape, ...]
    key: tuple[str, ...]
    indexed: frozenset[str]
    ordered: frozenset[str]
    foreign_keys: tuple[ForeignKey, ...]
    table: sqlalchemy.Table = field(compare=False, repr=False)

    def column(self, name: str) -> ColumnShape | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def time_column(self) -> str | None:
        """What since: reads: an indexed time column, created_at first, else any time column."""
        times = [c.name for c in self.columns if c.kind == "time"]
        ranked = sorted(
            times, key=lambda n: (n not in self.indexed, n != "created_at", times.index(n))
        )
        return ranked[0] if ranked else None

    @property
    def text_columns(self) -> tuple[str, ...]:
        """What free text searches: text columns whose value may be shown."""
        return tuple(c.name for c in self.columns if c.kind == "text" and not c.hidden)

    @property
    def orderable(self) -> tuple[str, ...]:
        """The orders an index serves: the key first, then each column of a plain type whose
        index serves a keyset order."""
        plain = {"int", "number", "text", "time", "date", "bool", "uuid"}
        others = tuple(
            c.name
            for c in self.columns
            if c.name in self.ordered
            and c.kind in plain
            and not c.hidden
            and c.name not in self.key
        )
        return (*self.key[:1], *others) if self.key else others


@dataclass(frozen=True)
class Order:
    """A window's order: by ``column`` (None: the primary key), rising or falling. Ties and
    the rows of the same value follow the key, so every row has one place."""

    column: str | None = None
    descending: bool = False

    def describe(self, shape: TableShape) -> str:
        name = self.column or ", ".join(shape.key) or "position"
        return f"by {name}{' desc' if self.descending else ''}"


@dataclass(frozen=True)
class TableCursor:
    """Where the next window starts: after these values of the order's columns (the order
    column, then the key); ``nulls``: the rows whose order column is NULL come next (they
    follow every value). A view without a key pages by position instead."""

    values: tuple[Any, ...] = ()
    nulls: bool = False
    offset: int = 0


@dataclass(frozen=True)
class RowWindow:
    rows: tuple[dict[str, Any], ...]
    next_cursor: TableCursor | None


Op = Literal["=", ">", "<", "between", "any"]


@dataclass(frozen=True)
class Condition:
    """``column op value``: ``between`` is a half-open range (a day, a UUID's prefix), ``any``
    an array holding the value."""

    column: str
    op: Op
    value: Any
    upper: Any = None


@dataclass(frozen=True)
class RowFilter:
    """A table's `/` filter, typed by its columns: conditions, since: and free text."""

    conditions: tuple[Condition, ...] = ()
    since_column: str | None = None
    since: Any = None  # a timedelta
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.conditions and self.since is None and not self.text
