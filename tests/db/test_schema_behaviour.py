"""What the migrated schema does: the seeds' default rows and view, the designed seed-004
tables (docs/schema-004-design.md), the triggers, and the resolved seed defects.
The structural comparison with the seeds is in test_schema.py."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import exc, text

DOCS = Path(__file__).resolve().parents[2] / "docs"
SEED_001 = next((DOCS / "seeds").glob("001_*.txt")).read_text(encoding="utf-8")

# The column contract of docs/schema-004-design.md, in format_type() spelling (tz = with time
# zone). knowledge_chunks.embedding depends on pgvector and is checked on its own.
TZ = "timestamp with time zone"
DESIGN_COLUMNS = {
    "agent_run": f"id uuid, agent_name text, run_type text, status text, started_at {TZ},"
    f" finished_at {TZ}, duration_ms integer, model text, input_tokens integer,"
    f" output_tokens integer, cost_usd numeric(12,6), error_message text, metadata jsonb,"
    f" created_at {TZ}",
    "agent_qc": "id uuid, agent_run_id uuid, check_name text, passed boolean,"
    f" score numeric(5,2), details jsonb, checked_by text, created_at {TZ}",
    "AgentApproval": "id uuid, agent_name text, action_type text, summary text,"
    " action_payload jsonb, reason text, confidence_score integer, entity_type text,"
    f" entity_id text, agent_run_id uuid, status text, requested_at {TZ}, expires_at {TZ},"
    f" decided_at {TZ}, decided_by text, decision_reason text, created_at {TZ}, updated_at {TZ}",
    "AgentFeedback": "id uuid, agent_name text, approval_id uuid, agent_run_id uuid,"
    " feedback_type text, rating smallint, comment text, corrected_output jsonb, given_by text,"
    f" created_at {TZ}",
    "AgentQuery": "id uuid, agent_run_id uuid, agent_name text, provider text, model text,"
    " prompt text, response text, input_tokens integer, output_tokens integer,"
    " latency_ms integer, cost_usd numeric(12,6), status text, error_message text,"
    f" created_at {TZ}",
    "ads_metrics_daily": "id uuid, metric_date date, platform text, campaign_name text,"
    " spend numeric(12,2), revenue numeric(12,2), impressions integer, clicks integer,"
    f" conversions integer, roas numeric(10,2), created_at {TZ}",
    "knowledge_documents": "id uuid, source text, title text, document_type text, content text,"
    f" content_hash text, created_at {TZ}, updated_at {TZ}",
    "knowledge_chunks": "id uuid, document_id uuid, chunk_index integer, content text,"
    f" token_count integer, created_at {TZ}",
    "knowledge_metadata": f"id uuid, document_id uuid, key text, value text, created_at {TZ}",
    "inventory_snapshots": "id uuid, sku text, location text, snapshot_date date,"
    " on_hand integer, available integer, inbound integer, reserved integer,"
    f" avg_daily_sales numeric(10,2), weeks_of_supply numeric(10,2), created_at {TZ}",
    "reorder_points": "id uuid, sku text, reorder_point integer, reorder_quantity integer,"
    " safety_stock integer, avg_daily_demand numeric(10,2), lead_time_days integer,"
    f" calculated_at {TZ}, created_at {TZ}, updated_at {TZ}",
    "supplier_lead_times": "id uuid, supplier_name text, sku text, lead_time_days integer,"
    " lead_time_stddev_days numeric(6,2), sample_size integer, observed_from date,"
    f" observed_to date, created_at {TZ}, updated_at {TZ}",
    "DashboardFact": "id uuid, metric text, fact_date date, dimension text,"
    f" dimension_value text, value numeric(14,2), unit text, source text, created_at {TZ}",
    "DecisionLog": f"id uuid, decided_at {TZ}, domain text, decision text, rationale text,"
    " actor text, actor_type text, entity_type text, entity_id text, approval_id uuid,"
    f" payload jsonb, created_at {TZ}",
    "support_curated_replies": "id uuid, title text, body text, category text, tags text[],"
    " language text, chatwoot_canned_response_id bigint, is_active boolean, approved_by text,"
    f" approved_at {TZ}, usage_count integer, created_at {TZ}, updated_at {TZ}",
    "observability_logs": "id bigint, level text, service text, message text, context jsonb,"
    f" trace_id text, created_at {TZ}",
    "creds_meta": "id uuid, service text, credential_name text, encrypted_value bytea,"
    f" encryption_key_id text, scopes text[], expires_at {TZ}, last_rotated_at {TZ},"
    f" last_used_at {TZ}, created_at {TZ}, updated_at {TZ}",
}
# The design's indexes, as the tail of pg_indexes.indexdef.
DESIGN_INDEXES = {
    "agent_run": [
        "btree (started_at DESC, id DESC)",
        "btree (agent_name, started_at DESC)",
        "btree (started_at DESC) WHERE (status = 'failed'::text)",
    ],
    "agent_qc": ["btree (agent_run_id)"],
    "AgentApproval": [
        "btree (requested_at, id) WHERE (status = 'pending'::text)",
        "btree (status, requested_at DESC, id DESC)",
        "btree (agent_run_id)",
        "btree (entity_type, entity_id)",
    ],
    "AgentFeedback": ["btree (agent_name, created_at DESC)", "btree (approval_id)"],
    "AgentQuery": [
        "btree (created_at DESC)",
        "btree (agent_run_id)",
        "btree (agent_name, created_at DESC)",
    ],
    "ads_metrics_daily": [
        "btree (metric_date, platform, campaign_name)",
        "btree (metric_date DESC)",
    ],
    "knowledge_documents": ["btree (content_hash)"],
    "knowledge_chunks": ["btree (document_id, chunk_index)"],
    "knowledge_metadata": ["btree (document_id, key)", "btree (key, value)"],
    "inventory_snapshots": ["btree (sku, location, snapshot_date)", "btree (snapshot_date DESC)"],
    "reorder_points": ["btree (sku)"],
    "supplier_lead_times": ["btree (supplier_name, sku) NULLS NOT DISTINCT"],
    "DashboardFact": [
        "btree (metric, fact_date, dimension, dimension_value) NULLS NOT DISTINCT",
        "btree (metric, fact_date DESC)",
    ],
    "DecisionLog": ["btree (decided_at DESC)", "btree (domain, decided_at DESC)"],
    "support_curated_replies": ["gin (tags)"],
    "observability_logs": [
        "btree (created_at DESC)",
        "btree (level, created_at DESC)",
        "btree (service, created_at DESC)",
    ],
    "creds_meta": ["btree (service, credential_name)"],
}


def _one(conn: sqlalchemy.Connection, sql: str, **params: Any) -> Any:
    return conn.execute(text(sql), params).scalar_one()


def test_the_seed_default_rows_are_there(db_engine: sqlalchemy.Engine) -> None:
    stages = re.findall(r"\('([^']+)', (\d), (TRUE|FALSE), (TRUE|FALSE), '(#\w{6})'\)", SEED_001)
    settings = re.findall(r"^\('([\w.]+)', '([^']*)', '([^']*)'\)", SEED_001, re.M)
    assert (len(stages), len(settings)) == (7, 5)
    with db_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT name, sort_order, is_default, is_terminal, color"
                " FROM workflow.kanban_stages ORDER BY sort_order"
            )
        ).all()
        stored = {
            k: (v, d)
            for k, v, d in conn.execute(text("SELECT key, value, description FROM system.settings"))
        }
    assert [tuple(r) for r in rows] == [
        (name, int(order), default == "TRUE", terminal == "TRUE", color)
        for name, order, default, terminal, color in stages
    ]
    assert stored == {key: (json.loads(value), about) for key, value, about in settings}


def test_the_landed_cost_view_sums_current_component_prices(db_engine: sqlalchemy.Engine) -> None:
    with db_engine.begin() as conn:
        listing = _one(
            conn,
            "INSERT INTO catalog.listings (asin, sku, title)"
            " VALUES ('B000000001', 'SKU-1', 'Drill') RETURNING id",
        )
        supplier = _one(conn, "INSERT INTO inventory.suppliers (name) VALUES ('Acme') RETURNING id")
        for sku, current, old, override, quantity in (
            ("C-1", "2.5000", "9.0000", None, "4"),
            ("C-2", "1.0000", None, "3.0000", "2"),
        ):
            component = _one(
                conn,
                "INSERT INTO inventory.components (name, sku) VALUES (:sku, :sku) RETURNING id",
                sku=sku,
            )
            conn.execute(
                text(
                    "INSERT INTO inventory.component_prices (component_id, supplier_id, unit_cost)"
                    " VALUES (:c, :s, :cost)"
                ),
                {"c": component, "s": supplier, "cost": current},
            )
            if old:  # an old price, no longer current, must not count
                conn.execute(
                    text(
                        "INSERT INTO inventory.component_prices (component_id, supplier_id,"
                        " unit_cost, min_quantity, is_current) VALUES (:c, :s, :cost, 10, FALSE)"
                    ),
                    {"c": component, "s": supplier, "cost": old},
                )
            conn.execute(
                text(
                    "INSERT INTO inventory.bill_of_materials (listing_id, component_id, quantity,"
                    " cost_override) VALUES (:l, :c, :q, :o)"
                ),
                {"l": listing, "c": component, "q": quantity, "o": override},
            )
        row = conn.execute(
            text(
                "SELECT sku, component_cost, estimated_landed_cost"
                " FROM inventory.listing_landed_costs WHERE listing_id = :l"
            ),
            {"l": listing},
        ).one()
    # 4 x 2.50 + 2 x 3.00 (override) = 16.00, plus 10% overhead.
    assert tuple(row) == ("SKU-1", Decimal("16.00000000"), Decimal("17.600000000"))


def test_the_designed_seed_004_tables_match_the_design(db_engine: sqlalchemy.Engine) -> None:
    design = (DOCS / "schema-004-design.md").read_text(encoding="utf-8")
    assert set(re.findall(r'^`"?(\w+)"?`[:( ]', design, re.M)) == set(DESIGN_COLUMNS)
    with db_engine.connect() as conn:
        has_vector = _one(conn, "SELECT count(*) FROM pg_extension WHERE extname = 'vector'")
        for table, spec in DESIGN_COLUMNS.items():
            columns = {
                r[0]: r[1]
                for r in conn.execute(
                    text(
                        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        " WHERE attrelid = to_regclass(quote_ident(:t)) AND attnum > 0"
                        " AND NOT attisdropped"
                    ),
                    {"t": table},
                )
            }
            if table == "knowledge_chunks":
                # On Supabase the type lives in (and prints with) the extensions schema.
                embedding = columns.pop("embedding").rpartition(".")[2]
                assert embedding == ("vector(1536)" if has_vector else "real[]")
            assert columns == dict(c.split(" ", 1) for c in spec.split(", ")), table
            definitions = (
                conn.execute(
                    text(
                        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
                        " AND tablename = :t"
                    ),
                    {"t": table},
                )
                .scalars()
                .all()
            )
            for index in DESIGN_INDEXES.get(table, []):
                assert any(d.endswith(f" USING {index}") for d in definitions), (table, index)
        hnsw = _one(
            conn,
            "SELECT count(*) FROM pg_indexes"
            " WHERE indexdef LIKE '%USING hnsw (embedding %vector_cosine_ops)'",
        )
    assert hnsw == has_vector


@pytest.mark.parametrize(
    ("statement", "violation"),
    [
        (
            'INSERT INTO "AgentApproval" (agent_name, action_type, summary, status)'
            " VALUES ('a', 'send_reply', 's', 'approved')",
            "AgentApproval_decided_check",
        ),
        (
            'INSERT INTO "AgentApproval" (agent_name, action_type, summary, confidence_score)'
            " VALUES ('a', 'send_reply', 's', 11)",
            "AgentApproval_confidence_score_check",
        ),
        (
            "INSERT INTO supplier_lead_times (supplier_name, lead_time_days)"
            " VALUES ('Acme', 5), ('Acme', 6)",
            "supplier_lead_times_supplier_name_sku_key",
        ),
        (
            "INSERT INTO observability_logs (level, service, message) VALUES ('TRACE', 's', 'm')",
            "observability_logs_level_check",
        ),
    ],
)
def test_the_design_constraints_refuse_bad_rows(
    db_engine: sqlalchemy.Engine, statement: str, violation: str
) -> None:
    with pytest.raises(exc.IntegrityError, match=violation), db_engine.begin() as conn:
        conn.execute(text(statement))


def test_weeks_of_supply_is_computed_and_null_without_sales(db_engine: sqlalchemy.Engine) -> None:
    with db_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO inventory_snapshots (sku, snapshot_date, on_hand, avg_daily_sales)"
                " VALUES ('A', '2026-01-01', 70, 2.5), ('B', '2026-01-01', 70, 0),"
                " ('C', '2026-01-01', 70, NULL)"
            )
        )
        weeks = {
            r[0]: r[1]
            for r in conn.execute(text("SELECT sku, weeks_of_supply FROM inventory_snapshots"))
        }
    assert weeks == {"A": Decimal("4.00"), "B": None, "C": None}
