-- Two roles meant to be granted to people (issue 15), so that nobody needs a superuser or a
-- BYPASSRLS role to use the dashboard:
--   hotdash_reader    reads every table and view the dashboard shows, never public.creds_meta;
--   hotdash_reviewer  hotdash_reader, plus exactly the guarded writes the screens and the CLI
--                     make: decisions on both approval queues (with the held task, its product
--                     and the DecisionLog row), board moves and edits, alert states, price
--                     saves with their history point, the job re-queue, and the audit rows.
-- A DBA grants them to login roles: GRANT hotdash_reviewer TO alice;
--
-- Roles are cluster-wide and made only where absent and where the migrating role may
-- (superuser or CREATEROLE); elsewhere a notice says what a superuser can run, and the
-- privileges below are granted to whichever of the two exists. Creation tolerates another
-- database of the same cluster creating them at the same moment.
DO $roles$
DECLARE
    may_create boolean;
    r text;
BEGIN
    SELECT rolsuper OR rolcreaterole INTO may_create
    FROM pg_catalog.pg_roles WHERE rolname = current_user;
    FOREACH r IN ARRAY ARRAY['hotdash_reader', 'hotdash_reviewer'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            IF may_create THEN
                BEGIN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', r);
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    RAISE NOTICE 'role % was created concurrently', r;
                END;
            ELSE
                RAISE NOTICE 'role % is missing and % may not create roles; a superuser can '
                    'run CREATE ROLE % NOLOGIN, then grant it as the README shows', r,
                    current_user, r;
            END IF;
        END IF;
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hotdash_reader')
        AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hotdash_reviewer')
        AND NOT pg_catalog.pg_has_role('hotdash_reviewer', 'hotdash_reader', 'MEMBER')
    THEN
        GRANT hotdash_reader TO hotdash_reviewer;
    END IF;
END
$roles$;

-- hotdash_reader: every schema the seeds define, every table and view in them, the migration
-- history (each start checks the schema is current); RLS policies that let it see every row
-- of the public tables that have RLS (its members under other policies, such as
-- authenticated, see what those allow on top). creds_meta stays service_role's alone.
DO $reader$
DECLARE
    s text;
    t text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hotdash_reader') THEN
        RETURN;
    END IF;
    FOREACH s IN ARRAY ARRAY[
        'public', 'catalog', 'pricing', 'inventory', 'competitors', 'analytics', 'workflow',
        'system'
    ] LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO hotdash_reader', s);
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO hotdash_reader', s);
    END LOOP;
    REVOKE ALL ON public.creds_meta FROM hotdash_reader;
    GRANT USAGE ON SCHEMA supabase_migrations TO hotdash_reader;
    GRANT SELECT ON supabase_migrations.schema_migrations TO hotdash_reader;
    FOR t IN
        SELECT c.relname FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity
            AND c.relname <> 'creds_meta'
        ORDER BY c.relname
    LOOP
        EXECUTE format(
            'CREATE POLICY %I ON public.%I FOR SELECT TO hotdash_reader USING (true)',
            t || '_hotdash_reader_select', t
        );
    END LOOP;
END
$reader$;

-- hotdash_reviewer: the guarded writes, table by table (sql/approvals.sql, board.sql,
-- alerts.sql, prices.sql, runs.sql, audit.sql). SELECT ... FOR UPDATE needs UPDATE too, which
-- each locked table has. The RLS tables among them get the matching policies.
DO $reviewer$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hotdash_reviewer') THEN
        RETURN;
    END IF;
    GRANT UPDATE ON public.approvals_queue, public.tasks, public.products,
        public."AgentApproval" TO hotdash_reviewer;
    GRANT INSERT, DELETE ON public."DecisionLog" TO hotdash_reviewer;
    GRANT INSERT, UPDATE ON workflow.tasks TO hotdash_reviewer;
    GRANT UPDATE ON competitors.alerts TO hotdash_reviewer;
    GRANT UPDATE ON pricing.current_prices TO hotdash_reviewer;
    GRANT INSERT ON pricing.price_history TO hotdash_reviewer;
    GRANT UPDATE ON system.jobs TO hotdash_reviewer;
    GRANT INSERT ON system.audit_log TO hotdash_reviewer;
    CREATE POLICY approvals_queue_hotdash_reviewer_update ON public.approvals_queue
        FOR UPDATE TO hotdash_reviewer USING (true) WITH CHECK (true);
    CREATE POLICY tasks_hotdash_reviewer_update ON public.tasks
        FOR UPDATE TO hotdash_reviewer USING (true) WITH CHECK (true);
    CREATE POLICY products_hotdash_reviewer_update ON public.products
        FOR UPDATE TO hotdash_reviewer USING (true) WITH CHECK (true);
    CREATE POLICY "AgentApproval_hotdash_reviewer_update" ON public."AgentApproval"
        FOR UPDATE TO hotdash_reviewer USING (true) WITH CHECK (true);
    CREATE POLICY "DecisionLog_hotdash_reviewer_insert" ON public."DecisionLog"
        FOR INSERT TO hotdash_reviewer WITH CHECK (true);
    CREATE POLICY "DecisionLog_hotdash_reviewer_delete" ON public."DecisionLog"
        FOR DELETE TO hotdash_reviewer USING (true);
END
$reviewer$;
