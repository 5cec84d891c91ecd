-- Errors wherever they are logged (issue 18): seed 000's failed `tasks` join the runs log and
-- the overview's Failed runs tile. Only failed tasks are read there, newest first, as keyset
-- windows on (created_at, id): a partial index holds just those rows, however many tasks
-- complete. observability_logs already has (level, created_at DESC) for the Errors tile and
-- the log view's level filter.
CREATE INDEX idx_tasks_failed_created ON public.tasks (created_at DESC, id DESC)
    WHERE status = 'failed';

-- A log line's details list the other lines of its trace.
CREATE INDEX idx_observability_logs_trace ON public.observability_logs (trace_id);
