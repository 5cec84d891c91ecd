-- hotdash_reviewer may now leave AgentFeedback (issue 18): F on an agent approval inserts a
-- feedback row, with the decision or alone, and u deletes the one written with a decision
-- (guarded on its id, approval and reviewer: sql/approvals.sql). AgentFeedback has row
-- level security, so the grants come with their policies, as the other reviewer writes do
-- (migration 20261207000100).
DO $feedback$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hotdash_reviewer') THEN
        RETURN;
    END IF;
    GRANT INSERT, DELETE ON public."AgentFeedback" TO hotdash_reviewer;
    CREATE POLICY "AgentFeedback_hotdash_reviewer_insert" ON public."AgentFeedback"
        FOR INSERT TO hotdash_reviewer WITH CHECK (true);
    CREATE POLICY "AgentFeedback_hotdash_reviewer_delete" ON public."AgentFeedback"
        FOR DELETE TO hotdash_reviewer USING (true);
END
$feedback$;
