-- The App's health checks (issue 5): cheap statements run from the App's own workers.

-- name: health_ping
-- Asked while the server is away, every 0.5 s to 5 s, until it answers again.
SELECT 1;

-- name: health_role_bypasses_rls
-- Read once at start: a superuser, or a role with BYPASSRLS (Supabase's postgres role), sees
-- every row whatever the policies say, so the header warns that RLS protects nothing.
SELECT rolsuper OR rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = current_user;
