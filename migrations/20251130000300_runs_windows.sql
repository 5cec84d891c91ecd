-- hotdash: indexes for the pipeline runs screen (key 5) beyond those that 20251101000300
-- (idx_pipeline_runs_created, idx_pipeline_runs_run), 20251101000200 (idx_jobs_created),
-- 20251101000400 (idx_bot_jobs_created) and 20251101000500 (idx_agent_run_started) already
-- made. pipeline_runs is the one run log that grows to millions of rows.

-- runs_window_status / runs_count_status (filter status:failure, status:retry, ...): one stored
-- status of pipeline_runs, newest first, keyset (created_at, id) < (:at, :id). Without it a
-- rare status (a few failures among a million successes) would walk the whole time index to
-- fill one window, and a status no row has would read all of it to find nothing.
CREATE INDEX idx_pipeline_runs_status_created
    ON public.pipeline_runs (status, created_at DESC, id DESC);

-- runs_window_search / runs_count_search with stage:render: one stage of pipeline_runs,
-- newest first. The filter compares lower(stage), so the index is on that expression; a
-- stage no row has is then found empty at once instead of by reading the whole log.
CREATE INDEX idx_pipeline_runs_stage_created
    ON public.pipeline_runs (lower(stage), created_at DESC, id DESC);
