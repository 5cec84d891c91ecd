"""Demo data for every area of the shared database: deterministic, coherent, bulk loaded.

:func:`seed_demo_data` fills the tables of all five systems in one transaction, with COPY,
so a failure leaves nothing behind. The same ``seed`` and ``now`` give exactly the same rows:
all randomness comes from ``random.Random`` generators derived from ``seed`` (ids included)
and every timestamp is relative to ``now`` (by default the moment of loading: no event lies
in the future). The data is built to give every screen something to show: pending
approvals in both queues, failed pipeline runs and jobs in the last 24 hours, new alerts of
every severity, listings below their margin floor, tasks in every kanban stage.

It only loads into an empty schema: when any table it fills already has rows it raises
:class:`SeedError` and changes nothing (it never deletes data; empty the tables or use a new
database to reload). It reads, and never inserts, the kanban stages and settings that the
migrations create.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
import sqlalchemy
from psycopg import sql

from hotdash_tui.db.engine import driver_connection
from hotdash_tui.db.errors import HotdashError
from hotdash_tui.demo import ads as seed_ads
from hotdash_tui.demo import agents as seed_agents
from hotdash_tui.demo import alerts as seed_alerts
from hotdash_tui.demo import analytics as seed_analytics
from hotdash_tui.demo import approvals as seed_approvals
from hotdash_tui.demo import bots as seed_bots
from hotdash_tui.demo import catalog as seed_catalog
from hotdash_tui.demo import costs as seed_costs
from hotdash_tui.demo import factory as seed_factory
from hotdash_tui.demo import history as seed_history
from hotdash_tui.demo import ops as seed_ops
from hotdash_tui.demo import prices as seed_prices
from hotdash_tui.demo import runs as seed_runs
from hotdash_tui.demo import system as seed_system
from hotdash_tui.demo import workflow as seed_workflow
from hotdash_tui.demo.base import Clock, SeedContext, Sizes, Table, utc_now
from hotdash_tui.demo.copy import CopyWriter, ForeignKeyViolation
from hotdash_tui.demo.indexes import indexes_rebuilt_after
from hotdash_tui.demo.state import holds_data, tables_with_rows

__all__ = ["SeedError", "SeedReport", "is_seeded", "seed_demo_data"]

# Serializes concurrent seeds of one database; distinct from the bootstrap's own lock key,
# which its caller may hold on another connection while it calls us.
SEED_XACT_LOCK_KEY = 7_303_746_661_736_854_019
MIN_ROWS = 100

# Every table the seed writes, parents before children.
SEEDED_TABLES: tuple[Table, ...] = (
    *seed_catalog.TABLES,
    *seed_costs.TABLES,
    *seed_prices.TABLES,
    *seed_history.TABLES,
    *seed_alerts.TABLES,
    *seed_analytics.TABLES,
    *seed_workflow.TABLES,
    *seed_system.TABLES,
    *seed_factory.TABLES,
    *seed_runs.TABLES,
    *seed_bots.TABLES,
    *seed_ads.TABLES,
    *seed_agents.TABLES,
    *seed_approvals.TABLES,
    *seed_ops.TABLES,
)
# The tables of about ``rows`` rows each: from INDEX_REBUILD_FROM_ROWS on, they are loaded
# without their secondary indexes, which are built once the rows are in (seed_indexes). Below
# it, keeping them up to date costs less than dropping and building sixteen indexes.
INDEX_REBUILD_FROM_ROWS = 10_000
MILLION_ROW_TABLES: tuple[Table, ...] = (
    seed_history.PRICE_HISTORY,
    seed_history.COMPETITOR_HISTORY,
    seed_alerts.ALERTS,
    seed_runs.PIPELINE_RUNS,
    seed_system.AUDIT_LOG,
)
_STAGES = Table("workflow", "kanban_stages", ("id", "name", "is_terminal"))


class SeedError(HotdashError):
    """The demo data could not be loaded; the message says why in one sentence."""


class DatabaseNotEmpty(SeedError):
    """The tables already hold data (perhaps another hotdash's seed a moment ago)."""


@dataclass(frozen=True)
class SeedReport:
    rows_by_table: dict[str, int]  # "schema.table" -> rows inserted
    seconds: float


def is_seeded(engine: sqlalchemy.Engine) -> bool:
    """Whether the core tables hold any rows (demo data or real); one EXISTS per table.

    Raises SeedError when the database is not migrated.
    """
    with driver_connection(engine) as conn:
        _require_schema(conn)
        return holds_data(conn)


def seed_demo_data(
    engine: sqlalchemy.Engine,
    *,
    rows: int | None = None,
    seed: int = 42,
    now: datetime | None = None,
) -> SeedReport:
    """Load demo data into an empty, migrated database and ANALYZE the tables it filled.

    ``rows`` sets the size of the largest tables: about ``rows`` rows each in pipeline_runs,
    competitors.alerts, system.audit_log, pricing.price_history and competitors.price_history;
    None is a small default (about a second to load). Concurrent calls are serialized by an
    advisory lock, and the loser finds the tables filled (DatabaseNotEmpty).
    Raises SeedError when the schema is missing, the tables hold data, or loading fails.
    """
    if rows is not None and rows < MIN_ROWS:
        raise SeedError(f"The row count must be at least {MIN_ROWS}, so every screen has data.")
    start = time.perf_counter()
    clock = Clock(_normalized(now))
    with driver_connection(engine) as conn:
        writer = CopyWriter(conn)
        ctx = SeedContext(seed, clock, Sizes.for_rows(rows), writer)
        try:
            with conn.transaction():
                _prepare(conn)
                rebuilt = MILLION_ROW_TABLES if (rows or 0) >= INDEX_REBUILD_FROM_ROWS else ()
                with indexes_rebuilt_after(conn, rebuilt):
                    _load(ctx, conn)
                _analyze(conn)
        except (psycopg.Error, ForeignKeyViolation) as exc:
            where = f" in {writer.current}" if writer.current else ""
            raise SeedError(
                f"Loading demo data failed{where} ({_first_line(exc)}); nothing was written."
            ) from exc
        _vacuum_small_tables(conn, rebuilt)
    return SeedReport(dict(writer.counts), time.perf_counter() - start)


def _first_line(exc: Exception) -> str:
    if isinstance(exc, psycopg.Error) and exc.diag.message_primary:
        return exc.diag.message_primary.strip().rstrip(".")
    return (str(exc).strip().splitlines() or ["unknown error"])[0].rstrip(".")


def _normalized(now: datetime | None) -> datetime:
    """Aware UTC, whole seconds; a naive ``now`` is taken to be UTC already."""
    if now is None:
        return utc_now()
    aware = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    return aware.replace(microsecond=0)


def _require_schema(conn: psycopg.Connection[Any]) -> None:
    names = [t.identifier().as_string(conn) for t in (*SEEDED_TABLES, _STAGES)]
    with conn.cursor() as cur:
        cur.execute(
            "SELECT name FROM unnest(%s::text[]) AS name WHERE to_regclass(name) IS NULL",
            (names,),
        )
        missing = [row[0] for row in cur.fetchall()]
    if missing:
        raise SeedError(
            f"The database is not migrated ({len(missing)} tables are missing, "
            f"{missing[0]} first); run `hotdash migrate` before seeding."
        )


def _prepare(conn: psycopg.Connection[Any]) -> None:
    with conn.cursor() as cur:
        # A big load outlives any statement timeout the engine's sessions may carry.
        cur.execute("SELECT set_config('statement_timeout', '0', true)")
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (SEED_XACT_LOCK_KEY,))
    _require_schema(conn)
    filled = tables_with_rows(conn, tuple(t.qualified for t in SEEDED_TABLES))
    if filled:
        more = f" and {len(filled) - 1} more" if len(filled) > 1 else ""
        raise DatabaseNotEmpty(
            f"The database already has data ({filled[0]}{more}); demo data is only loaded "
            "into empty tables, so nothing was changed."
        )


def _analyze(conn: psycopg.Connection[Any]) -> None:
    """Statistics for the planner, taken before the commit: the rows are still our own
    transaction's, so reading them sets no hint bits, which with data checksums would write
    every page to the WAL a second time. The statistics commit (or roll back) with the rows."""
    with conn.cursor() as cur:
        cur.execute(
            sql.SQL("ANALYZE {}").format(sql.SQL(", ").join(t.identifier() for t in SEEDED_TABLES))
        )


def _vacuum_small_tables(conn: psycopg.Connection[Any], big: tuple[Table, ...]) -> None:
    """Visibility maps for the tables the screens count index-only (tasks, approvals and the
    like), so the first reads after a seed skip the heap as they will once autovacuum has
    been. The million-row tables are left to autovacuum: vacuuming them right after the load
    writes every page again (hint bits), tens of seconds at a million rows."""
    small = [t for t in SEEDED_TABLES if t not in big]
    conn.autocommit = True  # VACUUM runs outside a transaction
    try:
        with conn.cursor() as cur:
            cur.execute(
                sql.SQL("VACUUM {}").format(sql.SQL(", ").join(t.identifier() for t in small))
            )
    except psycopg.Error:
        pass  # the rows are in; autovacuum will get there anyway
    finally:
        conn.autocommit = False


def _stages(conn: psycopg.Connection[Any]) -> list[seed_workflow.Stage]:
    query = sql.SQL("SELECT {} FROM {} ORDER BY sort_order, name").format(
        sql.SQL(", ").join(sql.Identifier(c) for c in _STAGES.columns), _STAGES.identifier()
    )
    with conn.cursor() as cur:
        cur.execute(query)
        stages = [seed_workflow.Stage(*row) for row in cur.fetchall()]
    if not stages:
        raise SeedError(
            "workflow.kanban_stages is empty; the migrations insert its default stages, "
            "so re-run `hotdash migrate` on a fresh database."
        )
    return stages


def _load(ctx: SeedContext, conn: psycopg.Connection[Any]) -> None:
    sizes = ctx.sizes
    listings = seed_catalog.seed_listings(ctx)
    landed = seed_costs.seed_costs(ctx, listings)
    prices = seed_prices.seed_prices(ctx, listings, landed)
    seed_history.seed_price_history(ctx, prices, sizes.price_rows)
    competitors = seed_history.seed_competitors(ctx, listings, prices)
    seed_history.seed_competitor_history(ctx, competitors, sizes.competitor_price_rows)
    seed_alerts.seed_alerts(ctx, competitors, sizes.alert_rows)
    amazon = seed_analytics.seed_analytics(ctx, prices)
    rule_ids = seed_workflow.seed_rules(ctx)
    stages = _stages(conn)
    task_ids = seed_workflow.seed_board(ctx, stages, listings, rule_ids)
    job_ids = seed_system.seed_system_jobs(ctx)
    digital = seed_factory.seed_factory(ctx)
    seed_runs.seed_channels(ctx)
    seed_runs.seed_pipeline_runs(ctx, sizes.runs_rows)
    seed_bots.seed_bot_jobs(ctx)
    campaigns, ads = seed_ads.seed_ads(ctx)
    store = seed_ads.seed_facts(ctx, ads)
    seed_ads.seed_metrics_daily(ctx, digital, amazon, store)
    runs = seed_agents.seed_agent_runs(ctx)
    seed_approvals.seed_approvals(ctx, runs, listings, campaigns)
    seed_ops.seed_ops(ctx, listings)
    # Last, so that it can point at rows of every other area.
    entities = {
        "listing": [x.ref for x in listings],
        "price": [x.ref for x in listings],
        "task": [str(t) for t in task_ids],
        "rule": [str(r) for r in rule_ids],
        "job": [str(j) for j in job_ids],
        "competitor": [c.ref for c in competitors],
    }
    seed_system.seed_audit_log(ctx, entities, [s.name for s in stages], sizes.audit_rows)
