-- Seed 004: "HotDash", a Shopify operator dashboard with AI agents. Schema public.
-- ads_campaigns and ads_daily_metrics are specified in full by the seed (columns, checks,
-- indexes, triggers). The seed names the other tables only by purpose; their columns follow
-- docs/schema-004-design.md. Prisma-style CamelCase names are kept as the seed spells them,
-- hence quoted identifiers. Row level security is in the rls migration.

-- Ads & marketing ---------------------------------------------------------------------------

CREATE TABLE public.ads_campaigns (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id   TEXT NOT NULL UNIQUE,
    platform      TEXT NOT NULL
                  CHECK (platform IN ('meta', 'google', 'organic', 'tiktok', 'pinterest')),
    campaign_name TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'paused', 'draft', 'archived')),
    budget_cents  INTEGER NOT NULL DEFAULT 0,
    target_roas   DECIMAL(10,2),
    start_date    DATE NOT NULL,
    end_date      DATE,
    utm_source    TEXT,
    utm_medium    TEXT,
    utm_campaign  TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    metadata      JSONB DEFAULT '{}'::JSONB
);

CREATE INDEX idx_ads_campaigns_platform ON public.ads_campaigns(platform);
CREATE INDEX idx_ads_campaigns_status ON public.ads_campaigns(status);
CREATE INDEX idx_ads_campaigns_dates ON public.ads_campaigns(start_date, end_date);
CREATE INDEX idx_ads_campaigns_utm ON public.ads_campaigns(utm_source, utm_medium, utm_campaign);

CREATE TRIGGER update_ads_campaigns_updated_at BEFORE UPDATE ON public.ads_campaigns
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE public.ads_daily_metrics (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id     UUID NOT NULL REFERENCES public.ads_campaigns(id) ON DELETE CASCADE,
    metric_date     DATE NOT NULL,
    spend_cents     INTEGER NOT NULL DEFAULT 0,
    impressions     INTEGER NOT NULL DEFAULT 0,
    clicks          INTEGER NOT NULL DEFAULT 0,
    conversions     INTEGER NOT NULL DEFAULT 0,
    revenue_cents   INTEGER NOT NULL DEFAULT 0,
    cpc_cents       INTEGER,
    cpa_cents       INTEGER,
    roas            DECIMAL(10,2),
    ctr             DECIMAL(10,4),
    conversion_rate DECIMAL(10,4),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    UNIQUE (campaign_id, metric_date)
);

CREATE INDEX idx_ads_daily_metrics_campaign ON public.ads_daily_metrics(campaign_id);
CREATE INDEX idx_ads_daily_metrics_date ON public.ads_daily_metrics(metric_date DESC);
CREATE INDEX idx_ads_daily_metrics_campaign_date
    ON public.ads_daily_metrics(campaign_id, metric_date DESC);

-- The derived metrics, computed on every write so no reader divides by zero: each ratio is
-- NULL when its divisor is zero. Cents are rounded to whole cents, ratios to the column scale.
CREATE FUNCTION public.calculate_ads_metrics() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    NEW.cpc_cents := CASE WHEN NEW.clicks > 0
        THEN pg_catalog.round(NEW.spend_cents::numeric / NEW.clicks)::integer END;
    NEW.cpa_cents := CASE WHEN NEW.conversions > 0
        THEN pg_catalog.round(NEW.spend_cents::numeric / NEW.conversions)::integer END;
    NEW.roas := CASE WHEN NEW.spend_cents > 0
        THEN pg_catalog.round(NEW.revenue_cents::numeric / NEW.spend_cents, 2) END;
    NEW.ctr := CASE WHEN NEW.impressions > 0
        THEN pg_catalog.round(NEW.clicks::numeric / NEW.impressions, 4) END;
    NEW.conversion_rate := CASE WHEN NEW.clicks > 0
        THEN pg_catalog.round(NEW.conversions::numeric / NEW.clicks, 4) END;
    RETURN NEW;
END
$$;

CREATE TRIGGER calculate_ads_metrics_trigger BEFORE INSERT OR UPDATE ON public.ads_daily_metrics
    FOR EACH ROW EXECUTE FUNCTION public.calculate_ads_metrics();
CREATE TRIGGER update_ads_daily_metrics_updated_at BEFORE UPDATE ON public.ads_daily_metrics
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Agent system ------------------------------------------------------------------------------

-- One execution of one AI agent.
CREATE TABLE public.agent_run (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_name    text NOT NULL,
    run_type      text,
    status        text NOT NULL DEFAULT 'running'
                  CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    duration_ms   integer,
    model         text,
    input_tokens  integer,
    output_tokens integer,
    cost_usd      numeric(12,6),
    error_message text,
    metadata      jsonb DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_agent_run_started ON public.agent_run(started_at DESC, id DESC);
CREATE INDEX idx_agent_run_agent_started ON public.agent_run(agent_name, started_at DESC);
CREATE INDEX idx_agent_run_failed ON public.agent_run(started_at DESC) WHERE status = 'failed';

-- Quality-control checks run on one agent run's output.
CREATE TABLE public.agent_qc (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_run_id uuid NOT NULL REFERENCES public.agent_run(id) ON DELETE CASCADE,
    check_name   text NOT NULL,
    passed       boolean NOT NULL,
    score        numeric(5,2),
    details      jsonb DEFAULT '{}',
    checked_by   text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_agent_qc_run ON public.agent_qc(agent_run_id);

-- The human-in-the-loop queue of AI-agent actions.
CREATE TABLE public."AgentApproval" (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_name       text NOT NULL,
    action_type      text NOT NULL,  -- 'send_reply', 'update_price', 'reorder_stock', ...
    summary          text NOT NULL,  -- one line: what is to be approved
    action_payload   jsonb NOT NULL DEFAULT '{}',  -- what would be executed
    reason           text,           -- why the agent wants it
    confidence_score integer CHECK (confidence_score BETWEEN 0 AND 10),
    entity_type      text,           -- what it touches: 'product', 'listing', 'order', ...
    entity_id        text,
    agent_run_id     uuid REFERENCES public.agent_run(id) ON DELETE SET NULL,
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'cancelled')),
    requested_at     timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz,
    decided_at       timestamptz,
    decided_by       text,
    decision_reason  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- A decided row says when and by whom.
    CONSTRAINT "AgentApproval_decided_check" CHECK (
        status IN ('pending', 'expired') OR (decided_at IS NOT NULL AND decided_by IS NOT NULL)
    )
);

CREATE INDEX idx_agent_approval_pending ON public."AgentApproval"(requested_at, id)
    WHERE status = 'pending';
CREATE INDEX idx_agent_approval_status ON public."AgentApproval"(status, requested_at DESC, id DESC);
CREATE INDEX idx_agent_approval_run ON public."AgentApproval"(agent_run_id);
CREATE INDEX idx_agent_approval_entity ON public."AgentApproval"(entity_type, entity_id);

CREATE TRIGGER update_agent_approval_updated_at BEFORE UPDATE ON public."AgentApproval"
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Operator feedback on agent suggestions (the learning loop).
CREATE TABLE public."AgentFeedback" (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_name       text NOT NULL,
    approval_id      uuid REFERENCES public."AgentApproval"(id) ON DELETE SET NULL,
    agent_run_id     uuid REFERENCES public.agent_run(id) ON DELETE SET NULL,
    feedback_type    text NOT NULL
                     CHECK (feedback_type IN ('thumbs_up', 'thumbs_down', 'correction', 'comment')),
    rating           smallint CHECK (rating BETWEEN 1 AND 5),
    comment          text,
    corrected_output jsonb,
    given_by         text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_agent_feedback_agent ON public."AgentFeedback"(agent_name, created_at DESC);
CREATE INDEX idx_agent_feedback_approval ON public."AgentFeedback"(approval_id);

-- Every LLM call an agent made (debugging, cost analytics).
CREATE TABLE public."AgentQuery" (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_run_id  uuid REFERENCES public.agent_run(id) ON DELETE CASCADE,
    agent_name    text NOT NULL,
    provider      text NOT NULL,
    model         text,
    prompt        text,
    response      text,
    input_tokens  integer,
    output_tokens integer,
    latency_ms    integer,
    cost_usd      numeric(12,6),
    status        text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'error', 'timeout')),
    error_message text,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_agent_query_created ON public."AgentQuery"(created_at DESC);
CREATE INDEX idx_agent_query_run ON public."AgentQuery"(agent_run_id);
CREATE INDEX idx_agent_query_agent ON public."AgentQuery"(agent_name, created_at DESC);

-- Legacy ads metrics, superseded by ads_campaigns + ads_daily_metrics; money in decimal units
-- as before the cents migration.
CREATE TABLE public.ads_metrics_daily (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_date   date NOT NULL,
    platform      text NOT NULL,
    campaign_name text NOT NULL,
    spend         numeric(12,2) NOT NULL DEFAULT 0,
    revenue       numeric(12,2) NOT NULL DEFAULT 0,
    impressions   integer NOT NULL DEFAULT 0,
    clicks        integer NOT NULL DEFAULT 0,
    conversions   integer NOT NULL DEFAULT 0,
    roas          numeric(10,2),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (metric_date, platform, campaign_name)
);

CREATE INDEX idx_ads_metrics_daily_date ON public.ads_metrics_daily(metric_date DESC);

-- Knowledge base ----------------------------------------------------------------------------

CREATE TABLE public.knowledge_documents (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    source        text NOT NULL,  -- url or path
    title         text,
    document_type text,
    content       text,
    content_hash  text NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER update_knowledge_documents_updated_at BEFORE UPDATE ON public.knowledge_documents
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- The embedding column is added below, by type: vector(1536) with pgvector, real[] without.
CREATE TABLE public.knowledge_chunks (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    document_id uuid NOT NULL REFERENCES public.knowledge_documents(id) ON DELETE CASCADE,
    chunk_index integer NOT NULL,
    content     text NOT NULL,
    token_count integer,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (document_id, chunk_index)
);

-- pgvector where installed (see the compat migration), in whatever schema it lives (Supabase:
-- extensions). Only EXECUTE mentions the vector type, so a server without it never parses it.
DO $vector$
DECLARE
    vector_schema text;
BEGIN
    SELECT n.nspname INTO vector_schema
    FROM pg_catalog.pg_extension AS e
    JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
    WHERE e.extname = 'vector';

    IF vector_schema IS NULL THEN
        RAISE NOTICE 'pgvector not installed: knowledge_chunks.embedding is real[]';
        ALTER TABLE public.knowledge_chunks ADD COLUMN embedding real[];
        RETURN;
    END IF;
    EXECUTE format(
        'ALTER TABLE public.knowledge_chunks ADD COLUMN embedding %I.vector(1536)', vector_schema
    );
    EXECUTE format(
        'CREATE INDEX idx_knowledge_chunks_embedding ON public.knowledge_chunks '
        'USING hnsw (embedding %I.vector_cosine_ops)',
        vector_schema
    );
END
$vector$;

-- Filterable key/value metadata per document.
CREATE TABLE public.knowledge_metadata (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    document_id uuid NOT NULL REFERENCES public.knowledge_documents(id) ON DELETE CASCADE,
    key         text NOT NULL,
    value       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (document_id, key)
);

CREATE INDEX idx_knowledge_metadata_key_value ON public.knowledge_metadata(key, value);

-- Inventory ---------------------------------------------------------------------------------

-- Daily stock per SKU and location, for weeks of supply.
CREATE TABLE public.inventory_snapshots (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    sku             text NOT NULL,
    location        text NOT NULL DEFAULT 'main',
    snapshot_date   date NOT NULL,
    on_hand         integer NOT NULL,
    available       integer,
    inbound         integer NOT NULL DEFAULT 0,
    reserved        integer NOT NULL DEFAULT 0,
    avg_daily_sales numeric(10,2),
    weeks_of_supply numeric(10,2)
                    GENERATED ALWAYS AS (on_hand / nullif(avg_daily_sales * 7, 0)) STORED,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (sku, location, snapshot_date)
);

CREATE INDEX idx_inventory_snapshots_date ON public.inventory_snapshots(snapshot_date DESC);

-- The current reorder point per SKU.
CREATE TABLE public.reorder_points (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    sku              text NOT NULL UNIQUE,
    reorder_point    integer NOT NULL,
    reorder_quantity integer,
    safety_stock     integer,
    avg_daily_demand numeric(10,2),
    lead_time_days   integer,
    calculated_at    timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER update_reorder_points_updated_at BEFORE UPDATE ON public.reorder_points
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Observed lead times per supplier, and SKU (NULL = all of the supplier's SKUs). NULLS NOT
-- DISTINCT so there is one all-SKU row per supplier, not any number of them.
CREATE TABLE public.supplier_lead_times (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    supplier_name         text NOT NULL,
    sku                   text,
    lead_time_days        integer NOT NULL,
    lead_time_stddev_days numeric(6,2),
    sample_size           integer,
    observed_from         date,
    observed_to           date,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (supplier_name, sku)
);

CREATE TRIGGER update_supplier_lead_times_updated_at BEFORE UPDATE ON public.supplier_lead_times
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Analytics ---------------------------------------------------------------------------------

-- Generic fact table behind the dashboard tiles.
CREATE TABLE public."DashboardFact" (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    metric          text NOT NULL,
    fact_date       date NOT NULL,
    dimension       text,
    dimension_value text,
    value           numeric(14,2) NOT NULL,
    unit            text NOT NULL DEFAULT 'USD',
    source          text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (metric, fact_date, dimension, dimension_value)
);

CREATE INDEX idx_dashboard_fact_metric_date ON public."DashboardFact"(metric, fact_date DESC);

-- Audit trail of decisions (inventory, CX, growth, ...), credential reads included.
CREATE TABLE public."DecisionLog" (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    decided_at  timestamptz NOT NULL DEFAULT now(),
    domain      text NOT NULL CHECK (domain IN (
                    'inventory', 'cx', 'growth', 'pricing', 'ads', 'system', 'credentials'
                )),
    decision    text NOT NULL,
    rationale   text,
    actor       text NOT NULL,
    actor_type  text NOT NULL DEFAULT 'agent' CHECK (actor_type IN ('agent', 'human', 'system')),
    entity_type text,
    entity_id   text,
    approval_id uuid REFERENCES public."AgentApproval"(id) ON DELETE SET NULL,
    payload     jsonb DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_decision_log_decided ON public."DecisionLog"(decided_at DESC);
CREATE INDEX idx_decision_log_domain ON public."DecisionLog"(domain, decided_at DESC);

-- Support, observability, credentials -------------------------------------------------------

-- Approved reply templates for Chatwoot.
CREATE TABLE public.support_curated_replies (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title                       text NOT NULL,
    body                        text NOT NULL,
    category                    text,
    tags                        text[] DEFAULT '{}',
    language                    text NOT NULL DEFAULT 'en',
    chatwoot_canned_response_id bigint,
    is_active                   boolean NOT NULL DEFAULT true,
    approved_by                 text,
    approved_at                 timestamptz,
    usage_count                 integer NOT NULL DEFAULT 0,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_support_curated_replies_tags ON public.support_curated_replies USING gin(tags);

CREATE TRIGGER update_support_curated_replies_updated_at
    BEFORE UPDATE ON public.support_curated_replies
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- High-volume logs: a bigint identity key instead of a uuid.
CREATE TABLE public.observability_logs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    level      text NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL')),
    service    text NOT NULL,
    message    text NOT NULL,
    context    jsonb DEFAULT '{}',
    trace_id   text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_observability_logs_created ON public.observability_logs(created_at DESC);
CREATE INDEX idx_observability_logs_level ON public.observability_logs(level, created_at DESC);
CREATE INDEX idx_observability_logs_service
    ON public.observability_logs(service, created_at DESC);

-- Encrypted credentials; never readable but by service_role (see the rls migration).
CREATE TABLE public.creds_meta (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    service           text NOT NULL,
    credential_name   text NOT NULL,
    encrypted_value   bytea NOT NULL,
    encryption_key_id text NOT NULL,
    scopes            text[] DEFAULT '{}',
    expires_at        timestamptz,
    last_rotated_at   timestamptz,
    last_used_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (service, credential_name)
);

CREATE TRIGGER update_creds_meta_updated_at BEFORE UPDATE ON public.creds_meta
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
