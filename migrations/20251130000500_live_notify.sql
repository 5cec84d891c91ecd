-- Live updates (issue 5): every change to a table a screen shows sends a NOTIFY on the channel
-- "hotdash", so an open dashboard reloads what changed within a second of the commit. The
-- payload is small JSON, far below NOTIFY's 8000-byte limit:
--   {"table": "public.approvals_queue", "id": "<the row's key>", "op": "update"}
-- Postgres delivers it at commit only (a rolled-back write notifies nobody) and folds identical
-- notifications within one transaction into one.
--
-- The payload names the row, not its contents: any role that may connect may LISTEN on any
-- channel, and row level security does not apply to notifications.
--
-- Row triggers on the tables that change a row at a time. A statement trigger (no id) on the
-- two that are bulk loaded a million rows at a time (the seed's COPY of pipeline runs and
-- competitor alerts), where a notification per row would queue a million of them at commit.
-- The key column is the trigger's argument: public.jobs is keyed by run_id. Measured with
-- `hotdash seed --rows 1000000`, each pair back to back: 66 s without triggers and 102 s
-- with a row trigger on every table here; 154 s without and 155 s with these (a busier
-- machine). The seed's replica-mode fast path (seed_copy.py) skips this trigger as it skips
-- foreign-key checks.
CREATE FUNCTION public.hotdash_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    changed jsonb;
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        changed := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    END IF;
    PERFORM pg_notify('hotdash', json_build_object(
        'table', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
        'id', changed ->> coalesce(TG_ARGV[0], 'id'),
        'op', lower(TG_OP)
    )::text);
    RETURN NULL;
END
$fn$;

CREATE TRIGGER hotdash_notify AFTER INSERT OR UPDATE OR DELETE ON public.approvals_queue
    FOR EACH ROW EXECUTE FUNCTION public.hotdash_notify_change();
CREATE TRIGGER hotdash_notify AFTER INSERT OR UPDATE OR DELETE ON public."AgentApproval"
    FOR EACH ROW EXECUTE FUNCTION public.hotdash_notify_change();
CREATE TRIGGER hotdash_notify AFTER INSERT OR UPDATE OR DELETE ON workflow.tasks
    FOR EACH ROW EXECUTE FUNCTION public.hotdash_notify_change();
CREATE TRIGGER hotdash_notify AFTER INSERT OR UPDATE OR DELETE ON pricing.current_prices
    FOR EACH ROW EXECUTE FUNCTION public.hotdash_notify_change();
CREATE TRIGGER hotdash_notify AFTER INSERT OR UPDATE OR DELETE ON public.jobs
    FOR EACH ROW EXECUTE FUNCTION public.hotdash_notify_change('run_id');
CREATE TRIGGER hotdash_notify AFTER INSERT OR UPDATE OR DELETE ON system.jobs
    FOR EACH ROW EXECUTE FUNCTION public.hotdash_notify_change();
CREATE TRIGGER hotdash_notify AFTER INSERT OR UPDATE OR DELETE ON public.agent_run
    FOR EACH ROW EXECUTE FUNCTION public.hotdash_notify_change();
CREATE TRIGGER hotdash_notify AFTER INSERT OR UPDATE OR DELETE ON competitors.alerts
    FOR EACH STATEMENT EXECUTE FUNCTION public.hotdash_notify_change();
CREATE TRIGGER hotdash_notify AFTER INSERT OR UPDATE OR DELETE ON public.pipeline_runs
    FOR EACH STATEMENT EXECUTE FUNCTION public.hotdash_notify_change();
