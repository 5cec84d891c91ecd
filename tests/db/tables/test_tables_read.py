"""The schema browser's reads on a real database: every row once in every order, views by
position, typed filters against SQL's own answer, and secrets that never leave the server."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.tables.catalog import ShapeCache, UnknownTable, find_table, list_tables
from hotdash_tui.db.tables.filter import order_column, parse_row_filter, scan_warning
from hotdash_tui.db.tables.model import Hidden, Order, RowFilter, TableShape
from hotdash_tui.db.tables.read import iter_windows, read_first, read_row
from hotdash_tui.filters import FilterError
from tests.roles import RoleUrls

NOW = datetime.now(UTC)


def shape_of(engine: sqlalchemy.Engine, name: str) -> TableShape:
    entries = list_tables(engine)
    return ShapeCache().shape(engine, find_table(entries, name), entries)


def every(
    engine: sqlalchemy.Engine,
    shape: TableShape,
    order: Order,
    spec: RowFilter | None = None,
    size: int = 7,
) -> list[Any]:
    windows = iter_windows(engine, shape, spec or RowFilter(), order, NOW, size)
    return [row for window in windows for row in window]


def sql(engine: sqlalchemy.Engine, statement: str, **params: Any) -> list[Any]:
    with engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return list(result) if result.returns_rows else []


@pytest.mark.parametrize("descending", [False, True])
def test_a_nullable_order_visits_every_row_once_with_nulls_last(
    seeded_engine: sqlalchemy.Engine, descending: bool
) -> None:
    # Ties and NULLs in the order column: the key breaks ties, NULLs come after every value.
    sql(
        seeded_engine, "UPDATE public.knowledge_chunks SET token_count = NULL WHERE chunk_index = 1"
    )
    sql(seeded_engine, "UPDATE public.knowledge_chunks SET token_count = 5 WHERE chunk_index = 2")
    way = "DESC" if descending else "ASC"
    wanted = [
        r.id
        for r in sql(
            seeded_engine,
            "SELECT id FROM public.knowledge_chunks"
            f" ORDER BY token_count {way} NULLS LAST, id {way}",
        )
    ]
    assert len(wanted) > 20
    shape = shape_of(seeded_engine, "knowledge_chunks")
    got = every(seeded_engine, shape, Order("token_count", descending))
    assert [r["id"] for r in got] == wanted


def test_key_order_pages_a_composite_key_without_loss(seeded_engine: sqlalchemy.Engine) -> None:
    shape = shape_of(seeded_engine, "public.sales")
    wanted = [
        tuple(r)
        for r in sql(
            seeded_engine,
            f"SELECT {', '.join(shape.key)} FROM public.sales ORDER BY {', '.join(shape.key)}",
        )
    ]
    got = [tuple(r[k] for k in shape.key) for r in every(seeded_engine, shape, Order(), size=97)]
    assert got == wanted


def test_a_view_without_a_key_pages_by_position(seeded_engine: sqlalchemy.Engine) -> None:
    shape = shape_of(seeded_engine, "inventory.listing_landed_costs")
    assert shape.key == ()
    got = sorted(str(r["listing_id"]) for r in every(seeded_engine, shape, Order()))
    wanted = sorted(
        str(r.listing_id)
        for r in sql(seeded_engine, "SELECT listing_id FROM inventory.listing_landed_costs")
    )
    assert got == wanted


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("level:ERROR", "level = 'ERROR'"),
        ("level:ERROR id>500", "level = 'ERROR' AND id > 500"),
        ("id<40", "id < 40"),
        ("created_at:2026-12-01", "created_at >= '2026-12-01' AND created_at < '2026-12-02'"),
        ("created_at>2026-12-05T10:00", "created_at > '2026-12-05 10:00+00'"),
        (
            '"upstream returned"',
            "message ILIKE '%upstream returned%' OR service ILIKE '%upstream returned%'"
            " OR level ILIKE '%upstream returned%' OR trace_id ILIKE '%upstream returned%'",
        ),
        ("100%", "false"),  # literal: % is a character, not a wildcard
    ],
)
def test_a_filter_matches_what_sql_says(
    seeded_engine: sqlalchemy.Engine, line: str, where: str
) -> None:
    shape = shape_of(seeded_engine, "observability_logs")
    spec, _ = parse_row_filter(line, shape)
    wanted = [
        r.id
        for r in sql(
            seeded_engine, f"SELECT id FROM public.observability_logs WHERE {where} ORDER BY id"
        )
    ]
    window, total = read_first(seeded_engine, shape, spec, Order(), NOW, 1000)
    assert [r["id"] for r in window.rows] == wanted
    assert total == len(wanted)


def test_since_reads_the_time_column(seeded_engine: sqlalchemy.Engine) -> None:
    shape = shape_of(seeded_engine, "observability_logs")
    spec, label = parse_row_filter("since:2d", shape)
    assert (spec.since_column, label) == ("created_at", "since:2d")
    now = datetime(2026, 12, 6, tzinfo=UTC)
    wanted = sql(
        seeded_engine,
        "SELECT count(*) AS n FROM public.observability_logs WHERE created_at >= :t",
        t=datetime(2026, 12, 4, tzinfo=UTC),
    )[0].n
    window, total = read_first(seeded_engine, shape, spec, Order(), now, 2000)
    assert len(window.rows) == total == wanted


def test_a_uuid_prefix_finds_the_rows_it_starts(seeded_engine: sqlalchemy.Engine) -> None:
    shape = shape_of(seeded_engine, "AgentFeedback")
    first = sql(seeded_engine, 'SELECT id FROM public."AgentFeedback" ORDER BY id LIMIT 1')[0].id
    prefix = str(first)[:4]
    wanted = [
        r.id
        for r in sql(
            seeded_engine,
            'SELECT id FROM public."AgentFeedback" WHERE id::text LIKE :p ORDER BY id',
            p=prefix + "%",
        )
    ]
    spec, _ = parse_row_filter(f"id:{prefix}", shape)
    window, _ = read_first(seeded_engine, shape, spec, Order(), NOW, 100)
    assert [r["id"] for r in window.rows] == wanted


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("id:abc", '"id:abc" does not read as a whole number.'),
        (
            "created_at:yesterday",
            '"created_at:yesterday" does not read as a time like 2026-11-30 or 2026-11-30T14:00.',
        ),
        ("context:x", "context (JSONB) cannot be filtered; use free text or another."),
        ("nope:1", 'public.observability_logs has no column "nope".'),
        ("level:", '"level:" needs a value after the :.'),
        ("context>1", '"context>" compares numbers, times and text; context is not one.'),
        ("since:forever", '"since:forever" is not a time window; use e.g. 30m, 1h, 24h or 7d.'),
    ],
)
def test_a_bad_filter_is_one_sentence(
    seeded_engine: sqlalchemy.Engine, line: str, message: str
) -> None:
    shape = shape_of(seeded_engine, "observability_logs")
    with pytest.raises(FilterError) as caught:
        parse_row_filter(line, shape)
    assert str(caught.value) == message


def test_secrets_stay_on_the_server_until_one_row_is_revealed(db_engine: sqlalchemy.Engine) -> None:
    sql(
        db_engine,
        "CREATE TABLE public.vault (id int PRIMARY KEY, label text, api_key text, blob bytea);"
        " INSERT INTO public.vault VALUES (1, 'shop', 'sk_live_123', '\\x00010203'),"
        " (2, 'ads', NULL, NULL)",
    )
    shape = shape_of(db_engine, "public.vault")
    rows = every(db_engine, shape, Order())
    assert rows[0] == {"id": 1, "label": "shop", "api_key": Hidden(None), "blob": Hidden(4)}
    assert rows[1]["api_key"] is None and rows[1]["blob"] is None
    assert str(rows[0]["blob"]) == "<4 bytes>"
    # Free text never searches a secret (it would tell its value by probing).
    window, _ = read_first(db_engine, shape, parse_row_filter("sk_live", shape)[0], Order(), NOW)
    assert window.rows == ()
    with pytest.raises(FilterError, match="api_key holds a secret"):
        parse_row_filter("api_key:sk_live_123", shape)
    revealed = read_row(db_engine, shape, {"id": 1}, reveal=True)
    assert revealed is not None and revealed["api_key"] == "sk_live_123"
    assert revealed["blob"] == Hidden(4)  # bytes stay their length


def test_a_reader_is_told_its_rights_and_cannot_read_creds_meta(
    seeded_role_urls: RoleUrls,
) -> None:
    engine = create_db_engine(seeded_role_urls.reader)
    try:
        entries = list_tables(engine)
        creds = find_table(entries, "creds_meta")
        logs = find_table(entries, "observability_logs")
        assert (creds.can_select, creds.rights) == (False, "none")
        assert (logs.can_select, logs.can_insert, logs.rights) == (True, False, "select")
    finally:
        engine.dispose()


def test_a_bare_name_finds_its_table_and_an_unknown_one_is_a_sentence(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    entries = list_tables(seeded_engine)
    assert find_table(entries, "jobs").qualified == "public.jobs"  # public first
    assert find_table(entries, "system.jobs").qualified == "system.jobs"
    assert find_table(entries, "agentapproval").qualified == "public.AgentApproval"
    with pytest.raises(UnknownTable, match="There is no table or view 'nope'"):
        find_table(entries, "nope")


def test_an_unindexed_order_is_offered_on_a_small_table_only(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    shape = shape_of(seeded_engine, "observability_logs")
    assert order_column(shape, "message") == "message"  # ~1,000 rows: sorting them is quick
    big = TableShape(
        entry=type(shape.entry)(**{**shape.entry.__dict__, "estimated_rows": 1_000_000}),
        columns=shape.columns, key=shape.key, indexed=shape.indexed, ordered=shape.ordered,
        foreign_keys=shape.foreign_keys, table=shape.table,
    )  # fmt: skip
    with pytest.raises(FilterError, match="No index serves ordering"):
        order_column(big, "message")
    assert order_column(big, "created_at") == "created_at"
    assert scan_warning(big, parse_row_filter("message:x", big)[0]) is not None
    assert scan_warning(big, parse_row_filter("level:ERROR", big)[0]) is None
