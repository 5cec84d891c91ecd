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
-- Every stage in board order, also the empty ones; open means not completed. Each stage is
-- counted on its own, from idx_tasks_stage (index-only) and its overdue tasks from
-- idx_urgent_tasks, instead of joining and grouping every task (2.8 ms for 5,000 tasks,
-- 1.2 ms this way).
SELECT s.name AS stage, s.sort_order, s.is_terminal, s.color,
       (SELECT count(*) FROM workflow.tasks AS t WHERE t.stage_id = s.id) AS tasks,
       (SELECT count(*) FROM workflow.tasks AS t
        WHERE t.stage_id = s.id
          AND t.completed_at IS NULL
          AND t.due_date < (:now AT TIME ZONE 'UTC')::date) AS overdue
FROM workflow.kanban_stages AS s
ORDER BY s.sort_order;

-- name: overview_new_alerts
-- New competitor alerts by severity, most severe first. Each count stops at :cap rows (the
-- tile shows "1000+"): it is a range of the partial idx_alerts_new_severity read index-only,
-- so the tile costs the same with sixty thousand new alerts as with sixty (an exact count
-- walked every new alert: 9 ms at a million alerts). Severities without new alerts are left
-- out, as the seeds' four severities are all the tile shows.
SELECT v.severity, c.alerts
FROM (VALUES ('critical', 1), ('high', 2), ('medium', 3), ('low', 4)) AS v(severity, rank)
CROSS JOIN LATERAL (
    SELECT count(*) AS alerts
    FROM (SELECT 1 FROM competitors.alerts AS a
          WHERE a.status = 'new' AND a.severity = v.severity
          LIMIT :cap) AS w
) AS c
WHERE c.alerts > 0
ORDER BY v.rank;

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
    UNION ALL
    -- Seed 000's tasks keep UTC times without a zone (timestamp).
    SELECT 'tasks' FROM public.tasks
    WHERE status = 'failed'
      AND created_at >= (:now AT TIME ZONE 'UTC') - interval '24 hours'
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

-- name: overview_errors
-- ERROR and FATAL lines of observability_logs in the last 24 hours, per level and service
-- (served by (level, created_at DESC)).
SELECT level, service, count(*) AS lines
FROM public.observability_logs
WHERE level IN ('ERROR', 'FATAL') AND created_at >= :now - interval '24 hours'
GROUP BY level, service
ORDER BY level DESC, lines DESC, service;
