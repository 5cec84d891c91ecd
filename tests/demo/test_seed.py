"""The demo-data generator against a real Postgres: determinism, coherence, atomicity, scale."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
import sqlalchemy
from psycopg import sql

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.demo import alerts as seed_alerts
from hotdash_tui.demo import binary as seed_binary
from hotdash_tui.demo import history as seed_history
from hotdash_tui.demo.base import Table
from hotdash_tui.demo.seed import SEEDED_TABLES, SeedError, SeedReport, is_seeded, seed_demo_data
from hotdash_tui.demo.state import CORE_TABLES

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
DAY_AGO = NOW - timedelta(days=1)

# Primary key columns of a table, in key order.
_PRIMARY_KEY = """
SELECT a.attname FROM pg_catalog.pg_index AS i
CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY k.n
"""
# Every single-column foreign key of the seeded schemas.
_FOREIGN_KEYS = """
SELECT cn.nspname, cc.relname, ca.attname, pn.nspname, pc.relname, pa.attname
FROM pg_catalog.pg_constraint AS c
JOIN pg_catalog.pg_class AS cc ON cc.oid = c.conrelid
JOIN pg_catalog.pg_namespace AS cn ON cn.oid = cc.relnamespace
JOIN pg_catalog.pg_attribute AS ca ON ca.attrelid = c.conrelid AND ca.attnum = c.conkey[1]
JOIN pg_catalog.pg_class AS pc ON pc.oid = c.confrelid
JOIN pg_catalog.pg_namespace AS pn ON pn.oid = pc.relnamespace
JOIN pg_catalog.pg_attribute AS pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
  AND cn.nspname IN ('public', 'catalog', 'pricing', 'inventory', 'competitors', 'analytics',
                     'workflow', 'system')
"""

FAILED_RUNS = "SELECT count(*) FROM pipeline_runs WHERE status = 'failure' AND created_at > %s"
FAILED_JOBS = "SELECT count(*) FROM system.jobs WHERE status = 'failed' AND created_at > %s"
OVERDUE_TASKS = "SELECT count(*) FROM workflow.tasks WHERE completed_at IS NULL AND due_date < %s"

Statement = str | sql.SQL | sql.Composed


class Db:
    """Reads the test database on its own connection, one transaction per statement."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def rows(self, statement: Statement, params: Any = None) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cur:
            cur.execute(statement, params)
            rows = cur.fetchall() if cur.description else []
        self.conn.rollback()
        return rows

    def one(self, statement: Statement, params: Any = None) -> Any:
        return self.rows(statement, params)[0][0]

    def values(self, statement: Statement) -> set[Any]:
        return {row[0] for row in self.rows(statement)}

    def count(self, table: Table) -> int:
        return int(self.one(sql.SQL("SELECT count(*) FROM {}").format(table.identifier())))

    def filled(self) -> list[str]:
        return [t.qualified for t in SEEDED_TABLES if self.count(t)]

    def none(self, count_query: str, params: Any = None) -> None:
        """The count query counts nothing: no row breaks the rule it describes."""
        assert self.one(count_query, params) == 0, count_query

    def some(self, count_query: str, params: Any = None) -> None:
        assert self.one(count_query, params) > 0, count_query


@pytest.fixture
def db(db_engine: sqlalchemy.Engine) -> Iterator[Db]:
    raw = db_engine.raw_connection()
    try:
        yield Db(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()


def _digests(url: str) -> dict[str, str]:
    """An md5 of every seeded table's rows, ordered by primary key."""
    digests: dict[str, str] = {}
    with psycopg.connect(url) as conn:
        db = Db(conn)
        for table in SEEDED_TABLES:
            keys = db.rows(_PRIMARY_KEY, (table.identifier().as_string(conn),))
            assert keys, f"{table.qualified} has no primary key"
            order = sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(k)) for (k,) in keys)
            digests[table.qualified] = db.one(
                sql.SQL(
                    "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY {}), '')) FROM {} AS t"
                ).format(order, table.identifier())
            )
    return digests


def _seeded_copy(make_database: Callable[..., str], template: str, seed: int) -> str:
    url = make_database(template)
    engine = create_db_engine(url)
    try:
        seed_demo_data(engine, seed=seed, now=NOW)
    finally:
        engine.dispose()
    return url


def test_same_seed_and_now_give_identical_rows_and_another_seed_does_not(
    make_database: Callable[..., str], migrated_template: str
) -> None:
    first = _digests(_seeded_copy(make_database, migrated_template, seed=7))
    second = _digests(_seeded_copy(make_database, migrated_template, seed=7))
    other = _digests(_seeded_copy(make_database, migrated_template, seed=8))
    assert first == second
    differing = [name for name in first if first[name] != other[name]]
    # Fixed vocabularies (prompts, channels, suppliers' names) may coincide; the data does not.
    assert len(differing) > len(first) * 3 // 4, differing
    assert "competitors.alerts" in differing and "public.pipeline_runs" in differing


def test_default_seed_fills_every_table_and_reports_what_it_wrote(
    db_engine: sqlalchemy.Engine, db: Db
) -> None:
    assert not is_seeded(db_engine)
    report = seed_demo_data(db_engine, now=NOW)
    assert isinstance(report, SeedReport) and report.seconds > 0
    assert is_seeded(db_engine)
    assert set(report.rows_by_table) == {t.qualified for t in SEEDED_TABLES}
    for table in SEEDED_TABLES:
        assert report.rows_by_table[table.qualified] == db.count(table) > 0, table
    # The rows the migrations insert are read, never added to.
    assert db.one("SELECT count(*) FROM workflow.kanban_stages") == 7
    assert db.one("SELECT count(*) FROM system.settings") == 5
    # ANALYZE ran: the planner knows the tables' sizes.
    db.some("SELECT reltuples FROM pg_class WHERE oid = 'public.pipeline_runs'::regclass")


def test_a_seed_leaves_the_small_tables_vacuumed(db_engine: sqlalchemy.Engine, db: Db) -> None:
    """Their visibility maps are set, so the screens' index-only counts skip the heap."""
    seed_demo_data(db_engine, now=NOW)
    for name in ("workflow.tasks", "public.approvals_queue", "public.AgentApproval"):
        schema, _, table = name.partition(".")
        pages, visible = db.rows(
            "SELECT relpages, relallvisible FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relname = %s",
            (schema, table),
        )[0]
        assert pages > 0 and visible == pages, name


def test_every_foreign_key_holds(db_engine: sqlalchemy.Engine, db: Db) -> None:
    seed_demo_data(db_engine, now=NOW)
    keys = db.rows(_FOREIGN_KEYS)
    assert len(keys) > 20
    for child_schema, child, column, parent_schema, parent, parent_column in keys:
        orphans = sql.SQL(
            "SELECT count(*) FROM {} AS c WHERE c.{} IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM {} AS p WHERE p.{} = c.{})"
        ).format(
            sql.Identifier(child_schema, child),
            sql.Identifier(column),
            sql.Identifier(parent_schema, parent),
            sql.Identifier(parent_column),
            sql.Identifier(column),
        )
        assert db.one(orphans) == 0, f"{child_schema}.{child}.{column}"


def test_every_screen_has_something_to_show(db_engine: sqlalchemy.Engine, db: Db) -> None:
    seed_demo_data(db_engine, now=NOW)
    # Approvals, both sources; held tasks are below confidence 7 and carry their context.
    db.some("SELECT count(*) FROM approvals_queue WHERE status = 'pending'")
    db.some("""SELECT count(*) FROM "AgentApproval" WHERE status = 'pending'""")
    db.none("""
        SELECT count(*) FROM approvals_queue a JOIN tasks t ON t.id = a.task_id
        WHERE t.confidence_score >= 7 OR a.context IS NULL OR t.input IS NULL
           OR t.evidence IS NULL""")
    # Pipeline runs and jobs that failed in the last 24 hours.
    db.some(FAILED_RUNS, (DAY_AGO,))
    db.some(FAILED_JOBS, (DAY_AGO,))
    statuses = db.values("SELECT status FROM pipeline_runs")
    assert statuses == {"success", "failure", "retry", "skipped"}
    # New alerts of every severity; every alert type and status.
    severities = db.values("SELECT severity FROM competitors.alerts WHERE status = 'new'")
    assert severities == {"low", "medium", "high", "critical"}
    assert len(db.values("SELECT alert_type FROM competitors.alerts")) == 7
    assert len(db.values("SELECT status FROM competitors.alerts")) == 4
    # Listings below their margin floor; tasks in every stage, some overdue, done ones dated.
    db.some("SELECT count(*) FROM pricing.current_prices WHERE net_margin_pct < margin_floor_pct")
    db.none("""
        SELECT count(*) FROM workflow.kanban_stages s
        WHERE NOT EXISTS (SELECT 1 FROM workflow.tasks t WHERE t.stage_id = s.id)""")
    db.some(OVERDUE_TASKS, (NOW.date(),))
    db.none("""
        SELECT count(*) FROM workflow.tasks t JOIN workflow.kanban_stages s ON s.id = t.stage_id
        WHERE s.is_terminal <> (t.completed_at IS NOT NULL)""")


def test_prices_margins_and_landed_costs_agree(db_engine: sqlalchemy.Engine, db: Db) -> None:
    seed_demo_data(db_engine, now=NOW)
    db.none("""
        SELECT count(*) FROM pricing.current_prices cp
        LEFT JOIN inventory.listing_landed_costs v USING (listing_id)
        WHERE v.listing_id IS NULL OR round(v.estimated_landed_cost, 2) <> cp.landed_cost""")
    db.none("""
        SELECT count(*) FROM pricing.current_prices
        WHERE referral_fee <> round(coalesce(sale_price, price) * 0.15, 2)
           OR gross_margin <> coalesce(sale_price, price) - landed_cost
           OR net_margin <> gross_margin - referral_fee - coalesce(fba_fee, 0)
           OR net_margin_pct <> round(net_margin * 100 / coalesce(sale_price, price), 2)
           OR min_price IS NULL OR max_price <= price""")
    # The newest price history point is the current price, ours and the competitors'.
    db.none("""
        SELECT count(*) FROM pricing.current_prices cp
        JOIN LATERAL (SELECT price FROM pricing.price_history h WHERE h.listing_id = cp.listing_id
                      ORDER BY time DESC LIMIT 1) AS last ON true
        WHERE last.price <> cp.price""")
    db.none("""
        SELECT count(*) FROM competitors.products cp
        JOIN LATERAL (SELECT price, bsr FROM competitors.price_history h
                      WHERE h.competitor_id = cp.id ORDER BY time DESC LIMIT 1) AS last ON true
        WHERE last.price <> cp.current_price OR last.bsr <> cp.current_bsr""")


def test_ads_metrics_come_from_the_trigger(db_engine: sqlalchemy.Engine, db: Db) -> None:
    seed_demo_data(db_engine, now=NOW)
    db.none("""
        SELECT count(*) FROM ads_daily_metrics
        WHERE roas IS DISTINCT FROM CASE WHEN spend_cents > 0
              THEN round(revenue_cents::numeric / spend_cents, 2) END""")
    db.some("SELECT count(*) FROM ads_daily_metrics WHERE roas IS NOT NULL")
    verdicts = db.values("""
        SELECT sum(m.revenue_cents)::numeric / sum(m.spend_cents) >= c.target_roas
        FROM ads_campaigns c JOIN ads_daily_metrics m ON m.campaign_id = c.id
        WHERE c.target_roas IS NOT NULL GROUP BY c.id, c.target_roas""")
    assert verdicts == {True, False}  # some campaigns beat their target, some miss it
    assert db.one("SELECT count(DISTINCT metric_date) FROM ads_daily_metrics") == 90
    revenue = (
        """SELECT count(*) FROM "DashboardFact" WHERE metric = 'revenue' AND dimension IS NULL"""
    )
    assert db.one(revenue) == 90


def test_a_database_with_data_is_refused_and_left_alone(
    db_engine: sqlalchemy.Engine, db: Db
) -> None:
    seed_demo_data(db_engine, now=NOW)
    before = db.count(seed_alerts.ALERTS)
    with pytest.raises(SeedError, match="already has data"):
        seed_demo_data(db_engine, seed=1, now=NOW)
    assert db.count(seed_alerts.ALERTS) == before


def test_an_unmigrated_database_or_too_few_rows_are_refused(
    empty_engine: sqlalchemy.Engine,
) -> None:
    with pytest.raises(SeedError, match="not migrated"):
        seed_demo_data(empty_engine)
    with pytest.raises(SeedError, match="not migrated"):
        is_seeded(empty_engine)
    with pytest.raises(SeedError, match="at least"):
        seed_demo_data(empty_engine, rows=10)


def test_a_failure_midway_leaves_nothing(db_engine: sqlalchemy.Engine, db: Db) -> None:
    # ads_campaigns loads after most other tables; make it refuse every row.
    with db_engine.begin() as conn:
        conn.execute(
            sqlalchemy.text("""
                CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'no inserts here'; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON public.ads_campaigns
                    FOR EACH ROW EXECUTE FUNCTION refuse();
            """)
        )
    with pytest.raises(SeedError, match=r"ads_campaigns \(no inserts here\); nothing was written"):
        seed_demo_data(db_engine, now=NOW)
    assert not is_seeded(db_engine)
    assert db.filled() == []


def test_bulk_loaded_rows_are_still_checked_against_their_parents(
    db_engine: sqlalchemy.Engine, db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    walk = seed_history._price_walk

    def with_an_orphan(*args: Any) -> Iterator[tuple[Any, ...]]:
        rows = walk(*args)
        first = next(rows)
        # A listing id that does not exist, in the walk's binary COPY form.
        yield (first[0], seed_binary.uuid(0x4000 << 64 | 0x8000 << 48), *first[2:])
        yield from rows

    monkeypatch.setattr(seed_history, "_price_walk", with_an_orphan)
    with pytest.raises(SeedError, match=r"pricing\.price_history"):
        seed_demo_data(db_engine, now=NOW)
    assert db.filled() == []


def test_rows_scales_the_largest_tables(db_engine: sqlalchemy.Engine, db: Db) -> None:
    rows = 20_000
    report = seed_demo_data(db_engine, rows=rows, now=NOW).rows_by_table
    largest = (
        "public.pipeline_runs",
        "competitors.alerts",
        "system.audit_log",
        "pricing.price_history",
        "competitors.price_history",
    )
    for name in largest:
        assert rows <= report[name] <= rows * 1.01, name
    assert report["public.approvals_queue"] <= rows // 10
    assert report["workflow.tasks"] <= rows // 10
    assert db.count(seed_alerts.ALERTS) == report["competitors.alerts"]
    # The failure cases are still there at scale.
    db.some(FAILED_RUNS, (DAY_AGO,))


def test_the_tables_a_start_looks_in_for_data_are_tables_the_seed_fills() -> None:
    """A start asks seed_state, not the seed, whether there is data: the two lists agree."""
    assert set(CORE_TABLES) <= {t.qualified for t in SEEDED_TABLES}


# Columns that say when something happened (not when it is due or expires).
_EVENT_COLUMNS = """
SELECT table_schema, table_name, column_name FROM information_schema.columns
WHERE column_name IN ('created_at', 'started_at', 'requested_at', 'raised_at', 'detected_at',
                      'decided_at', 'completed_at', 'finished_at', 'updated_at', 'changed_at')
  AND data_type LIKE 'timestamp%%'
  AND table_schema IN ('public', 'catalog', 'pricing', 'inventory', 'competitors', 'analytics',
                       'workflow', 'system')
"""


def test_no_event_of_the_demo_data_lies_after_its_now(db_engine: sqlalchemy.Engine, db: Db) -> None:
    seed_demo_data(db_engine, now=NOW)
    filled = {(t.schema, t.name) for t in SEEDED_TABLES}  # not the migrations' own rows
    later, checked = [], []
    for schema, table, column in db.rows(_EVENT_COLUMNS):
        if (schema, table) not in filled:
            continue
        checked.append(column)
        statement = sql.SQL("SELECT max({}) FROM {}.{}").format(
            sql.Identifier(column), sql.Identifier(schema), sql.Identifier(table)
        )
        latest = db.rows(statement)[0][0]
        if latest is not None and (latest if latest.tzinfo else latest.replace(tzinfo=UTC)) > NOW:
            later.append(f"{schema}.{table}.{column} = {latest}")
    assert len(checked) >= 10  # the runs, jobs, alerts, approvals and tasks among them
    assert not later, later


def test_by_default_the_demo_data_is_anchored_to_the_moment_it_is_loaded(
    db_engine: sqlalchemy.Engine, db: Db
) -> None:
    """Anchored at noon of the day, data seeded in the morning had runs and alerts up to 12
    hours ahead (issue 17): shown 0 s old, matched by since:30m, counted as failed today."""
    before = datetime.now(UTC).replace(microsecond=0)
    seed_demo_data(db_engine)
    after = datetime.now(UTC)
    latest = db.rows("SELECT max(created_at) FROM pipeline_runs")[0][0]
    assert before - timedelta(hours=1) <= latest <= after
