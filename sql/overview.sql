-- The overview screen (key 0): one small aggregate per tile, each answered from an index.
-- Every time window is measured from :now (a timestamptz), so that the screen and the
-- tests agree on what "the last 24 hours" means.

-- name: overview_pending_approvals
-- Both approval sources of the seeds; partial indexes on status = 'pending' keep this
-- cheap however many decided rows pile up. Seed 000 stores TIMESTAMP (UTC, no zone).
SELECT source, pending, oldest
FROM (
    SELECT 'tasks' AS source, count(*) AS pending,
           min(created_at) AT TIME ZONE 'UTC' AS oldest
    FROM public.approvals_queue
    WHERE status = 'pending'
    UNION ALL
    SELECT 'agents', count(*), min(requested_at)
    FROM public."AgentApproval"
    WHERE status = 'pending'
) AS sources
ORDER BY source;

-- name: overview_tasks_per_stage
-- Every stage in board order, also the empty ones; open means not completed.
SELECT s.name AS stage, s.sort_order, s.is_terminal, s.color,
       count(t.id) AS tasks,
       count(t.id) FILTER (WHERE t.due_date < (:now AT TIME ZONE 'UTC')::date
                           AND t.completed_at IS NULL) AS overdue
FROM workflow.kanban_stages AS s
LEFT JOIN workflow.tasks AS t ON t.stage_id = s.id
GROUP BY s.id, s.name, s.sort_order, s.is_terminal, s.color
ORDER BY s.sort_order;

-- name: overview_new_alerts
-- New competitor alerts by severity, most severe first.
SELECT severity, count(*) AS alerts
FROM competitors.alerts
WHERE status = 'new'
GROUP BY severity
ORDER BY CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2
                       WHEN 'medium' THEN 3 WHEN 'low' THEN 4 ELSE 5 END;

-- name: overview_below_margin_floor
-- Listings whose net margin is below their own floor (or the default floor setting).
SELECT count(*) FILTER (
           WHERE p.net_margin_pct < COALESCE(
               p.margin_floor_pct,
               (SELECT (value #>> '{}')::numeric * 100
                FROM system.settings WHERE key = 'pricing.default_margin_floor'))
       ) AS below_floor,
       count(*) AS priced
FROM pricing.current_prices AS p;

-- name: overview_failed_runs
-- Failures in the last 24 hours across every run log the seeds keep.
SELECT source, count(*) AS failed
FROM (
    SELECT 'pipeline' AS source FROM public.pipeline_runs
    WHERE status = 'failure' AND created_at >= :now - interval '24 hours'
    UNION ALL
    SELECT 'bot jobs' FROM public.jobs
    WHERE status = 'failed' AND created_at >= :now - interval '24 hours'
    UNION ALL
    SELECT 'system jobs' FROM system.jobs
    WHERE status = 'failed' AND created_at >= :now - interval '24 hours'
    UNION ALL
    SELECT 'agents' FROM public.agent_run
    WHERE status = 'failed' AND started_at >= :now - interval '24 hours'
) AS failures
GROUP BY source
ORDER BY source;

-- name: overview_roas
-- Return on ad spend over the last :days days, per platform and in total (platform NULL).
SELECT c.platform,
       sum(m.spend_cents) AS spend_cents,
       sum(m.revenue_cents) AS revenue_cents,
       round(sum(m.revenue_cents)::numeric / NULLIF(sum(m.spend_cents), 0), 2) AS roas,
       round(sum(c.target_roas * m.spend_cents) / NULLIF(sum(m.spend_cents), 0), 2)
           AS target_roas
FROM public.ads_daily_metrics AS m
JOIN public.ads_campaigns AS c ON c.id = m.campaign_id
WHERE m.metric_date > (:now AT TIME ZONE 'UTC')::date - :days
  AND m.metric_date <= (:now AT TIME ZONE 'UTC')::date
GROUP BY ROLLUP (c.platform)
ORDER BY c.platform NULLS FIRST;
