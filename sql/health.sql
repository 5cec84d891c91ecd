-- The App's health checks (issue 5): cheap statements run from the App's own workers.

-- name: health_ping
-- Asked while the server is away, every 0.5 s to 5 s, until it answers again.
SELECT 1;

-- name: health_role_bypasses_rls
-- Read once at start: a superuser, or a role with BYPASSRLS (Supabase's postgres role), sees
-- every row whatever the policies say, so the header warns that RLS protects nothing. And
-- whether the role may write at all: every write of the dashboard inserts an audit row, so a
-- role without INSERT on system.audit_log (hotdash_reader) gets the read-only dashboard.
-- Looked up in the catalog, not by name: a role without USAGE on the schema cannot resolve it.
-- True before the schema is migrated: the schema check says so next.
SELECT r.rolsuper OR r.rolbypassrls AS bypasses_rls,
       coalesce(
           (SELECT has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'INSERT')
            FROM pg_catalog.pg_class AS c
            JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = 'system' AND c.relname = 'audit_log'),
           true
       ) AS may_write
FROM pg_catalog.pg_roles AS r WHERE r.rolname = current_user;
