-- hotdash: the task board's `/` filters on tags and text stay quick with a million tasks.
-- Without these a selective filter walks every card of a stage (seconds at 1M tasks).

-- tag:seasonal matches the tag in any letter case, as the board has always done. The lowered
-- tags are kept in a generated column so that the test is a cheap array containment on every
-- row the planner reads, and an indexed one (GIN) when the tag is rare. An SQL function
-- because a generation expression cannot hold a subquery. IMMUTABLE: lower() is, and the
-- result depends on the argument only. Fully qualified, so no search_path can change it.
CREATE FUNCTION workflow.tags_lowered(tags text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (SELECT pg_catalog.array_agg(pg_catalog.lower(tag)) FROM pg_catalog.unnest(tags) AS tag);

-- hotdash: derived from tags, never written by anyone.
ALTER TABLE workflow.tasks
    ADD COLUMN tags_lower text[] GENERATED ALWAYS AS (workflow.tags_lowered(tags)) STORED;

-- sql/board.sql board_column_window_search and board_stage_counts_filtered with `tag:`:
--   t.tags_lower @> ARRAY[lower(:tag)]
CREATE INDEX idx_tasks_tags_lower ON workflow.tasks USING gin (tags_lower);

-- Free text is matched with ILIKE '%...%' on title and description; trigram indexes answer
-- that when pg_trgm exists (it ships with Postgres' contrib and with Supabase, in the
-- extensions schema there). Without it the filter still works, by reading the stage.
DO $trgm$
DECLARE
    trgm_schema text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_trgm') THEN
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'pg_trgm')
        THEN
            RAISE NOTICE 'pg_trgm not installed: board text filters read without an index';
            RETURN;
        END IF;
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'extensions') THEN
                CREATE EXTENSION pg_trgm WITH SCHEMA extensions;
            ELSE
                CREATE EXTENSION pg_trgm;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'pg_trgm could not be created (%): no text index', SQLERRM;
            RETURN;
        END;
    END IF;
    SELECT n.nspname INTO trgm_schema
    FROM pg_catalog.pg_extension AS e
    JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
    EXECUTE format(
        'CREATE INDEX idx_tasks_title_trgm ON workflow.tasks USING gin (title %I.gin_trgm_ops)',
        trgm_schema);
    EXECUTE format(
        'CREATE INDEX idx_tasks_description_trgm ON workflow.tasks'
        ' USING gin (description %I.gin_trgm_ops)',
        trgm_schema);
END
$trgm$;

-- listing:B0... matches a task's own listing (idx_tasks_listing) or one of a bulk task's
-- listings; this index answers the second, `t.listing_ids && ARRAY(...)`.
CREATE INDEX idx_tasks_listing_ids ON workflow.tasks USING gin (listing_ids);
