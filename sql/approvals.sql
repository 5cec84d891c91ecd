-- The approvals screen (key 1): one queue over approvals_queue (seed 000, "tasks") and
-- "AgentApproval" (seed 004, "agents").
--
-- Windows, never whole tables: each window is a UNION ALL of two per-source subqueries, each
-- ordered and limited on its own index (keyset on (time, id)), merged and cut to :limit.
-- The first window passes a cursor before (or after) every row, so the keyset predicate is
-- always there and the plan is the same for every page. :with_tasks / :with_agents switch a
-- source off (a one-time filter: the branch is never run). :kind and :pattern are NULL when
-- the filter has no type: or free text; :pattern is a literal ILIKE pattern (ESCAPE '\').
-- approvals_queue stores naive UTC TIMESTAMPs; rows leave here as timestamptz.

-- name: approvals_pending_window
-- Pending items, oldest first. idx_approvals_pending_created and idx_agent_approval_pending.
SELECT * FROM (
    (SELECT 'tasks' AS source, q.id, COALESCE(t.type, q.context->>'task_type', '') AS kind,
            COALESCE(q.context->>'product_title', t.input->>'title', '') AS summary,
            t.confidence_score AS confidence, q.reason, q.status,
            q.created_at AT TIME ZONE 'UTC' AS requested_at, NULL::timestamptz AS expires_at,
            q.reviewed_by AS decided_by, q.reviewed_at AT TIME ZONE 'UTC' AS decided_at,
            q.review_reason AS decision_reason
     FROM public.approvals_queue AS q
     LEFT JOIN public.tasks AS t ON t.id = q.task_id
     WHERE CAST(:with_tasks AS boolean) AND q.status = 'pending'
       AND (q.created_at, q.id)
           > (CAST(:after_at AS timestamptz) AT TIME ZONE 'UTC', CAST(:after_id AS uuid))
       AND (CAST(:kind AS text) IS NULL OR t.type = :kind)
       AND (CAST(:pattern AS text) IS NULL OR q.reason ILIKE :pattern ESCAPE '\'
            OR q.context->>'product_title' ILIKE :pattern ESCAPE '\'
            OR t.type ILIKE :pattern ESCAPE '\')
     ORDER BY q.created_at, q.id
     LIMIT :limit)
    UNION ALL
    (SELECT 'agents', a.id, a.action_type, a.summary, a.confidence_score, a.reason, a.status,
            a.requested_at, a.expires_at, a.decided_by, a.decided_at, a.decision_reason
     FROM public."AgentApproval" AS a
     WHERE CAST(:with_agents AS boolean) AND a.status = 'pending'
       AND (a.requested_at, a.id) > (CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))
       AND (CAST(:kind AS text) IS NULL OR a.action_type = :kind)
       AND (CAST(:pattern AS text) IS NULL OR a.reason ILIKE :pattern ESCAPE '\'
            OR a.summary ILIKE :pattern ESCAPE '\' OR a.agent_name ILIKE :pattern ESCAPE '\'
            OR a.action_type ILIKE :pattern ESCAPE '\')
     ORDER BY a.requested_at, a.id
     LIMIT :limit)
) AS w
ORDER BY requested_at, id
LIMIT :limit;

-- name: approvals_done_window
-- Everything no longer pending, newest first. idx_approvals_done_created and
-- idx_agent_approval_done (migration 20251125000100).
SELECT * FROM (
    (SELECT 'tasks' AS source, q.id, COALESCE(t.type, q.context->>'task_type', '') AS kind,
            COALESCE(q.context->>'product_title', t.input->>'title', '') AS summary,
            t.confidence_score AS confidence, q.reason, q.status,
            q.created_at AT TIME ZONE 'UTC' AS requested_at, NULL::timestamptz AS expires_at,
            q.reviewed_by AS decided_by, q.reviewed_at AT TIME ZONE 'UTC' AS decided_at,
            q.review_reason AS decision_reason
     FROM public.approvals_queue AS q
     LEFT JOIN public.tasks AS t ON t.id = q.task_id
     WHERE CAST(:with_tasks AS boolean) AND q.status <> 'pending'
       AND (q.created_at, q.id)
           < (CAST(:after_at AS timestamptz) AT TIME ZONE 'UTC', CAST(:after_id AS uuid))
       AND (CAST(:kind AS text) IS NULL OR t.type = :kind)
       AND (CAST(:pattern AS text) IS NULL OR q.reason ILIKE :pattern ESCAPE '\'
            OR q.context->>'product_title' ILIKE :pattern ESCAPE '\'
            OR t.type ILIKE :pattern ESCAPE '\')
     ORDER BY q.created_at DESC, q.id DESC
     LIMIT :limit)
    UNION ALL
    (SELECT 'agents', a.id, a.action_type, a.summary, a.confidence_score, a.reason, a.status,
            a.requested_at, a.expires_at, a.decided_by, a.decided_at, a.decision_reason
     FROM public."AgentApproval" AS a
     WHERE CAST(:with_agents AS boolean) AND a.status <> 'pending'
       AND (a.requested_at, a.id) < (CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))
       AND (CAST(:kind AS text) IS NULL OR a.action_type = :kind)
       AND (CAST(:pattern AS text) IS NULL OR a.reason ILIKE :pattern ESCAPE '\'
            OR a.summary ILIKE :pattern ESCAPE '\' OR a.agent_name ILIKE :pattern ESCAPE '\'
            OR a.action_type ILIKE :pattern ESCAPE '\')
     ORDER BY a.requested_at DESC, a.id DESC
     LIMIT :limit)
) AS w
ORDER BY requested_at DESC, id DESC
LIMIT :limit;

-- name: approvals_status_window
-- One stored status, newest first. idx_approvals_status_created (migration 20251125000100)
-- and idx_agent_approval_status.
SELECT * FROM (
    (SELECT 'tasks' AS source, q.id, COALESCE(t.type, q.context->>'task_type', '') AS kind,
            COALESCE(q.context->>'product_title', t.input->>'title', '') AS summary,
            t.confidence_score AS confidence, q.reason, q.status,
            q.created_at AT TIME ZONE 'UTC' AS requested_at, NULL::timestamptz AS expires_at,
            q.reviewed_by AS decided_by, q.reviewed_at AT TIME ZONE 'UTC' AS decided_at,
            q.review_reason AS decision_reason
     FROM public.approvals_queue AS q
     LEFT JOIN public.tasks AS t ON t.id = q.task_id
     WHERE CAST(:with_tasks AS boolean) AND q.status = :status
       AND (q.created_at, q.id)
           < (CAST(:after_at AS timestamptz) AT TIME ZONE 'UTC', CAST(:after_id AS uuid))
       AND (CAST(:kind AS text) IS NULL OR t.type = :kind)
       AND (CAST(:pattern AS text) IS NULL OR q.reason ILIKE :pattern ESCAPE '\'
            OR q.context->>'product_title' ILIKE :pattern ESCAPE '\'
            OR t.type ILIKE :pattern ESCAPE '\')
     ORDER BY q.created_at DESC, q.id DESC
     LIMIT :limit)
    UNION ALL
    (SELECT 'agents', a.id, a.action_type, a.summary, a.confidence_score, a.reason, a.status,
            a.requested_at, a.expires_at, a.decided_by, a.decided_at, a.decision_reason
     FROM public."AgentApproval" AS a
     WHERE CAST(:with_agents AS boolean) AND a.status = :status
       AND (a.requested_at, a.id) < (CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))
       AND (CAST(:kind AS text) IS NULL OR a.action_type = :kind)
       AND (CAST(:pattern AS text) IS NULL OR a.reason ILIKE :pattern ESCAPE '\'
            OR a.summary ILIKE :pattern ESCAPE '\' OR a.agent_name ILIKE :pattern ESCAPE '\'
            OR a.action_type ILIKE :pattern ESCAPE '\')
     ORDER BY a.requested_at DESC, a.id DESC
     LIMIT :limit)
) AS w
ORDER BY requested_at DESC, id DESC
LIMIT :limit;

-- name: approvals_count
-- "row x of N" without counting a big table: each source stops at :cap rows, and the screen
-- shows more than the cap as "10000+". The pending case uses the partial pending indexes.
SELECT (SELECT count(*) FROM (
            SELECT 1 FROM public.approvals_queue AS q
            LEFT JOIN public.tasks AS t ON t.id = q.task_id
            WHERE CAST(:with_tasks AS boolean) AND q.status = ANY(CAST(:statuses AS text[]))
              AND (CAST(:kind AS text) IS NULL OR t.type = :kind)
              AND (CAST(:pattern AS text) IS NULL OR q.reason ILIKE :pattern ESCAPE '\'
                   OR q.context->>'product_title' ILIKE :pattern ESCAPE '\'
                   OR t.type ILIKE :pattern ESCAPE '\')
            LIMIT :cap) AS s)
     + (SELECT count(*) FROM (
            SELECT 1 FROM public."AgentApproval" AS a
            WHERE CAST(:with_agents AS boolean) AND a.status = ANY(CAST(:statuses AS text[]))
              AND (CAST(:kind AS text) IS NULL OR a.action_type = :kind)
              AND (CAST(:pattern AS text) IS NULL OR a.reason ILIKE :pattern ESCAPE '\'
                   OR a.summary ILIKE :pattern ESCAPE '\'
                   OR a.agent_name ILIKE :pattern ESCAPE '\'
                   OR a.action_type ILIKE :pattern ESCAPE '\')
            LIMIT :cap) AS s) AS total;

-- name: approvals_task_details
-- One task approval with its held task (input, output, evidence).
SELECT 'tasks' AS source, q.id, COALESCE(t.type, q.context->>'task_type', '') AS kind,
       COALESCE(q.context->>'product_title', t.input->>'title', '') AS summary,
       t.confidence_score AS confidence, q.reason, q.status,
       q.created_at AT TIME ZONE 'UTC' AS requested_at, NULL::timestamptz AS expires_at,
       q.reviewed_by AS decided_by, q.reviewed_at AT TIME ZONE 'UTC' AS decided_at,
       q.review_reason AS decision_reason,
       q.context, t.type AS task_type, t.status AS task_status, t.input AS task_input,
       t.output AS task_output, t.evidence AS task_evidence,
       COALESCE(t.input->>'product_id', q.context->>'product_id') AS product_ref
FROM public.approvals_queue AS q
LEFT JOIN public.tasks AS t ON t.id = q.task_id
WHERE q.id = :id;

-- name: approvals_agent_details
-- One agent approval with the state of the run that asked for it.
SELECT 'agents' AS source, a.id, a.action_type AS kind, a.summary,
       a.confidence_score AS confidence, a.reason, a.status, a.requested_at, a.expires_at,
       a.decided_by, a.decided_at, a.decision_reason,
       a.action_payload, a.agent_name, a.entity_type, a.entity_id, r.status AS run_status
FROM public."AgentApproval" AS a
LEFT JOIN public.agent_run AS r ON r.id = a.agent_run_id
WHERE a.id = :id;

-- name: approvals_product
-- The digital product (seed 000) a task approval is about.
SELECT id, title, status FROM public.products WHERE id = :id;

-- name: approvals_listing
-- The Amazon listing (seed 001) an agent action names by SKU.
SELECT sku, title, status FROM catalog.listings WHERE sku = :sku;

-- name: approvals_price_context
-- What a proposed price change touches (an agent's update_price): the listing's price, costs
-- and floor, resolved as the prices screen resolves them (sql/prices.sql).
SELECT l.sku, cp.price, cp.currency, cp.sale_price, cp.fba_fee, cp.net_margin_pct,
       COALESCE(cp.landed_cost,
                (SELECT round(v.estimated_landed_cost, 2)
                 FROM inventory.listing_landed_costs AS v WHERE v.listing_id = cp.listing_id))
           AS landed_cost,
       COALESCE(cp.margin_floor_pct,
                (SELECT (s.value #>> '{}')::numeric * 100 FROM system.settings AS s
                 WHERE s.key = 'pricing.default_margin_floor')) AS margin_floor_pct
FROM catalog.listings AS l
JOIN pricing.current_prices AS cp ON cp.listing_id = l.id
WHERE l.sku = :sku;

-- name: approvals_campaign_roas
-- What a proposed budget change touches (an agent's adjust_budget): the campaign named in its
-- payload, and its spend and revenue over the last :days days (the ROAS screen's window:
-- UTC days up to today, both ends included), read by (campaign_id, metric_date).
SELECT c.campaign_name, c.platform, c.status, c.budget_cents, c.target_roas,
       COALESCE(sum(m.spend_cents), 0) AS spend_cents,
       COALESCE(sum(m.revenue_cents), 0) AS revenue_cents
FROM public.ads_campaigns AS c
LEFT JOIN public.ads_daily_metrics AS m
       ON m.campaign_id = c.id
      AND m.metric_date > CAST(:today AS date) - CAST(:days AS integer)
      AND m.metric_date <= CAST(:today AS date)
WHERE c.campaign_name = :name
GROUP BY c.id
ORDER BY c.status = 'active' DESC, c.campaign_id
LIMIT 1;

-- name: approvals_decision_log
-- The DecisionLog of one agent approval, newest first (idx_decision_log_approval).
SELECT decided_at, decision, actor
FROM public."DecisionLog"
WHERE approval_id = :id
ORDER BY decided_at DESC
LIMIT 20;

-- name: approvals_task_decision
-- A task approval's whole decision as one statement: one round trip, and on its own one
-- transaction (five round trips were 164 ms at a database 30 ms away; benchmarks, section
-- 10). Each step acts only on what the step before it returned:
-- 1. The guard: only a pending item changes. No row back means someone decided it first.
-- 2. The held task leaves awaiting_approval (completed when approved, rejected when
--    rejected), finished at the decision's time as the seed does; a task
--    moved on by someone else is left alone.
-- 3. Approving approves the product the task names (else the item), while still a draft.
--    A reference that is no UUID links nothing.
-- 4. The audit row: the caller's changes, plus its task and product changes for the steps
--    that changed a row (all three written by the caller, in insert_audit's shape).
WITH decided AS (
    UPDATE public.approvals_queue
    SET status = :new_status,
        reviewed_at = CAST(:now AS timestamptz) AT TIME ZONE 'UTC',
        reviewed_by = :actor,
        review_reason = :reason
    WHERE id = :id AND status = 'pending'
    RETURNING id, task_id, context->>'product_id' AS product_ref,
              reviewed_at AT TIME ZONE 'UTC' AS decided_at
), released AS (
    UPDATE public.tasks AS t
    SET status = :task_status, completed_at = CAST(:now AS timestamptz) AT TIME ZONE 'UTC'
    FROM decided AS d
    WHERE t.id = d.task_id AND t.status = 'awaiting_approval'
    RETURNING t.input->>'product_id' AS product_ref
), linked AS (
    SELECT COALESCE(
        (SELECT CAST(r.product_ref AS uuid) FROM released AS r
         WHERE r.product_ref ~* '^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$'),
        (SELECT CAST(d.product_ref AS uuid) FROM decided AS d
         WHERE d.product_ref ~* '^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$')
    ) AS product_id
), product AS (
    UPDATE public.products AS p
    SET status = 'approved'
    FROM linked
    WHERE CAST(:approve AS boolean) AND p.id = linked.product_id AND p.status = 'draft'
    RETURNING p.id
), audit AS (
    INSERT INTO system.audit_log
        (entity_type, entity_id, action, changes, source, source_id, actor, created_at)
    SELECT :entity_type, d.id, :action,
           CAST(:changes AS jsonb)
           || CASE WHEN EXISTS (SELECT 1 FROM released)
                   THEN CAST(:task_change AS jsonb) ELSE '{}' END
           || CASE WHEN EXISTS (SELECT 1 FROM product)
                   THEN CAST(:product_change AS jsonb) ELSE '{}' END,
           :source, NULL, :actor, clock_timestamp()
    FROM decided AS d
)
SELECT d.task_id, d.decided_at,
       EXISTS (SELECT 1 FROM released) AS released,
       (SELECT p.id FROM product AS p) AS product_id
FROM decided AS d;

-- name: approvals_task_state
-- Who decided a task approval and when, for "already approved by bob at 10:41".
SELECT status, reviewed_by AS decided_by, reviewed_at AT TIME ZONE 'UTC' AS decided_at,
       NULL::timestamptz AS expires_at
FROM public.approvals_queue
WHERE id = :id;

-- name: approvals_task_undo
-- Back to pending only while the decision is still exactly the one we made.
UPDATE public.approvals_queue
SET status = 'pending', reviewed_at = NULL, reviewed_by = NULL, review_reason = NULL
WHERE id = :id AND status = :status AND reviewed_by = :actor
  AND reviewed_at = CAST(:stamp AS timestamptz) AT TIME ZONE 'UTC'
RETURNING id;

-- name: approvals_task_hold_again
UPDATE public.tasks
SET status = 'awaiting_approval', completed_at = NULL
WHERE id = :task_id AND status = :status
  AND completed_at = CAST(:stamp AS timestamptz) AT TIME ZONE 'UTC'
RETURNING id;

-- name: approvals_product_back_to_draft
UPDATE public.products SET status = 'draft'
WHERE id = :id AND status = 'approved'
RETURNING id;

-- name: approvals_agent_decision
-- An agent approval's whole decision as one statement, as approvals_task_decision is for a
-- task (one round trip; on its own one transaction). Each step acts on what the one before
-- it returned:
-- 1. The guard: only a pending request changes, and approving also needs it unexpired.
-- 2. The DecisionLog row seed 004 writes for every decided approval, in the domain of the
--    agent that asked (as the seed maps them), from the row as decided.
-- 3. The reviewer's feedback for that agent, when the caller gives a feedback type (the
--    columns of approvals_feedback_insert).
-- 4. The audit row: the caller's changes, plus the DecisionLog row and the feedback row as
--    Python's Decision names them ("<id>" and "<id> <type>", new values of no old ones).
WITH decided AS (
    UPDATE public."AgentApproval"
    SET status = :new_status, decided_at = :now, decided_by = :actor, decision_reason = :reason
    WHERE id = :id AND status = 'pending'
      AND (CAST(:allow_expired AS boolean) OR expires_at IS NULL OR expires_at > :now)
    RETURNING id, agent_name, agent_run_id, status, summary, decision_reason, decided_by,
              decided_at, updated_at, entity_type, entity_id, action_payload
), logged AS (
    INSERT INTO public."DecisionLog"
        (decided_at, domain, decision, rationale, actor, actor_type, entity_type, entity_id,
         approval_id, payload)
    SELECT a.decided_at,
           CASE a.agent_name WHEN 'support-agent' THEN 'cx' WHEN 'pricing-agent' THEN 'pricing'
                             WHEN 'inventory-agent' THEN 'inventory' WHEN 'ads-agent' THEN 'ads'
                             WHEN 'content-agent' THEN 'growth' ELSE 'system' END,
           a.status || ': ' || a.summary, a.decision_reason, a.decided_by, 'human',
           a.entity_type, a.entity_id, a.id, a.action_payload
    FROM decided AS a
    RETURNING id
), feedback AS (
    INSERT INTO public."AgentFeedback"
        (agent_name, approval_id, agent_run_id, feedback_type, rating, comment,
         corrected_output, given_by)
    SELECT a.agent_name, a.id, a.agent_run_id, :type, :rating, :comment,
           CAST(:corrected AS jsonb), :actor
    FROM decided AS a
    WHERE CAST(:type AS text) IS NOT NULL
    RETURNING id, feedback_type
), audit AS (
    INSERT INTO system.audit_log
        (entity_type, entity_id, action, changes, source, source_id, actor, created_at)
    SELECT :entity_type, a.id, :action,
           CAST(:changes AS jsonb)
           || jsonb_build_object(
                  'DecisionLog', jsonb_build_object('old', NULL, 'new', CAST(l.id AS text)))
           || COALESCE(
                  (SELECT jsonb_build_object('AgentFeedback', jsonb_build_object(
                              'old', NULL, 'new', CAST(f.id AS text) || ' ' || f.feedback_type))
                   FROM feedback AS f),
                  '{}'),
           :source, NULL, :actor, clock_timestamp()
    FROM decided AS a CROSS JOIN logged AS l
)
SELECT a.decided_at, a.updated_at, l.id AS log_id, (SELECT f.id FROM feedback AS f) AS feedback_id
FROM decided AS a CROSS JOIN logged AS l;

-- name: approvals_agent_state
-- Who decided an agent approval and when; expires_at says whether a pending one expired.
SELECT status, decided_by, decided_at, expires_at
FROM public."AgentApproval"
WHERE id = :id;

-- name: approvals_agent_undo
-- Back to pending only while nobody touched the row since our decision (updated_at is
-- kept by a trigger, so any later change moves it).
UPDATE public."AgentApproval"
SET status = 'pending', decided_at = NULL, decided_by = NULL, decision_reason = NULL
WHERE id = :id AND status = :status AND decided_by = :actor AND updated_at = :stamp
RETURNING id;

-- name: approvals_agent_unlog
-- The decision did not stand, so its DecisionLog row goes too (every decided approval has
-- one row, a pending one none); system.audit_log keeps both the decision and the undo.
DELETE FROM public."DecisionLog" WHERE id = :id AND approval_id = :approval_id;

-- name: approvals_feedback_insert
-- A reviewer's feedback for the agent that asked (seed 004's AgentFeedback), written with a
-- decision in its transaction or alone; nothing when the approval is gone.
INSERT INTO public."AgentFeedback"
    (agent_name, approval_id, agent_run_id, feedback_type, rating, comment, corrected_output,
     given_by)
SELECT a.agent_name, a.id, a.agent_run_id, :type, :rating, :comment,
       CAST(:corrected AS jsonb), :actor
FROM public."AgentApproval" AS a
WHERE a.id = :id
RETURNING id;

-- name: approvals_feedback_delete
-- Undoing a decision takes back the feedback written with it: that row alone, and only the
-- reviewer's own.
DELETE FROM public."AgentFeedback"
WHERE id = :id AND approval_id = :approval_id AND given_by = :actor
RETURNING id;
