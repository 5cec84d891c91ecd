-- hotdash: indexes for the approvals screen (key 1) beyond the pending-queue ones that
-- 20251101000100 (idx_approvals_pending_created) and 20251101000500 (idx_agent_approval_pending,
-- idx_agent_approval_status) already made. Each serves one keyset window of sql/approvals.sql,
-- so a window reads a few index pages however many decided approvals pile up.

-- approvals_done_window (filter status:decided, and the second part of status:all): everything
-- no longer pending, newest first, keyset (created_at, id) < (:ts, :id). Partial, so the pending
-- queue's rows do not sit in it.
CREATE INDEX idx_approvals_done_created ON public.approvals_queue (created_at DESC, id DESC)
    WHERE status <> 'pending';

-- approvals_status_window (filter status:approved / status:rejected): one status, newest first.
-- Without it a rare status would walk the whole done index to fill one window.
CREATE INDEX idx_approvals_status_created
    ON public.approvals_queue (status, created_at DESC, id DESC);

-- approvals_done_window for AgentApproval, like idx_approvals_done_created. The one-status
-- window of AgentApproval uses the existing idx_agent_approval_status (status, requested_at
-- DESC, id DESC).
CREATE INDEX idx_agent_approval_done ON public."AgentApproval" (requested_at DESC, id DESC)
    WHERE status <> 'pending';

-- approvals_agent_undo deletes the DecisionLog row a decision wrote, and the details read the
-- log of one approval; both look rows up by approval_id (also used by ON DELETE SET NULL).
CREATE INDEX idx_decision_log_approval ON public."DecisionLog" (approval_id);
