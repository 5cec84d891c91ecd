-- system.audit_log records the database role that wrote each row (issue 15), beside the
-- self-declared `actor` (--as, HOTDASH_USER): a reviewer's identity cannot be forged by a flag
-- alone. A trigger sets it from session_user, whatever the insert says, so a role that may
-- insert audit rows cannot name another. Rows written before this migration keep NULL.
-- Adding a nullable column without a default rewrites nothing, at a million rows too.
ALTER TABLE system.audit_log ADD COLUMN db_role text;

CREATE FUNCTION system.audit_log_set_db_role() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    NEW.db_role := session_user;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER audit_log_db_role BEFORE INSERT ON system.audit_log
    FOR EACH ROW EXECUTE FUNCTION system.audit_log_set_db_role();
