-- Row level security and the table privileges it needs, for the Supabase roles (real ones on
-- Supabase, the compat migration's stand-ins elsewhere).
--
-- Plain Postgres has none of Supabase's default grants, so every privilege a policy relies on
-- is granted here. Supabase, on the other hand, grants anon and authenticated ALL on every new
-- table in public by default: there the policies alone keep rows out, so every table in public
-- gets RLS and nothing is granted to anon. Policies wrap auth.uid() in a scalar subquery, which
-- Postgres evaluates once per statement instead of once per row.
--   seed 003 (jobs, job_events, artifacts): owner-based; prompts: authenticated read.
--   seed 004: authenticated read and service_role write, observability_logs INFO/WARN only for
--             authenticated, service_role only for agent internals, knowledge base, creds_meta.
--   seeds 000 and 002 (public, no policy in their seeds): service_role only, so that the
--             Supabase API does not expose them to anon or authenticated by default grants.
-- service_role has BYPASSRLS; its explicit policies also make it work where that attribute is
-- missing. Table owners (the dashboard's own connection) are not subject to RLS.

GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;

-- Seed 003: owner-scoped bot pipeline ---------------------------------------------------------

ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.job_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.artifacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.prompts ENABLE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON public.jobs, public.job_events, public.artifacts
    TO authenticated;
GRANT SELECT ON public.prompts TO authenticated;
GRANT ALL ON public.jobs, public.job_events, public.artifacts, public.prompts TO service_role;

CREATE POLICY jobs_owner_select ON public.jobs FOR SELECT TO authenticated
    USING (owner_id = (SELECT auth.uid()));
CREATE POLICY jobs_owner_insert ON public.jobs FOR INSERT TO authenticated
    WITH CHECK (owner_id = (SELECT auth.uid()));
CREATE POLICY jobs_owner_update ON public.jobs FOR UPDATE TO authenticated
    USING (owner_id = (SELECT auth.uid()))
    WITH CHECK (owner_id = (SELECT auth.uid()));
CREATE POLICY jobs_owner_delete ON public.jobs FOR DELETE TO authenticated
    USING (owner_id = (SELECT auth.uid()));
CREATE POLICY jobs_service_role_all ON public.jobs FOR ALL TO service_role
    USING (true) WITH CHECK (true);

-- Events and artifacts carry their own owner_id. A new or changed row must also belong to a
-- job of the same owner, or a user could attach rows to someone else's run.
CREATE POLICY job_events_owner_select ON public.job_events FOR SELECT TO authenticated
    USING (owner_id = (SELECT auth.uid()));
CREATE POLICY job_events_owner_insert ON public.job_events FOR INSERT TO authenticated
    WITH CHECK (
        owner_id = (SELECT auth.uid())
        AND EXISTS (
            SELECT 1 FROM public.jobs AS j
            WHERE j.run_id = job_events.run_id AND j.owner_id = (SELECT auth.uid())
        )
    );
CREATE POLICY job_events_owner_update ON public.job_events FOR UPDATE TO authenticated
    USING (owner_id = (SELECT auth.uid()))
    WITH CHECK (
        owner_id = (SELECT auth.uid())
        AND EXISTS (
            SELECT 1 FROM public.jobs AS j
            WHERE j.run_id = job_events.run_id AND j.owner_id = (SELECT auth.uid())
        )
    );
CREATE POLICY job_events_owner_delete ON public.job_events FOR DELETE TO authenticated
    USING (owner_id = (SELECT auth.uid()));
CREATE POLICY job_events_service_role_all ON public.job_events FOR ALL TO service_role
    USING (true) WITH CHECK (true);

CREATE POLICY artifacts_owner_select ON public.artifacts FOR SELECT TO authenticated
    USING (owner_id = (SELECT auth.uid()));
CREATE POLICY artifacts_owner_insert ON public.artifacts FOR INSERT TO authenticated
    WITH CHECK (
        owner_id = (SELECT auth.uid())
        AND EXISTS (
            SELECT 1 FROM public.jobs AS j
            WHERE j.run_id = artifacts.run_id AND j.owner_id = (SELECT auth.uid())
        )
    );
CREATE POLICY artifacts_owner_update ON public.artifacts FOR UPDATE TO authenticated
    USING (owner_id = (SELECT auth.uid()))
    WITH CHECK (
        owner_id = (SELECT auth.uid())
        AND EXISTS (
            SELECT 1 FROM public.jobs AS j
            WHERE j.run_id = artifacts.run_id AND j.owner_id = (SELECT auth.uid())
        )
    );
CREATE POLICY artifacts_owner_delete ON public.artifacts FOR DELETE TO authenticated
    USING (owner_id = (SELECT auth.uid()));
CREATE POLICY artifacts_service_role_all ON public.artifacts FOR ALL TO service_role
    USING (true) WITH CHECK (true);

-- prompts has no owner: everyone signed in reads, only the service writes.
CREATE POLICY prompts_authenticated_select ON public.prompts FOR SELECT TO authenticated
    USING (true);
CREATE POLICY prompts_service_role_all ON public.prompts FOR ALL TO service_role
    USING (true) WITH CHECK (true);

-- Seed 004: authenticated read, service_role write -------------------------------------------
-- The table list is fixed here; format(%I) quotes the CamelCase names.
DO $policies$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'ads_campaigns', 'ads_daily_metrics', 'ads_metrics_daily',
        'AgentApproval', 'AgentFeedback', 'AgentQuery',
        'inventory_snapshots', 'reorder_points', 'supplier_lead_times',
        'DashboardFact', 'DecisionLog', 'support_curated_replies'
    ] LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('GRANT SELECT ON public.%I TO authenticated', t);
        EXECUTE format('GRANT ALL ON public.%I TO service_role', t);
        EXECUTE format(
            'CREATE POLICY %I ON public.%I FOR SELECT TO authenticated USING (true)',
            t || '_authenticated_select', t
        );
        EXECUTE format(
            'CREATE POLICY %I ON public.%I FOR ALL TO service_role USING (true) WITH CHECK (true)',
            t || '_service_role_all', t
        );
    END LOOP;
END
$policies$;

-- Seed 004: observability_logs, authenticated sees INFO and WARN only -------------------------

ALTER TABLE public.observability_logs ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON public.observability_logs TO authenticated;
GRANT ALL ON public.observability_logs TO service_role;
CREATE POLICY observability_logs_authenticated_select ON public.observability_logs
    FOR SELECT TO authenticated
    USING (level IN ('INFO', 'WARN'));
CREATE POLICY observability_logs_service_role_all ON public.observability_logs
    FOR ALL TO service_role
    USING (true) WITH CHECK (true);

-- service_role only: seed 004's agent internals, knowledge base and credentials, and the
-- public tables of seeds 000 and 002 -----------------------------------------------------------
-- No grant to and no policy for anon or authenticated: with Supabase's default grants they see
-- zero rows, without them they get "permission denied".
DO $service_only$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        -- seed 004
        'agent_run', 'agent_qc', 'knowledge_documents', 'knowledge_chunks',
        'knowledge_metadata', 'creds_meta',
        -- seed 000
        'products', 'product_versions', 'listings', 'sales', 'tasks', 'approvals_queue',
        'metrics_daily',
        -- seed 002
        'research_cache', 'scripts', 'pipeline_runs', 'metadata_experiments',
        'channel_configs', 'channel_costs'
    ] LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('GRANT ALL ON public.%I TO service_role', t);
        EXECUTE format(
            'CREATE POLICY %I ON public.%I FOR ALL TO service_role USING (true) WITH CHECK (true)',
            t || '_service_role_all', t
        );
    END LOOP;
END
$service_only$;

-- creds_meta is the one table whose rows must never reach a client role, even where a
-- platform's default privileges granted them (Supabase): take them back explicitly.
REVOKE ALL ON public.creds_meta FROM anon, authenticated;
