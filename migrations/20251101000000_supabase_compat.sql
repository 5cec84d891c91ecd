-- Supabase compatibility, so one schema runs on plain Postgres 15+ and on Supabase.
--
-- Seeds 003 and 004 rely on Supabase's roles (anon, authenticated, service_role) and on
-- auth.uid(); a plain Postgres has neither. Everything here is created only where absent:
-- on Supabase the real roles and functions already exist and are left untouched.
-- Optional extensions (pgvector, TimescaleDB) are installed when the server offers them;
-- later migrations look them up in pg_extension and fall back when they are missing.

-- Roles are cluster-wide: another database of the same cluster (tests create many) may have
-- created them already, or be creating them right now. The existence check handles the first
-- case; the handler the race, which surfaces as duplicate_object or as a unique violation on
-- pg_authid. Attributes follow Supabase: NOLOGIN NOINHERIT, service_role bypasses RLS.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'anon') THEN
        BEGIN
            CREATE ROLE anon NOLOGIN NOINHERIT;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            RAISE NOTICE 'role anon was created concurrently';
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'authenticated') THEN
        BEGIN
            CREATE ROLE authenticated NOLOGIN NOINHERIT;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            RAISE NOTICE 'role authenticated was created concurrently';
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN
        BEGIN
            CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            RAISE NOTICE 'role service_role was created concurrently';
        END;
    END IF;
END
$roles$;

-- auth.uid(), auth.role() and auth.jwt() with Supabase's own definitions: PostgREST sets
-- request.jwt.claims (the whole JWT as JSON text); older PostgREST set one setting per claim
-- (request.jwt.claim.sub, ...). Both are read, empty strings count as unset. On Supabase the
-- schema and functions exist (owned by supabase_auth_admin) and are not replaced.
DO $auth$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'auth') THEN
        CREATE SCHEMA auth;
        -- Policies call auth.uid() as the querying role, which needs USAGE on the schema.
        GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
    END IF;

    IF pg_catalog.to_regprocedure('auth.uid()') IS NULL THEN
        EXECUTE $fn$
            CREATE FUNCTION auth.uid() RETURNS uuid
            LANGUAGE sql STABLE
            AS $body$
                SELECT coalesce(
                    nullif(current_setting('request.jwt.claim.sub', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
                )::uuid
            $body$
        $fn$;
    END IF;

    IF pg_catalog.to_regprocedure('auth.role()') IS NULL THEN
        EXECUTE $fn$
            CREATE FUNCTION auth.role() RETURNS text
            LANGUAGE sql STABLE
            AS $body$
                SELECT coalesce(
                    nullif(current_setting('request.jwt.claim.role', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
                )::text
            $body$
        $fn$;
    END IF;

    IF pg_catalog.to_regprocedure('auth.jwt()') IS NULL THEN
        EXECUTE $fn$
            CREATE FUNCTION auth.jwt() RETURNS jsonb
            LANGUAGE sql STABLE
            AS $body$
                SELECT coalesce(
                    nullif(current_setting('request.jwt.claim', true), ''),
                    nullif(current_setting('request.jwt.claims', true), '')
                )::jsonb
            $body$
        $fn$;
    END IF;
END
$auth$;

-- pgvector for the knowledge base embeddings (seed 004). Supabase keeps extensions in the
-- "extensions" schema; elsewhere it goes to the default (first) schema of the search_path.
-- A server without the extension files skips it; knowledge_chunks then stores real[].
DO $vector$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'vector')
       OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'vector') THEN
        RETURN;
    END IF;
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'extensions') THEN
            CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA extensions;
        ELSE
            CREATE EXTENSION IF NOT EXISTS vector;
        END IF;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pgvector not installed (%), knowledge_chunks.embedding will be real[]', SQLERRM;
    END;
END
$vector$;

-- TimescaleDB for seed 001's time series. It only loads through shared_preload_libraries, so
-- CREATE EXTENSION can fail even where the files are installed: try it, and carry on without.
DO $timescale$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'timescaledb')
       OR NOT EXISTS (
           SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'timescaledb'
       ) THEN
        RETURN;
    END IF;
    BEGIN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'TimescaleDB not installed (%), time series stay plain tables', SQLERRM;
    END;
END
$timescale$;

-- The one trigger function that keeps every updated_at column current. An empty search_path
-- keeps it safe to call from any role (Supabase's linter flags mutable search paths).
CREATE OR REPLACE FUNCTION public.set_updated_at() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END
$$;
