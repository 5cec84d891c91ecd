-- system.audit_log: one row per user-initiated write, written in the same transaction.

-- name: insert_audit
-- changes is {"field": {"old": x, "new": y}} as seed 001 documents. source says the channel
-- ('hotdash' for this dashboard), actor the person. clock_timestamp(), not the column's
-- default now(): now() is the transaction's start, so two changes in one transaction would
-- tie and "the latest change" would be a coin toss.
INSERT INTO system.audit_log
    (entity_type, entity_id, action, changes, source, source_id, actor, created_at)
VALUES (:entity_type, :entity_id, :action, CAST(:changes AS jsonb), :source, :source_id, :actor,
        clock_timestamp())
RETURNING id, created_at

-- name: latest_audit
-- The last recorded change of one entity: who and when, for "already moved by bob at 10:41".
-- idx_audit_entity finds the entity's rows; they are few per entity.
SELECT actor, action, source, created_at
FROM system.audit_log
WHERE entity_type = :entity_type AND entity_id = :entity_id
ORDER BY created_at DESC, id DESC
LIMIT 1
