-- Seed 002: "ai-system-spec", a video content pipeline. Schema public.
-- The seed gives markdown column tables; types are taken literally (uuid, text, timestamptz,
-- int = integer, unconstrained numeric, jsonb), "PK, default ..." and "default ..." likewise.

-- Research summaries and system events (boot logs use topic 'system'); a topic is not
-- researched again within 7 days.
CREATE TABLE public.research_cache (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    topic       text NOT NULL,
    content     text,
    created_at  timestamptz DEFAULT now()
);

-- Script history for session sync.
CREATE TABLE public.scripts (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    content     text,
    created_at  timestamptz DEFAULT now()
);

-- Structured run logs, one row per run and stage (status: success / failure / retry / skipped).
CREATE TABLE public.pipeline_runs (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id        text,
    stage         text,
    status        text,
    attempts      integer,
    input_refs    jsonb,
    output_refs   jsonb,
    error_summary text,
    metrics       jsonb,
    created_at    timestamptz DEFAULT now()
);

-- hotdash: the runs screen pages all stage rows newest first by keyset on (created_at, id),
-- and opens one run's stages in order; the seed defines no index on the table.
CREATE INDEX idx_pipeline_runs_created ON public.pipeline_runs(created_at DESC, id DESC);
CREATE INDEX idx_pipeline_runs_run ON public.pipeline_runs(run_id, created_at);

-- A/B tests of titles and thumbnails.
CREATE TABLE public.metadata_experiments (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    video_id          text,
    experiment_type   text,
    title_variant     text,
    thumbnail_variant text,
    start_date        timestamptz,
    end_date          timestamptz,
    ctr               numeric,
    avd               numeric,
    notes             text,
    created_at        timestamptz DEFAULT now()
);

-- Per-channel configuration profiles. The seed calls channel_id the "unique channel
-- identifier", hence the unique constraint.
CREATE TABLE public.channel_configs (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    channel_id     text UNIQUE,
    name           text,
    tone_profile   text,
    format_profile text,
    kpi_targets    jsonb,
    created_at     timestamptz DEFAULT now()
);

-- Per-channel cost and usage.
CREATE TABLE public.channel_costs (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    channel_id  text,
    run_id      text,
    provider    text,
    cost_usd    numeric,
    tokens      integer,
    created_at  timestamptz DEFAULT now()
);
