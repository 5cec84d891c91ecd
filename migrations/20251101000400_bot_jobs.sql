-- Seed 003: a bot pipeline with owner-scoped data. Schema public.
-- Columns as the seed lists them; its row level security (owner_id = auth.uid(), service role
-- bypass) is in the rls migration. Status values of jobs: pending, running, completed, failed,
-- cancelled (the seed lists them but defines no constraint, so none is added).

CREATE TABLE public.jobs (
    run_id        text PRIMARY KEY,
    project_spec  jsonb NOT NULL,
    owner_id      uuid,
    status        text DEFAULT 'pending',
    started_at    timestamptz,
    completed_at  timestamptz,
    error_message text,
    created_at    timestamptz DEFAULT now(),
    updated_at    timestamptz DEFAULT now()
);

CREATE TABLE public.job_events (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id      text NOT NULL REFERENCES public.jobs(run_id),
    bot_name    text NOT NULL,
    event_type  text NOT NULL,
    payload     jsonb,
    owner_id    uuid,
    created_at  timestamptz DEFAULT now()
);

CREATE TABLE public.artifacts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id        text NOT NULL REFERENCES public.jobs(run_id),
    kind          text NOT NULL,
    url           text,
    meta          jsonb,
    owner_id      uuid,
    file_size     bigint,
    content_type  text,
    checksum      text,
    created_at    timestamptz DEFAULT now()
);

CREATE TABLE public.prompts (
    id          text PRIMARY KEY,
    category    text NOT NULL,
    context     text NOT NULL,
    prompt_text text NOT NULL,
    created_at  timestamptz DEFAULT now(),
    updated_at  timestamptz DEFAULT now()
);

-- hotdash: the seed promises "proper indexes" without naming any. These serve the runs screen
-- and the row level security predicate:
--   jobs newest first by keyset (created_at, run_id); one run's events in order; one run's
--   artifacts; owner_id, which every authenticated query filters on through RLS.
CREATE INDEX idx_bot_jobs_created ON public.jobs(created_at DESC, run_id DESC);
CREATE INDEX idx_bot_jobs_owner ON public.jobs(owner_id);
CREATE INDEX idx_job_events_run ON public.job_events(run_id, created_at);
CREATE INDEX idx_job_events_owner ON public.job_events(owner_id);
CREATE INDEX idx_artifacts_run ON public.artifacts(run_id);
CREATE INDEX idx_artifacts_owner ON public.artifacts(owner_id);

CREATE TRIGGER update_jobs_updated_at BEFORE UPDATE ON public.jobs
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER update_prompts_updated_at BEFORE UPDATE ON public.prompts
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
