-- The pipeline runs screen (key 5): one log, newest first, over every run record of the seeds:
-- public.pipeline_runs (seed 002, "pipeline": one row per stage attempt of a run_id),
-- public.jobs (seed 003, "jobs", with job_events and artifacts), system.jobs (seed 001,
-- "system"), public.agent_run (seed 004, "agents", with agent_qc and "AgentQuery") and the
-- failed public.tasks of seed 000 ("tasks": its error_message; a task that did not fail is
-- an approval's business, not a run's). Seed 000 keeps UTC times without a zone.
--
-- Windows, never whole tables: a window is a UNION ALL of four per-source subqueries, each
-- ordered and limited on its own (time, id) index, merged and cut to :limit. The merged order
-- is (at DESC, rank, key_uuid DESC, key_text DESC), rank being the source's place
-- (pipeline 0, jobs 1, system 2, agents 3, tasks 4). Each source gets its own keyset bound
-- (:p_at, :p_id) ... (:t_at, :t_id), computed from the last row shown (runs_read.py), so a
-- tie in time across sources never loses or repeats a row. :with_* switch a source off (a
-- one-time filter). :since is always bound (the start of time without since:), so the time
-- range is an index bound in every plan. :stage and :pattern are NULL when unused; :pattern
-- is a literal ILIKE pattern (ESCAPE '\').
--
-- Status normalisation (README, "Pipeline runs"): every source's stored status maps to one of
-- success, failure, retry, running, queued, skipped, cancelled:
--   pipeline_runs: success, failure, retry, skipped as stored (seed 002's four values);
--   jobs:          completed -> success, failed -> failure, pending -> queued, running,
--                  cancelled;
--   system.jobs:   completed -> success, failed -> failure, pending -> queued, but a pending
--                  job that already ran (attempt_count > 0) -> retry, running, cancelled;
--   agent_run:     succeeded -> success, failed -> failure, running, cancelled.
-- Any other stored value is shown lower-cased as it is.

-- The filtered statements (runs_window, runs_count) say "plan: per value": they are never
-- prepared (db/statements.py), so Postgres plans them for the values sent each time.
-- psycopg prepares a statement run five times in a transaction, and a prepared statement
-- may get a generic plan, blind to which status or stage it serves. Planned per value, an
-- unused filter (NULL) folds away and the pipeline branch reads the index that fits: the
-- time index (idx_pipeline_runs_created) without status: or stage:,
-- idx_pipeline_runs_status_created for one status (pipeline_runs stores the normalised
-- names, so that is an equality on the stored value), idx_pipeline_runs_stage_created for
-- stage: (both migration 20251130000300). The small logs compare their normalised status
-- column outside their branch.

-- name: runs_window
-- plan: per value
-- idx_pipeline_runs_created (or the status or stage index), idx_bot_jobs_created,
-- idx_jobs_created, idx_agent_run_started.
SELECT * FROM (
    (SELECT 'pipeline' AS source, 0 AS rank, p.id AS key_uuid, NULL::text AS key_text,
            p.run_id AS run_ref, p.created_at AS at, p.stage AS name,
            lower(COALESCE(p.status, 'unknown')) AS status, p.attempts,
            NULL::integer AS max_attempts,
            CASE WHEN jsonb_typeof(p.metrics->'latency_ms') = 'number'
                 THEN round((p.metrics->>'latency_ms')::numeric) END AS duration_ms,
            CASE WHEN jsonb_typeof(p.metrics->'cost_usd') = 'number'
                 THEN (p.metrics->>'cost_usd')::numeric END AS cost_usd,
            CASE WHEN jsonb_typeof(p.metrics->'tokens') = 'number'
                 THEN round((p.metrics->>'tokens')::numeric) END AS tokens,
            p.error_summary AS error
     FROM public.pipeline_runs AS p
     WHERE CAST(:with_pipeline AS boolean)
       AND (p.created_at, p.id) < (CAST(:p_at AS timestamptz), CAST(:p_id AS uuid))
       AND p.created_at >= CAST(:since AS timestamptz)
       AND (CAST(:status AS text) IS NULL OR p.status = :status)
       AND (CAST(:stage AS text) IS NULL OR lower(p.stage) = :stage)
       AND (CAST(:pattern AS text) IS NULL OR p.error_summary ILIKE :pattern ESCAPE '\'
            OR p.stage ILIKE :pattern ESCAPE '\'
            OR p.run_id ILIKE :pattern ESCAPE '\')
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT :limit)
    UNION ALL
    (SELECT * FROM (SELECT 'jobs' AS source, 1 AS rank, NULL::uuid AS key_uuid, j.run_id AS key_text, j.run_id AS run_ref,
                j.created_at AS at,
                COALESCE(j.project_spec->>'template', j.project_spec->>'name', 'job') AS name,
                CASE lower(j.status) WHEN 'completed' THEN 'success' WHEN 'failed' THEN 'failure'
                     WHEN 'pending' THEN 'queued' ELSE lower(COALESCE(j.status, 'unknown'))
                END AS status,
                -- seed 003 keeps no attempt counter: one attempt plus each retry event
                CASE WHEN j.started_at IS NULL THEN 0
                     ELSE 1 + (SELECT count(*) FROM public.job_events AS e
                               WHERE e.run_id = j.run_id AND e.event_type = 'retry')::integer
                END AS attempts,
                NULL::integer AS max_attempts,
                round(extract(epoch FROM j.completed_at - j.started_at) * 1000) AS duration_ms,
                NULL::numeric AS cost_usd, NULL::numeric AS tokens, j.error_message AS error
         FROM public.jobs AS j
         WHERE CAST(:with_jobs AS boolean)
           AND (j.created_at, j.run_id) < (CAST(:j_at AS timestamptz), CAST(:j_id AS text))
           AND j.created_at >= CAST(:since AS timestamptz)
           AND (CAST(:stage AS text) IS NULL OR lower(COALESCE(j.project_spec->>'template', j.project_spec->>'name')) = :stage)
           AND (CAST(:pattern AS text) IS NULL OR j.error_message ILIKE :pattern ESCAPE '\'
                OR j.run_id ILIKE :pattern ESCAPE '\'
                OR j.project_spec->>'template' ILIKE :pattern ESCAPE '\'
                OR j.project_spec->>'name' ILIKE :pattern ESCAPE '\')
         ORDER BY j.created_at DESC, j.run_id DESC) AS w
     WHERE (CAST(:status AS text) IS NULL OR w.status = :status)
     LIMIT :limit)
    UNION ALL
    (SELECT * FROM (SELECT 'system' AS source, 2 AS rank, s.id AS key_uuid, NULL::text AS key_text, s.id::text AS run_ref,
                s.created_at AS at, s.job_type AS name,
                CASE lower(s.status) WHEN 'completed' THEN 'success' WHEN 'failed' THEN 'failure'
                     WHEN 'pending' THEN CASE WHEN COALESCE(s.attempt_count, 0) > 0 THEN 'retry'
                                              ELSE 'queued' END
                     ELSE lower(COALESCE(s.status, 'unknown')) END AS status,
                s.attempt_count AS attempts, s.max_attempts,
                round(extract(epoch FROM s.completed_at - s.started_at) * 1000) AS duration_ms,
                NULL::numeric AS cost_usd, NULL::numeric AS tokens, s.error_message AS error
         FROM system.jobs AS s
         WHERE CAST(:with_system AS boolean)
           AND (s.created_at, s.id) < (CAST(:s_at AS timestamptz), CAST(:s_id AS uuid))
           AND s.created_at >= CAST(:since AS timestamptz)
           AND (CAST(:stage AS text) IS NULL OR lower(s.job_type) = :stage)
           AND (CAST(:pattern AS text) IS NULL OR s.error_message ILIKE :pattern ESCAPE '\'
                OR s.job_type ILIKE :pattern ESCAPE '\')
         ORDER BY s.created_at DESC, s.id DESC) AS w
     WHERE (CAST(:status AS text) IS NULL OR w.status = :status)
     LIMIT :limit)
    UNION ALL
    (SELECT * FROM (SELECT 'agents' AS source, 3 AS rank, a.id AS key_uuid, NULL::text AS key_text, a.id::text AS run_ref,
                a.started_at AS at, a.agent_name AS name,
                CASE a.status WHEN 'succeeded' THEN 'success' WHEN 'failed' THEN 'failure'
                     ELSE a.status END AS status,
                NULL::integer AS attempts, NULL::integer AS max_attempts,
                a.duration_ms::numeric AS duration_ms, a.cost_usd,
                (COALESCE(a.input_tokens, 0) + COALESCE(a.output_tokens, 0))::numeric AS tokens,
                a.error_message AS error
         FROM public.agent_run AS a
         WHERE CAST(:with_agents AS boolean)
           AND (a.started_at, a.id) < (CAST(:a_at AS timestamptz), CAST(:a_id AS uuid))
           AND a.started_at >= CAST(:since AS timestamptz)
           AND (CAST(:stage AS text) IS NULL OR lower(a.agent_name) = :stage)
           AND (CAST(:pattern AS text) IS NULL OR a.error_message ILIKE :pattern ESCAPE '\'
                OR a.agent_name ILIKE :pattern ESCAPE '\'
                OR a.run_type ILIKE :pattern ESCAPE '\'
                OR a.model ILIKE :pattern ESCAPE '\')
         ORDER BY a.started_at DESC, a.id DESC) AS w
     WHERE (CAST(:status AS text) IS NULL OR w.status = :status)
     LIMIT :limit)
    UNION ALL
    (SELECT * FROM (SELECT 'tasks' AS source, 4 AS rank, t.id AS key_uuid, NULL::text AS key_text, t.id::text AS run_ref,
                t.created_at AT TIME ZONE 'UTC' AS at, t.type AS name, 'failure' AS status,
                NULL::integer AS attempts, NULL::integer AS max_attempts,
                round(extract(epoch FROM t.completed_at - t.created_at) * 1000) AS duration_ms,
                NULL::numeric AS cost_usd, NULL::numeric AS tokens, t.error_message AS error
         FROM public.tasks AS t
         WHERE CAST(:with_tasks AS boolean)
           AND t.status = 'failed'
           AND (t.created_at, t.id)
               < (CAST(:t_at AS timestamptz) AT TIME ZONE 'UTC', CAST(:t_id AS uuid))
           AND t.created_at >= CAST(:since AS timestamptz) AT TIME ZONE 'UTC'
           AND (CAST(:status AS text) IS NULL OR CAST(:status AS text) = 'failure')
           AND (CAST(:stage AS text) IS NULL OR lower(t.type) = :stage)
           AND (CAST(:pattern AS text) IS NULL OR t.error_message ILIKE :pattern ESCAPE '\'
                OR t.type ILIKE :pattern ESCAPE '\')
         ORDER BY t.created_at DESC, t.id DESC) AS w
     LIMIT :limit)
) AS w
ORDER BY at DESC, rank, key_uuid DESC, key_text DESC
LIMIT :limit;

-- name: runs_count
-- plan: per value
-- "row x of N" without counting a big table: the count stops at :cap rows in all, and the
-- screen shows more than the cap as "10000+". The same filters as runs_window, without the
-- keyset. One Limit over the four sources (each also limited on its own): once :cap rows
-- are found, the sources after them are not read at all, where four capped counts summed
-- read up to four times :cap rows.
SELECT count(*) AS total FROM (
    (SELECT 1 FROM public.pipeline_runs AS p
            WHERE CAST(:with_pipeline AS boolean)
              AND p.created_at >= CAST(:since AS timestamptz)
              AND (CAST(:status AS text) IS NULL OR p.status = :status)
              AND (CAST(:stage AS text) IS NULL OR lower(p.stage) = :stage)
              AND (CAST(:pattern AS text) IS NULL OR p.error_summary ILIKE :pattern ESCAPE '\'
                   OR p.stage ILIKE :pattern ESCAPE '\'
                   OR p.run_id ILIKE :pattern ESCAPE '\')
            LIMIT :cap)
    UNION ALL
    (SELECT 1 FROM public.jobs AS j
            WHERE CAST(:with_jobs AS boolean)
              AND j.created_at >= CAST(:since AS timestamptz)
              AND (CAST(:status AS text) IS NULL OR CASE lower(j.status) WHEN 'completed' THEN 'success' WHEN 'failed' THEN 'failure'
                       WHEN 'pending' THEN 'queued' ELSE lower(COALESCE(j.status, 'unknown')) END = :status)
              AND (CAST(:stage AS text) IS NULL OR lower(COALESCE(j.project_spec->>'template', j.project_spec->>'name')) = :stage)
              AND (CAST(:pattern AS text) IS NULL OR j.error_message ILIKE :pattern ESCAPE '\'
                   OR j.run_id ILIKE :pattern ESCAPE '\'
                   OR j.project_spec->>'template' ILIKE :pattern ESCAPE '\'
                   OR j.project_spec->>'name' ILIKE :pattern ESCAPE '\')
            LIMIT :cap)
    UNION ALL
    (SELECT 1 FROM system.jobs AS s
            WHERE CAST(:with_system AS boolean)
              AND s.created_at >= CAST(:since AS timestamptz)
              AND (CAST(:status AS text) IS NULL OR CASE lower(s.status) WHEN 'completed' THEN 'success' WHEN 'failed' THEN 'failure'
                       WHEN 'pending' THEN CASE WHEN COALESCE(s.attempt_count, 0) > 0 THEN 'retry'
                                          ELSE 'queued' END
                       ELSE lower(COALESCE(s.status, 'unknown')) END = :status)
              AND (CAST(:stage AS text) IS NULL OR lower(s.job_type) = :stage)
              AND (CAST(:pattern AS text) IS NULL OR s.error_message ILIKE :pattern ESCAPE '\'
                   OR s.job_type ILIKE :pattern ESCAPE '\')
            LIMIT :cap)
    UNION ALL
    (SELECT 1 FROM public.agent_run AS a
            WHERE CAST(:with_agents AS boolean)
              AND a.started_at >= CAST(:since AS timestamptz)
              AND (CAST(:status AS text) IS NULL OR CASE a.status WHEN 'succeeded' THEN 'success' WHEN 'failed' THEN 'failure'
                       ELSE a.status END = :status)
              AND (CAST(:stage AS text) IS NULL OR lower(a.agent_name) = :stage)
              AND (CAST(:pattern AS text) IS NULL OR a.error_message ILIKE :pattern ESCAPE '\'
                   OR a.agent_name ILIKE :pattern ESCAPE '\'
                   OR a.run_type ILIKE :pattern ESCAPE '\'
                   OR a.model ILIKE :pattern ESCAPE '\')
            LIMIT :cap)
    UNION ALL
    (SELECT 1 FROM public.tasks AS t
            WHERE CAST(:with_tasks AS boolean)
              AND t.status = 'failed'
              AND t.created_at >= CAST(:since AS timestamptz) AT TIME ZONE 'UTC'
              AND (CAST(:status AS text) IS NULL OR CAST(:status AS text) = 'failure')
              AND (CAST(:stage AS text) IS NULL OR lower(t.type) = :stage)
              AND (CAST(:pattern AS text) IS NULL OR t.error_message ILIKE :pattern ESCAPE '\'
                   OR t.type ILIKE :pattern ESCAPE '\')
            LIMIT :cap)
    LIMIT :cap
) AS counted;

-- name: runs_window_plain
-- runs_window without status:, stage: or text (the screen as it opens, and any source: or
-- since: view): with nothing left for a value to decide, it may be prepared (psycopg does
-- once it has run five times in a transaction) and its plan kept; planning the filtered
-- statement costs more than running it. A read transaction ends in a rollback, after which
-- psycopg forgets what it prepared, so across windows each is planned anyway.
SELECT * FROM (
    (SELECT 'pipeline' AS source, 0 AS rank, p.id AS key_uuid, NULL::text AS key_text,
            p.run_id AS run_ref, p.created_at AS at, p.stage AS name,
            lower(COALESCE(p.status, 'unknown')) AS status, p.attempts,
            NULL::integer AS max_attempts,
            CASE WHEN jsonb_typeof(p.metrics->'latency_ms') = 'number'
                 THEN round((p.metrics->>'latency_ms')::numeric) END AS duration_ms,
            CASE WHEN jsonb_typeof(p.metrics->'cost_usd') = 'number'
                 THEN (p.metrics->>'cost_usd')::numeric END AS cost_usd,
            CASE WHEN jsonb_typeof(p.metrics->'tokens') = 'number'
                 THEN round((p.metrics->>'tokens')::numeric) END AS tokens,
            p.error_summary AS error
     FROM public.pipeline_runs AS p
     WHERE CAST(:with_pipeline AS boolean)
       AND (p.created_at, p.id) < (CAST(:p_at AS timestamptz), CAST(:p_id AS uuid))
       AND p.created_at >= CAST(:since AS timestamptz)
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT :limit)
    UNION ALL
    (SELECT * FROM (SELECT 'jobs' AS source, 1 AS rank, NULL::uuid AS key_uuid, j.run_id AS key_text, j.run_id AS run_ref,
                j.created_at AS at,
                COALESCE(j.project_spec->>'template', j.project_spec->>'name', 'job') AS name,
                CASE lower(j.status) WHEN 'completed' THEN 'success' WHEN 'failed' THEN 'failure'
                     WHEN 'pending' THEN 'queued' ELSE lower(COALESCE(j.status, 'unknown'))
                END AS status,
                -- seed 003 keeps no attempt counter: one attempt plus each retry event
                CASE WHEN j.started_at IS NULL THEN 0
                     ELSE 1 + (SELECT count(*) FROM public.job_events AS e
                               WHERE e.run_id = j.run_id AND e.event_type = 'retry')::integer
                END AS attempts,
                NULL::integer AS max_attempts,
                round(extract(epoch FROM j.completed_at - j.started_at) * 1000) AS duration_ms,
                NULL::numeric AS cost_usd, NULL::numeric AS tokens, j.error_message AS error
         FROM public.jobs AS j
         WHERE CAST(:with_jobs AS boolean)
           AND (j.created_at, j.run_id) < (CAST(:j_at AS timestamptz), CAST(:j_id AS text))
           AND j.created_at >= CAST(:since AS timestamptz)
         ORDER BY j.created_at DESC, j.run_id DESC) AS w
     LIMIT :limit)
    UNION ALL
    (SELECT * FROM (SELECT 'system' AS source, 2 AS rank, s.id AS key_uuid, NULL::text AS key_text, s.id::text AS run_ref,
                s.created_at AS at, s.job_type AS name,
                CASE lower(s.status) WHEN 'completed' THEN 'success' WHEN 'failed' THEN 'failure'
                     WHEN 'pending' THEN CASE WHEN COALESCE(s.attempt_count, 0) > 0 THEN 'retry'
                                              ELSE 'queued' END
                     ELSE lower(COALESCE(s.status, 'unknown')) END AS status,
                s.attempt_count AS attempts, s.max_attempts,
                round(extract(epoch FROM s.completed_at - s.started_at) * 1000) AS duration_ms,
                NULL::numeric AS cost_usd, NULL::numeric AS tokens, s.error_message AS error
         FROM system.jobs AS s
         WHERE CAST(:with_system AS boolean)
           AND (s.created_at, s.id) < (CAST(:s_at AS timestamptz), CAST(:s_id AS uuid))
           AND s.created_at >= CAST(:since AS timestamptz)
         ORDER BY s.created_at DESC, s.id DESC) AS w
     LIMIT :limit)
    UNION ALL
    (SELECT * FROM (SELECT 'agents' AS source, 3 AS rank, a.id AS key_uuid, NULL::text AS key_text, a.id::text AS run_ref,
                a.started_at AS at, a.agent_name AS name,
                CASE a.status WHEN 'succeeded' THEN 'success' WHEN 'failed' THEN 'failure'
                     ELSE a.status END AS status,
                NULL::integer AS attempts, NULL::integer AS max_attempts,
                a.duration_ms::numeric AS duration_ms, a.cost_usd,
                (COALESCE(a.input_tokens, 0) + COALESCE(a.output_tokens, 0))::numeric AS tokens,
                a.error_message AS error
         FROM public.agent_run AS a
         WHERE CAST(:with_agents AS boolean)
           AND (a.started_at, a.id) < (CAST(:a_at AS timestamptz), CAST(:a_id AS uuid))
           AND a.started_at >= CAST(:since AS timestamptz)
         ORDER BY a.started_at DESC, a.id DESC) AS w
     LIMIT :limit)
    UNION ALL
    (SELECT * FROM (SELECT 'tasks' AS source, 4 AS rank, t.id AS key_uuid, NULL::text AS key_text, t.id::text AS run_ref,
                t.created_at AT TIME ZONE 'UTC' AS at, t.type AS name, 'failure' AS status,
                NULL::integer AS attempts, NULL::integer AS max_attempts,
                round(extract(epoch FROM t.completed_at - t.created_at) * 1000) AS duration_ms,
                NULL::numeric AS cost_usd, NULL::numeric AS tokens, t.error_message AS error
         FROM public.tasks AS t
         WHERE CAST(:with_tasks AS boolean)
           AND t.status = 'failed'
           AND (t.created_at, t.id)
               < (CAST(:t_at AS timestamptz) AT TIME ZONE 'UTC', CAST(:t_id AS uuid))
           AND t.created_at >= CAST(:since AS timestamptz) AT TIME ZONE 'UTC'
         ORDER BY t.created_at DESC, t.id DESC) AS w
     LIMIT :limit)
) AS w
ORDER BY at DESC, rank, key_uuid DESC, key_text DESC
LIMIT :limit;

-- name: runs_count_plain
-- runs_count without status:, stage: or text, as runs_window_plain.
SELECT count(*) AS total FROM (
    (SELECT 1 FROM public.pipeline_runs AS p
            WHERE CAST(:with_pipeline AS boolean)
              AND p.created_at >= CAST(:since AS timestamptz)
            LIMIT :cap)
    UNION ALL
    (SELECT 1 FROM public.jobs AS j
            WHERE CAST(:with_jobs AS boolean)
              AND j.created_at >= CAST(:since AS timestamptz)
            LIMIT :cap)
    UNION ALL
    (SELECT 1 FROM system.jobs AS s
            WHERE CAST(:with_system AS boolean)
              AND s.created_at >= CAST(:since AS timestamptz)
            LIMIT :cap)
    UNION ALL
    (SELECT 1 FROM public.agent_run AS a
            WHERE CAST(:with_agents AS boolean)
              AND a.started_at >= CAST(:since AS timestamptz)
            LIMIT :cap)
    UNION ALL
    (SELECT 1 FROM public.tasks AS t
            WHERE CAST(:with_tasks AS boolean)
              AND t.status = 'failed'
              AND t.created_at >= CAST(:since AS timestamptz) AT TIME ZONE 'UTC'
            LIMIT :cap)
    LIMIT :cap
) AS counted;

-- name: runs_pipeline_stages
-- Every stage row of one pipeline run, in the order it ran (idx_pipeline_runs_run).
SELECT p.created_at AS at, p.stage AS name, lower(COALESCE(p.status, 'unknown')) AS status,
       p.attempts AS attempt,
       CASE WHEN jsonb_typeof(p.metrics->'latency_ms') = 'number'
            THEN round((p.metrics->>'latency_ms')::numeric) END AS duration_ms,
       CASE WHEN jsonb_typeof(p.metrics->'tokens') = 'number'
            THEN round((p.metrics->>'tokens')::numeric) END AS tokens,
       CASE WHEN jsonb_typeof(p.metrics->'cost_usd') = 'number'
            THEN (p.metrics->>'cost_usd')::numeric END AS cost_usd,
       CASE WHEN jsonb_typeof(p.metrics->'cache_hit') = 'boolean'
            THEN (p.metrics->>'cache_hit')::boolean END AS cache_hit,
       COALESCE(p.error_summary, p.output_refs->>'artifact_id') AS note,
       p.input_refs, p.output_refs
FROM public.pipeline_runs AS p
WHERE p.run_id = :run_id
ORDER BY p.created_at, p.id
LIMIT 500;

-- name: runs_pipeline_totals
-- The run's metrics summed in SQL: latency, tokens, cost, cache hits, retries, failures.
SELECT count(*) AS steps,
       sum(CASE WHEN jsonb_typeof(p.metrics->'latency_ms') = 'number'
                THEN (p.metrics->>'latency_ms')::numeric END) AS duration_ms,
       sum(CASE WHEN jsonb_typeof(p.metrics->'tokens') = 'number'
                THEN (p.metrics->>'tokens')::numeric END) AS tokens,
       sum(CASE WHEN jsonb_typeof(p.metrics->'cost_usd') = 'number'
                THEN (p.metrics->>'cost_usd')::numeric END) AS cost_usd,
       count(*) FILTER (WHERE p.metrics->>'cache_hit' = 'true') AS cache_hits,
       count(*) FILTER (WHERE p.status = 'retry') AS retries,
       count(*) FILTER (WHERE p.status = 'failure') AS failures,
       min(p.created_at) AS first_at, max(p.created_at) AS last_at
FROM public.pipeline_runs AS p
WHERE p.run_id = :run_id;

-- name: runs_bot_job
-- One bot job (seed 003) with its totals: events, retries, artifacts and their size.
SELECT j.run_id, j.status, j.project_spec, j.started_at, j.completed_at, j.error_message,
       j.created_at, j.updated_at,
       round(extract(epoch FROM j.completed_at - j.started_at) * 1000) AS duration_ms,
       (SELECT count(*) FROM public.job_events AS e WHERE e.run_id = j.run_id) AS events,
       (SELECT count(*) FROM public.job_events AS e
        WHERE e.run_id = j.run_id AND e.event_type = 'retry') AS retries,
       (SELECT count(*) FROM public.artifacts AS f WHERE f.run_id = j.run_id) AS artifacts,
       (SELECT sum(f.file_size) FROM public.artifacts AS f WHERE f.run_id = j.run_id)
           AS artifact_bytes
FROM public.jobs AS j
WHERE j.run_id = :run_id;

-- name: runs_bot_events
-- The job's events in order (idx_job_events_run): the timeline of its bots.
SELECT e.created_at AS at, e.bot_name AS name, e.event_type AS status,
       COALESCE(e.payload->>'error', e.payload->>'reason', e.payload->>'message') AS note,
       CASE WHEN jsonb_typeof(e.payload->'progress') = 'number'
            THEN round((e.payload->>'progress')::numeric) END AS progress,
       CASE WHEN jsonb_typeof(e.payload->'attempt') = 'number'
            THEN round((e.payload->>'attempt')::numeric) END AS attempt
FROM public.job_events AS e
WHERE e.run_id = :run_id
ORDER BY e.created_at, e.id
LIMIT 500;

-- name: runs_bot_artifacts
-- What the job produced (idx_artifacts_run).
SELECT f.created_at AS at, f.kind, COALESCE(f.meta->>'name', f.url, f.kind) AS name, f.url,
       f.file_size, f.content_type
FROM public.artifacts AS f
WHERE f.run_id = :run_id
ORDER BY f.created_at, f.id
LIMIT 200;

-- name: runs_system_job
-- One system job (seed 001): its attempts, schedule, error, input and result.
SELECT s.id, s.job_type, s.status, s.scheduled_for, s.started_at, s.completed_at,
       s.input_data, s.result_data, s.error_message, s.attempt_count, s.max_attempts,
       s.created_at,
       round(extract(epoch FROM s.completed_at - s.started_at) * 1000) AS duration_ms
FROM system.jobs AS s
WHERE s.id = :id;

-- name: runs_system_timeline
-- The job's own moments and every recorded change of it (idx_audit_entity), in time order.
SELECT * FROM (
    SELECT s.created_at AS at, 'created' AS name, 'queued' AS status, NULL::text AS note
    FROM system.jobs AS s WHERE s.id = :id AND s.created_at IS NOT NULL
    UNION ALL
    SELECT s.scheduled_for, 'scheduled', 'queued', NULL
    FROM system.jobs AS s WHERE s.id = :id AND s.scheduled_for IS NOT NULL
    UNION ALL
    SELECT s.started_at, 'started', 'running', 'attempt ' || COALESCE(s.attempt_count, 0)
    FROM system.jobs AS s WHERE s.id = :id AND s.started_at IS NOT NULL
    UNION ALL
    SELECT s.completed_at, 'finished',
           CASE lower(s.status) WHEN 'completed' THEN 'success' WHEN 'failed' THEN 'failure'
                ELSE lower(s.status) END,
           s.error_message
    FROM system.jobs AS s WHERE s.id = :id AND s.completed_at IS NOT NULL
    UNION ALL
    SELECT l.created_at, l.action, COALESCE(l.changes->'status'->>'new', ''),
           'by ' || COALESCE(l.actor, l.source, '?')
    FROM system.audit_log AS l
    WHERE l.entity_type = 'job' AND l.entity_id = :id
) AS t
ORDER BY at
LIMIT 200;

-- name: runs_agent_run
-- One agent run (seed 004) with its LLM calls summed in SQL.
SELECT a.id, a.agent_name, a.run_type, a.status, a.started_at, a.finished_at, a.duration_ms,
       a.model, a.input_tokens, a.output_tokens, a.cost_usd, a.error_message, a.metadata,
       (SELECT count(*) FROM public."AgentQuery" AS q WHERE q.agent_run_id = a.id) AS calls,
       (SELECT round(avg(q.latency_ms)) FROM public."AgentQuery" AS q
        WHERE q.agent_run_id = a.id) AS avg_latency_ms,
       (SELECT count(*) FROM public.agent_qc AS c WHERE c.agent_run_id = a.id AND c.passed)
           AS checks_passed,
       (SELECT count(*) FROM public.agent_qc AS c WHERE c.agent_run_id = a.id) AS checks
FROM public.agent_run AS a
WHERE a.id = :id;

-- name: runs_agent_queries
-- The run's LLM calls in order (idx_agent_query_run): its timeline.
SELECT q.created_at AS at, q.provider || '/' || q.model AS name, q.status,
       q.latency_ms AS duration_ms,
       COALESCE(q.input_tokens, 0) + COALESCE(q.output_tokens, 0) AS tokens, q.cost_usd,
       q.error_message AS note
FROM public."AgentQuery" AS q
WHERE q.agent_run_id = :id
ORDER BY q.created_at, q.id
LIMIT 200;

-- name: runs_agent_checks
-- The quality checks of the run's output (idx_agent_qc_run).
SELECT c.created_at AS at, c.check_name AS name, c.passed, c.score, c.checked_by,
       c.details->>'notes' AS note
FROM public.agent_qc AS c
WHERE c.agent_run_id = :id
ORDER BY c.created_at, c.check_name
LIMIT 100;

-- name: runs_system_lock
-- R: the job as it is now, locked until the transaction ends, so the checks and the update
-- below see the same row.
SELECT s.status, s.attempt_count, s.max_attempts, s.error_message, s.scheduled_for,
       s.started_at, s.completed_at
FROM system.jobs AS s
WHERE s.id = :id
FOR UPDATE;

-- name: runs_system_requeue
-- The guard: only a failed job with attempts left goes back to the queue, to run now, with
-- its error, start and finish cleared. attempt_count is the worker's to raise when it runs it.
UPDATE system.jobs
SET status = 'pending', error_message = NULL, scheduled_for = :now, started_at = NULL,
    completed_at = NULL
WHERE id = :id AND status = 'failed'
  AND COALESCE(attempt_count, 0) < COALESCE(max_attempts, 3)
RETURNING attempt_count, max_attempts, scheduled_for;

-- name: runs_task
-- One failed task of seed 000, with the approval waiting on it if any.
SELECT t.id, t.type, t.status, t.priority, t.input, t.output, t.evidence,
       t.confidence_score, t.error_message,
       t.created_at AT TIME ZONE 'UTC' AS created_at,
       t.completed_at AT TIME ZONE 'UTC' AS completed_at,
       round(extract(epoch FROM t.completed_at - t.created_at) * 1000) AS duration_ms
FROM public.tasks AS t
WHERE t.id = :id;
