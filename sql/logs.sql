-- The error log (key 9, `hotdash logs`): seed 004's observability_logs, newest first.
-- :levels is the list of levels shown (ERROR and FATAL unless asked for more); :service and
-- :pattern are NULL when unused (:pattern a literal ILIKE pattern, ESCAPE '\'). A window
-- continues strictly after the keyset bound (:at, :id), on idx_observability_logs_created
-- (created_at DESC): the rows of one moment are few, and Postgres sorts them by id as it goes.

-- name: logs_window
-- plan: per value
SELECT id, level, service, message, context, trace_id, created_at
FROM public.observability_logs
WHERE level = ANY(CAST(:levels AS text[]))
  AND (CAST(:service AS text) IS NULL OR service = CAST(:service AS text))
  AND created_at >= CAST(:since AS timestamptz)
  AND (CAST(:pattern AS text) IS NULL OR message ILIKE CAST(:pattern AS text) ESCAPE '\')
  AND (created_at, id) < (CAST(:at AS timestamptz), CAST(:id AS bigint))
ORDER BY created_at DESC, id DESC
LIMIT :limit;

-- name: logs_count
-- plan: per value
-- How many lines match, stopping at :cap.
SELECT count(*) AS total FROM (
    SELECT 1 FROM public.observability_logs
    WHERE level = ANY(CAST(:levels AS text[]))
      AND (CAST(:service AS text) IS NULL OR service = CAST(:service AS text))
      AND created_at >= CAST(:since AS timestamptz)
      AND (CAST(:pattern AS text) IS NULL OR message ILIKE CAST(:pattern AS text) ESCAPE '\')
    LIMIT :cap
) AS counted;

-- name: logs_trace
-- The other lines of one trace, in order: what happened around a failure.
SELECT id, level, service, message, created_at
FROM public.observability_logs
WHERE trace_id = :trace_id AND id <> :id
ORDER BY created_at, id
LIMIT 50;
