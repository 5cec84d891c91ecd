-- The schema browser (key 7, `hotdash tables`): every table and view of the shared schema.

-- name: tables_catalog
-- One row per table, view or materialized view outside Postgres' own schemas, with the
-- planner's estimate of its rows (pg_class.reltuples: -1 until the table was first analyzed;
-- never count(*), which reads a whole table), whether row-level security is on, and what the
-- current role may do with it. A role without USAGE on the schema may do nothing there,
-- whatever the table's own grants say. Partitions are left out: their parent lists them.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       c.relkind::text AS kind,
       c.reltuples::bigint AS estimated_rows,
       c.relrowsecurity AS rls,
       has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT') AS can_select,
       has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'INSERT') AS can_insert,
       has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'UPDATE') AS can_update
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_%'
ORDER BY n.nspname, c.relname;
