"""The migrated schema against the seed documents in docs/seeds/.

The seeds are parsed, not transcribed: the SQL CREATE TABLE blocks of 000 and 001, the markdown
column tables of 002 and of 004's ads tables, and the column lists of 003 become
``{schema.table: SeedTable}``. Every table, column, type, nullability, default, key, index, check
and trigger they define must be in the database; the one deliberate departure in the columns
(a seed defect) is applied in ``apply_departures``. Rows, the view and the designed seed-004
tables are tested in test_schema_behaviour.py, triggers and defects in test_schema_triggers.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import text

SEEDS = Path(__file__).resolve().parents[2] / "docs" / "seeds"

_TYPES = {
    "uuid": "uuid",
    "text": "text",
    "int": "integer",
    "integer": "integer",
    "bigint": "bigint",
    "smallint": "smallint",
    "boolean": "boolean",
    "jsonb": "jsonb",
    "date": "date",
    "bytea": "bytea",
    "real": "real",
    "numeric": "numeric",
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
}
_SIZED_TYPES = {"decimal": "numeric", "numeric": "numeric", "varchar": "character varying"}
_ARRAY_ELEMENTS = {"_text": "text", "_uuid": "uuid", "_float4": "real", "_int4": "integer"}
_ON_DELETE = {"a": None, "c": "CASCADE", "n": "SET NULL", "r": "RESTRICT", "d": "SET DEFAULT"}


def normalize_type(spelling: str) -> str:
    """A seed's type in information_schema's words: DECIMAL(10,2) -> numeric(10,2), ..."""
    compact = re.sub(r"\s+", "", spelling.lower())
    base = compact.removesuffix("[]")
    sized = re.fullmatch(r"([a-z]+)\((\d+(?:,\d+)?)\)", base)
    if sized and sized.group(1) in _SIZED_TYPES:
        name = f"{_SIZED_TYPES[sized.group(1)]}({sized.group(2)})"
    elif base in _TYPES:
        name = _TYPES[base]
    else:
        raise ValueError(f"unknown type {spelling!r}: teach normalize_type about it")
    return name + "[]" if compact.endswith("[]") else name


def normalize_default(expression: str) -> str:
    """'draft'::character varying and 'draft' compare equal, as do NOW() and now()."""
    return re.sub(r"::[a-z ]+(\[\])?", "", expression.strip().strip("`").lower())


@dataclass(frozen=True)
class SeedColumn:
    type: str
    not_null: bool
    default: str | None


@dataclass(frozen=True)
class ForeignKey:
    column: str
    ref_table: str
    ref_column: str
    on_delete: str | None = None


@dataclass
class SeedTable:
    seed: str
    name: str
    columns: dict[str, SeedColumn] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    unique: set[frozenset[str]] = field(default_factory=set)
    foreign_keys: set[ForeignKey] = field(default_factory=set)
    checks: dict[str, frozenset[str]] = field(default_factory=dict)
    indexes: set[str] = field(default_factory=set)
    triggers: set[str] = field(default_factory=set)


def _qualified(name: str) -> str:
    return name if "." in name else f"public.{name}"


def _split_top_level(body: str) -> list[str]:
    """Comma-separated items of a parenthesised list, commas inside parentheses kept."""
    items, depth, current = [], 0, ""
    for ch in body:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    return [item.strip() for item in [*items, current] if item.strip()]


def _add_column(table: SeedTable, name: str, spelling: str, flags: str) -> None:
    """One column from its type and the rest of its definition (SQL-like flags)."""
    primary = re.search(r"PRIMARY KEY", flags, re.I) is not None
    default = re.search(r"DEFAULT\s+('(?:[^']|'')*'(?:::\w+)?|[\w.]+(?:\(\))?)", flags, re.I)
    table.columns[name] = SeedColumn(
        normalize_type(spelling),
        primary or re.search(r"NOT NULL", flags, re.I) is not None,
        normalize_default(default.group(1)) if default else None,
    )
    if primary:
        table.primary_key = (name,)
    if re.search(r"\bUNIQUE\b", flags, re.I):
        table.unique.add(frozenset({name}))
    ref = re.search(r"REFERENCES\s+([\w.]+)\s*\((\w+)\)", flags, re.I)
    if ref:
        table.foreign_keys.add(ForeignKey(name, _qualified(ref.group(1)), ref.group(2)))


def parse_sql_seed(seed: str, document: str) -> dict[str, SeedTable]:
    """Seeds 000 and 001: the CREATE TABLE and CREATE INDEX statements of ```sql blocks."""
    sql = "\n".join(re.findall(r"```sql\n(.*?)```", document, re.S))
    sql = re.sub(r"--[^\n]*", "", re.sub(r"/\*.*?\*/", "", sql, flags=re.S))
    tables: dict[str, SeedTable] = {}
    for match in re.finditer(r"CREATE TABLE\s+([\w.]+)\s*\((.*?)\n\);", sql, re.S):
        table = tables.setdefault(_qualified(match[1]), SeedTable(seed, _qualified(match[1])))
        for item in _split_top_level(match[2]):
            constraint = re.match(r"(PRIMARY KEY|UNIQUE)\s*\(([^)]*)\)", item, re.I)
            if constraint:
                columns = tuple(c.strip() for c in constraint[2].split(","))
                if constraint[1].upper() == "UNIQUE":
                    table.unique.add(frozenset(columns))
                else:
                    table.primary_key = columns
                continue
            column = re.match(r"(\w+)\s+([A-Za-z]+(?:\s*\([\d,\s]+\))?(?:\[\])?)(.*)", item, re.S)
            assert column, f"seed {seed}: cannot read {item!r} of {table.name}"
            _add_column(table, column[1], column[2], column[3])
    for match in re.finditer(r"CREATE (?:UNIQUE )?INDEX (\w+) ON ([\w.]+)", sql):
        tables[_qualified(match[2])].indexes.add(match[1])
    return tables


def parse_markdown_seed(seed: str, document: str) -> dict[str, SeedTable]:
    """Seed 002: a "## name" heading per table, then | Column | Type | Notes | rows."""
    tables: dict[str, SeedTable] = {}
    for section in re.split(r"^## ", document, flags=re.M)[1:]:
        name = _qualified(section.split("\n", 1)[0].strip())
        rows = [line for line in section.splitlines() if line.startswith("|")][2:]
        if not rows:
            continue
        table = tables[name] = SeedTable(seed, name)
        for row in rows:
            column, spelling, notes = (cell.strip() for cell in row.strip("| ").split("|")[:3])
            flags = notes.replace("PK", "PRIMARY KEY").replace("default", "DEFAULT")
            if notes.lower().startswith("unique"):
                flags += " UNIQUE"
            _add_column(table, column, spelling, flags)
    return tables


def parse_column_list_seed(seed: str, document: str) -> dict[str, SeedTable]:
    """Seed 003: "#### n. **name**" then "- column (type, FLAG, ...) - description" lines."""
    tables: dict[str, SeedTable] = {}
    pattern = r"^#### \d+\. \*\*(\w+)\*\*.*?```sql\n(.*?)```"
    for match in re.finditer(pattern, document, re.S | re.M):
        table = tables[_qualified(match[1])] = SeedTable(seed, _qualified(match[1]))
        for line in match[2].splitlines():
            head = re.match(r"- (\w+) \(", line)
            assert head, f"seed {seed}: cannot read {line!r}"
            depth, end = 1, head.end()
            while depth:
                depth += (line[end] == "(") - (line[end] == ")")
                end += 1
            spelling, *flags = _split_top_level(line[head.end() : end - 1])
            _add_column(table, head[1], spelling, " ".join(flags))
    return tables


def _bold_sections(text_: str) -> dict[str, str]:
    """The text under each "**Heading**:" of a markdown section."""
    parts = re.split(r"^\*\*([\w ]+)\*\*:?[ \t]*$", text_, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def parse_table_spec_seed(seed: str, document: str) -> dict[str, SeedTable]:
    """Seed 004: tables with a **Columns** table (the others are named by purpose only)."""
    tables: dict[str, SeedTable] = {}
    for section in re.split(r"^### ", document, flags=re.M)[1:]:
        title = re.match(r"`(\w+)`", section)
        parts = _bold_sections(section)
        if not title or "Columns" not in parts:
            continue
        table = tables[_qualified(title[1])] = SeedTable(seed, _qualified(title[1]))
        for row in [r for r in parts["Columns"].splitlines() if r.startswith("| `")]:
            cells = [cell.strip().strip("`") for cell in row.strip("| ").split("|")]
            column, spelling, nullable, default, description = cells[:5]
            flags = "" if nullable == "YES" else "NOT NULL"
            if default not in ("-", "NULL"):
                flags += f" DEFAULT {default}"
            if description == "Primary key":
                flags += " PRIMARY KEY"
            _add_column(table, column, spelling, flags)
            fk = re.search(r"FK to `(\w+)\.(\w+)`(?: \(ON DELETE ([A-Z ]+)\))?", description)
            if fk:
                table.foreign_keys.add(ForeignKey(column, _qualified(fk[1]), fk[2], fk[3]))
        constraints = parts.get("Constraints", "")
        for single in re.findall(r"^- `(\w+)` UNIQUE", constraints, re.M):
            table.unique.add(frozenset({single}))
        for group in re.findall(r"^- UNIQUE\(([^)]*)\)", constraints, re.M):
            table.unique.add(frozenset(c.strip(" `") for c in group.split(",")))
        for column, values in re.findall(r"^- `(\w+)` CHECK \(IN ([^)]*)\)", constraints, re.M):
            table.checks[column] = frozenset(v.strip() for v in values.split(","))
        table.indexes = set(re.findall(r"^- `(idx_\w+)`", parts.get("Indexes", ""), re.M))
        table.triggers = set(re.findall(r"^- `(\w+)`", parts.get("Triggers", ""), re.M))
    return tables


def apply_departures(tables: dict[str, SeedTable]) -> None:
    """Where the migrations depart from a seed on purpose (docs/schema.md says why)."""
    # Seed 000 keys metrics_daily on date alone although it holds one row per system: the key
    # is (date, system), so system is NOT NULL, defaulting to System 1's value.
    metrics = tables["public.metrics_daily"]
    metrics.primary_key = ("date", "system")
    system = metrics.columns["system"]
    metrics.columns["system"] = SeedColumn(system.type, True, "'digital_products'")


PARSERS = {
    "000": parse_sql_seed,
    "001": parse_sql_seed,
    "002": parse_markdown_seed,
    "003": parse_column_list_seed,
    "004": parse_table_spec_seed,
}


def seed_tables() -> dict[str, SeedTable]:
    """Every table the five seeds define, by schema-qualified name."""
    tables: dict[str, SeedTable] = {}
    for seed, parse in PARSERS.items():
        (path,) = SEEDS.glob(f"{seed}_*.txt")
        for name, table in parse(seed, path.read_text(encoding="utf-8")).items():
            assert name not in tables, f"{name} is defined by two seeds"
            tables[name] = table
    apply_departures(tables)
    return tables


def _database_type(
    data_type: str, udt: str, length: int | None, precision: int | None, scale: int | None
) -> str:
    if data_type == "character varying" and length:
        return f"character varying({length})"
    if data_type == "numeric" and precision is not None:
        return f"numeric({precision},{scale})"
    if data_type == "ARRAY":
        return _ARRAY_ELEMENTS.get(udt, udt) + "[]"
    return udt if data_type == "USER-DEFINED" else data_type


def column_differences(conn: sqlalchemy.Connection, tables: dict[str, SeedTable]) -> list[str]:
    """What the database lacks or has otherwise than the seeds say, one line each."""
    rows = conn.execute(
        text(
            "SELECT table_schema || '.' || table_name, column_name, data_type, udt_name,"
            " character_maximum_length, numeric_precision, numeric_scale, is_nullable = 'NO',"
            " column_default FROM information_schema.columns"
        )
    ).all()
    found = {(r[0], r[1]): (_database_type(*r[2:7]), r[7], r[8]) for r in rows}
    problems = []
    for table in tables.values():
        for name, column in table.columns.items():
            where = f"seed {table.seed} {table.name}.{name}"
            if (table.name, name) not in found:
                problems.append(f"{where}: missing")
                continue
            type_, not_null, default = found[table.name, name]
            if type_ != column.type:
                problems.append(f"{where}: type {type_}, seed says {column.type}")
            if not_null != column.not_null:
                problems.append(f"{where}: NOT NULL is {not_null}, seed says {column.not_null}")
            if (normalize_default(default) if default else None) != column.default:
                problems.append(f"{where}: default {default}, seed says {column.default}")
    return problems


@pytest.fixture(scope="module")
def seeds() -> dict[str, SeedTable]:
    return seed_tables()


def test_the_parser_reads_every_table_of_every_seed(seeds: dict[str, SeedTable]) -> None:
    per_seed = {s: sorted(t.name for t in seeds.values() if t.seed == s) for s in PARSERS}
    assert {s: len(names) for s, names in per_seed.items()} == {
        "000": 7,
        "001": 23,
        "002": 6,
        "003": 4,
        "004": 2,
    }, per_seed
    assert all(len(t.columns) >= 3 and t.primary_key for t in seeds.values())
    assert seeds["catalog.listings"].columns["category_path"] == SeedColumn("text[]", False, None)
    assert seeds["public.jobs"].columns["status"] == SeedColumn("text", False, "'pending'")
    assert sum(len(t.indexes) for t in seeds.values()) == 2 + 36 + 7


def test_every_seed_column_exists_with_its_type_nullability_and_default(
    db_engine: sqlalchemy.Engine, seeds: dict[str, SeedTable]
) -> None:
    with db_engine.connect() as conn:
        assert column_differences(conn, seeds) == []


def test_the_comparison_notices_a_missing_or_altered_column(
    db_engine: sqlalchemy.Engine, seeds: dict[str, SeedTable]
) -> None:
    with db_engine.begin() as conn:
        for statement in (
            "DROP TABLE public.scripts",
            "ALTER TABLE catalog.listings DROP COLUMN fnsku",
            "ALTER TABLE pricing.current_prices ALTER COLUMN price TYPE numeric(12,2)",
            "ALTER TABLE public.ads_campaigns ALTER COLUMN campaign_name DROP NOT NULL",
            "ALTER TABLE public.jobs ALTER COLUMN status SET DEFAULT 'queued'",
        ):
            conn.execute(text(statement))
        problems = column_differences(conn, seeds)
        conn.rollback()
    assert sorted(p.split(":")[0] for p in problems) == sorted(
        [
            "seed 002 public.scripts.id",
            "seed 002 public.scripts.content",
            "seed 002 public.scripts.created_at",
            "seed 001 catalog.listings.fnsku",
            "seed 001 pricing.current_prices.price",
            "seed 004 public.ads_campaigns.campaign_name",
            "seed 003 public.jobs.status",
        ]
    ), problems


_CONSTRAINT_COLUMNS = text(
    "SELECT n.nspname || '.' || c.relname, con.contype,"
    " array_agg(a.attname::text ORDER BY k.ord)"
    " FROM pg_constraint con"
    " JOIN pg_class c ON c.oid = con.conrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)"
    " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
    " WHERE con.contype IN ('p', 'u') GROUP BY con.oid, n.nspname, c.relname, con.contype"
)
_FOREIGN_KEYS = text(
    "SELECT n.nspname || '.' || c.relname, a.attname, rn.nspname || '.' || rc.relname,"
    " ra.attname, con.confdeltype"
    " FROM pg_constraint con"
    " JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " JOIN pg_class rc ON rc.oid = con.confrelid"
    " JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
    " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = con.conkey[1]"
    " JOIN pg_attribute ra ON ra.attrelid = rc.oid AND ra.attnum = con.confkey[1]"
    " WHERE con.contype = 'f' AND cardinality(con.conkey) = 1"
)


def test_every_seed_key_exists(db_engine: sqlalchemy.Engine, seeds: dict[str, SeedTable]) -> None:
    with db_engine.connect() as conn:
        keys = conn.execute(_CONSTRAINT_COLUMNS).all()
        foreign = {
            (table, ForeignKey(col, ref, ref_col, _ON_DELETE[rule]))
            for table, col, ref, ref_col, rule in conn.execute(_FOREIGN_KEYS)
        }
    primary = {table: tuple(columns) for table, kind, columns in keys if kind == "p"}
    unique = {(table, frozenset(columns)) for table, kind, columns in keys if kind == "u"}
    problems = []
    for table in seeds.values():
        if primary.get(table.name) != table.primary_key:
            problems.append(f"{table.name}: primary key {primary.get(table.name)}")
        problems += [
            f"{table.name}: no UNIQUE {sorted(columns)}"
            for columns in table.unique
            if (table.name, columns) not in unique
        ]
        problems += [
            f"{table.name}: no {fk}" for fk in table.foreign_keys if (table.name, fk) not in foreign
        ]
    assert problems == []


def test_every_seed_index_exists_on_its_table(
    db_engine: sqlalchemy.Engine, seeds: dict[str, SeedTable]
) -> None:
    with db_engine.connect() as conn:
        indexes = {
            (r[0], r[1])
            for r in conn.execute(
                text("SELECT schemaname || '.' || tablename, indexname FROM pg_indexes")
            )
        }
    missing = {(t.name, i) for t in seeds.values() for i in t.indexes} - indexes
    assert missing == set()


def test_seed_004_checks_and_triggers_exist(
    db_engine: sqlalchemy.Engine, seeds: dict[str, SeedTable]
) -> None:
    with db_engine.connect() as conn:
        checks = conn.execute(
            text(
                "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE contype = 'c'"
            )
        ).all()
        triggers = {
            (r[0], r[1])
            for r in conn.execute(
                text(
                    "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
                )
            )
        }
    specified = [t for t in seeds.values() if t.checks or t.triggers]
    assert {t.name for t in specified} == {"public.ads_campaigns", "public.ads_daily_metrics"}
    for table in specified:
        relation = table.name.removeprefix("public.")
        for column, allowed in table.checks.items():
            definitions = [d for r, d in checks if r == relation and f"({column} " in d]
            assert len(definitions) == 1, (table.name, column, definitions)
            assert set(re.findall(r"'([^']*)'", definitions[0])) == allowed
        assert {(relation, name) for name in table.triggers} <= triggers
