"""The schema's triggers and the resolved seed defects (see docs/schema.md)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import exc, text

SEED_001 = next((Path(__file__).resolve().parents[2] / "docs" / "seeds").glob("001_*.txt"))
TIME_SERIES = (
    "pricing.price_history",
    "competitors.price_history",
    "analytics.listing_scores",
    "analytics.performance_metrics",
)
# Row-level BEFORE UPDATE triggers: pg_trigger.tgtype bits ROW (1), BEFORE (2), UPDATE (16).
_UPDATED_AT_TRIGGERS = text(
    "SELECT tgrelid::regclass::text FROM pg_trigger"
    " WHERE tgfoid = 'public.set_updated_at()'::regprocedure AND tgtype & 19 = 19"
)
_UPDATED_AT_TABLES = text(
    "SELECT c.oid::regclass::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE a.attname = 'updated_at' AND NOT a.attisdropped AND c.relkind IN ('r', 'p')"
    " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
)


def _one(conn: sqlalchemy.Connection, sql: str, **params: Any) -> Any:
    return conn.execute(text(sql), params).scalar_one()


def test_every_updated_at_column_is_kept_by_the_shared_trigger(
    db_engine: sqlalchemy.Engine,
) -> None:
    with db_engine.connect() as conn:
        tables = set(conn.execute(_UPDATED_AT_TABLES).scalars())
        triggered = list(conn.execute(_UPDATED_AT_TRIGGERS).scalars())
    assert len(tables) >= 20
    assert sorted(triggered) == sorted(tables)


@pytest.mark.parametrize(
    ("insert", "update"),
    [
        (
            "INSERT INTO catalog.listings (asin, sku, title, updated_at)"
            " VALUES ('B000000001', 'S1', 'Drill', '2000-01-01') RETURNING id",
            "UPDATE catalog.listings SET title = 'Hammer drill'"
            " WHERE id = :id RETURNING updated_at",
        ),
        (
            "INSERT INTO jobs (run_id, project_spec, updated_at)"
            " VALUES ('run-1', '{}', '2000-01-01') RETURNING run_id",
            "UPDATE jobs SET status = 'running' WHERE run_id = :id RETURNING updated_at",
        ),
        (
            "INSERT INTO ads_campaigns"
            " (campaign_id, platform, campaign_name, start_date, updated_at)"
            " VALUES ('c1', 'meta', 'Spring', '2026-03-01', '2000-01-01') RETURNING id",
            "UPDATE ads_campaigns SET status = 'paused' WHERE id = :id RETURNING updated_at",
        ),
        (
            'INSERT INTO "AgentApproval" (agent_name, action_type, summary, updated_at)'
            " VALUES ('cx', 'send_reply', 'Reply', '2000-01-01') RETURNING id",
            "UPDATE \"AgentApproval\" SET status = 'approved', decided_at = now(),"
            " decided_by = 'ops' WHERE id = :id RETURNING updated_at",
        ),
    ],
)
def test_an_update_sets_updated_at_to_now(
    db_engine: sqlalchemy.Engine, insert: str, update: str
) -> None:
    with db_engine.begin() as conn:
        key = _one(conn, insert)
        updated_at = _one(conn, update, id=key)
        assert updated_at == _one(conn, "SELECT now()")


def _metrics(conn: sqlalchemy.Connection, sql: str, **params: Any) -> tuple[Any, ...]:
    return tuple(
        conn.execute(
            text(sql + " RETURNING cpc_cents, cpa_cents, roas, ctr, conversion_rate"), params
        ).one()
    )


def test_the_ads_metrics_trigger_computes_ratios_and_never_divides_by_zero(
    db_engine: sqlalchemy.Engine,
) -> None:
    with db_engine.begin() as conn:
        campaign = _one(
            conn,
            "INSERT INTO ads_campaigns (campaign_id, platform, campaign_name,"
            " start_date) VALUES ('c1', 'google', 'Brand', '2026-01-01')"
            " RETURNING id",
        )
        insert = (
            "INSERT INTO ads_daily_metrics (campaign_id, metric_date, spend_cents,"
            " impressions, clicks, conversions, revenue_cents)"
            " VALUES (:c, :d, :spend, :impressions, :clicks, :conversions, :revenue)"
        )
        zeros = {"spend": 0, "impressions": 0, "clicks": 0, "conversions": 0, "revenue": 0}
        assert _metrics(conn, insert, c=campaign, d="2026-01-01", **zeros) == (None,) * 5
        assert _metrics(
            conn,
            insert,
            c=campaign,
            d="2026-01-02",
            spend=1000,
            impressions=12345,
            clicks=40,
            conversions=3,
            revenue=2500,
        ) == (25, 333, Decimal("2.50"), Decimal("0.0032"), Decimal("0.0750"))
        # Spend but nothing else: ROAS is 0, the per-click ratios stay NULL.
        assert _metrics(conn, insert, c=campaign, d="2026-01-03", **{**zeros, "spend": 500}) == (
            None,
            None,
            Decimal("0.00"),
            None,
            None,
        )
        # An update recomputes; half a cent rounds up.
        assert _metrics(
            conn,
            "UPDATE ads_daily_metrics SET spend_cents = 1001, clicks = 2, impressions = 3"
            " WHERE metric_date = '2026-01-03'",
        ) == (501, None, Decimal("0.00"), Decimal("0.6667"), Decimal("0.0000"))


def test_metrics_daily_keeps_one_row_per_day_and_system(db_engine: sqlalchemy.Engine) -> None:
    with db_engine.begin() as conn:
        # The seed's own insert names no system: it defaults to System 1.
        conn.execute(
            text("INSERT INTO metrics_daily (date, revenue_gross) VALUES ('2026-01-01', 10)")
        )
        conn.execute(
            text(
                "INSERT INTO metrics_daily (date, system, revenue_gross) VALUES"
                " ('2026-01-01', 'amazon_seller', 20)"
            )
        )
        assert (
            _one(
                conn,
                "SELECT string_agg(system, ',' ORDER BY system) FROM metrics_daily"
                " WHERE date = '2026-01-01'",
            )
            == "amazon_seller,digital_products"
        )
    with pytest.raises(exc.IntegrityError, match="metrics_daily_pkey"), db_engine.begin() as c:
        c.execute(text("INSERT INTO metrics_daily (date) VALUES ('2026-01-01')"))


def test_idx_urgent_tasks_is_partial_on_open_tasks(db_engine: sqlalchemy.Engine) -> None:
    seed_statement = re.search(r"CREATE INDEX idx_urgent_tasks[^;]*;", SEED_001.read_text())
    assert seed_statement, "seed 001 no longer has idx_urgent_tasks"
    with db_engine.begin() as conn:
        definition = _one(conn, "SELECT pg_get_indexdef('workflow.idx_urgent_tasks'::regclass)")
        assert definition.endswith("USING btree (due_date) WHERE (completed_at IS NULL)")
        # The seed's own predicate is the defect: Postgres refuses it.
        with pytest.raises(exc.DBAPIError, match="subquery"), conn.begin_nested():
            conn.execute(text(seed_statement[0].replace("idx_urgent_tasks", "idx_seed_urgent")))


def test_the_time_series_have_their_keys_and_a_time_index(db_engine: sqlalchemy.Engine) -> None:
    with db_engine.connect() as conn:
        timescale = _one(conn, "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")
        for table in TIME_SERIES:
            definitions = (
                conn.execute(
                    text(
                        "SELECT indexdef FROM pg_indexes WHERE schemaname || '.' || tablename = :t"
                    ),
                    {"t": table},
                )
                .scalars()
                .all()
            )
            assert any(d.endswith('btree ("time" DESC)') for d in definitions), table
            assert any(d.endswith(', "time")') and "UNIQUE" in d for d in definitions), table
        if timescale:  # pragma: no cover - the dev and test servers have no TimescaleDB
            hypertables = set(
                conn.execute(
                    text(
                        "SELECT hypertable_schema || '.' || hypertable_name"
                        " FROM timescaledb_information.hypertables"
                    )
                ).scalars()
            )
            assert hypertables >= set(TIME_SERIES)


def test_additions_serve_the_dashboard_queries(db_engine: sqlalchemy.Engine) -> None:
    expected = {
        "idx_approvals_pending_created": "btree (created_at, id)"
        " WHERE ((status)::text = 'pending'::text)",
        "idx_alerts_new_severity": "btree (severity, created_at DESC, id DESC)"
        " WHERE ((status)::text = 'new'::text)",
        "idx_audit_created_id": "btree (created_at DESC, id DESC)",
        "idx_pipeline_runs_created": "btree (created_at DESC, id DESC)",
        "idx_pipeline_runs_run": "btree (run_id, created_at)",
        "idx_job_events_run": "btree (run_id, created_at)",
        "idx_jobs_created": "btree (created_at DESC, id DESC)",
        "idx_bot_jobs_created": "btree (created_at DESC, run_id DESC)",
    }
    with db_engine.connect() as conn:
        found = {
            r[0]: r[1]
            for r in conn.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(:names)"),
                {"names": list(expected)},
            )
        }
    assert {name: found.get(name, "").split(" USING ")[-1] for name in expected} == expected
