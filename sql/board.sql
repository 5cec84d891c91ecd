-- The task board (key 2): kanban stages as columns, workflow.tasks as cards.
--
-- A column is read as a window: the cards of one stage ordered by rank (the priority with
-- NULL last: COALESCE(priority_score, -1000), below anything DECIMAL(5,2) can hold) and id,
-- continued by keyset from the last card shown. The first window starts above every rank
-- (:after_rank 1000). idx_tasks_board_window (migration 20251125000200) serves the window
-- and the capped counts in index order.
-- The filters come in a second variant of each query so that the unfiltered board, the
-- common case, has a plan that stays on the index even as a generic prepared plan.

-- name: board_stages
-- Every stage in board order; there are a handful.
SELECT id, name, description, color, sort_order,
       COALESCE(is_default, FALSE) AS is_default,
       COALESCE(is_terminal, FALSE) AS is_terminal
FROM workflow.kanban_stages
ORDER BY sort_order, id;

-- name: board_column_window
-- One window of one column, unfiltered: an index range scan on idx_tasks_board_window.
SELECT t.id, t.title, t.description, t.task_type, t.priority_score, t.due_date,
       t.completed_at, t.tags, t.stage_id, t.updated_at, l.asin,
       COALESCE(cardinality(t.listing_ids), 0) AS listing_count
FROM workflow.tasks AS t
LEFT JOIN catalog.listings AS l ON l.id = t.listing_id
WHERE t.stage_id = :stage_id
  AND (COALESCE(t.priority_score, -1000), t.id)
      < (CAST(:after_rank AS numeric), CAST(:after_id AS uuid))
ORDER BY COALESCE(t.priority_score, -1000) DESC, t.id DESC
LIMIT :limit;

-- name: board_windows_every_stage
-- The first window of every column in one statement, instead of one board_column_window per
-- column run one after the other: for each stage, the range of idx_tasks_board_window that
-- board_column_window reads first. It needs no list of stages, so the board reads it with
-- the stages and their counts (db/together.py): one round trip and one moment for all three.
-- A stage reads :default_size cards unless :stage_ids and :sizes give it another size (a
-- column the user scrolled through keeps as many; a size of 0 leaves a stage out). The
-- final sort orders a few hundred rows at most.
SELECT t.id, t.title, t.description, t.task_type, t.priority_score, t.due_date,
       t.completed_at, t.tags, t.stage_id, t.updated_at, t.asin, t.listing_count
FROM workflow.kanban_stages AS s
LEFT JOIN unnest(CAST(:stage_ids AS uuid[]), CAST(:sizes AS integer[])) AS o(stage_id, size)
       ON o.stage_id = s.id
CROSS JOIN LATERAL (
    SELECT t.id, t.title, t.description, t.task_type, t.priority_score, t.due_date,
           t.completed_at, t.tags, t.stage_id, t.updated_at, l.asin,
           COALESCE(cardinality(t.listing_ids), 0) AS listing_count
    FROM workflow.tasks AS t
    LEFT JOIN catalog.listings AS l ON l.id = t.listing_id
    WHERE t.stage_id = s.id
    ORDER BY COALESCE(t.priority_score, -1000) DESC, t.id DESC
    LIMIT COALESCE(o.size, :default_size)
) AS t
ORDER BY s.sort_order, s.id, COALESCE(t.priority_score, -1000) DESC, t.id DESC;

-- name: board_column_window_filtered
-- The window with a `type:` filter only: idx_tasks_board_type_window keeps it in index order.
SELECT t.id, t.title, t.description, t.task_type, t.priority_score, t.due_date,
       t.completed_at, t.tags, t.stage_id, t.updated_at, l.asin,
       COALESCE(cardinality(t.listing_ids), 0) AS listing_count
FROM workflow.tasks AS t
LEFT JOIN catalog.listings AS l ON l.id = t.listing_id
WHERE t.stage_id = :stage_id
  AND (COALESCE(t.priority_score, -1000), t.id)
      < (CAST(:after_rank AS numeric), CAST(:after_id AS uuid))
  AND t.task_type = CAST(:task_type AS text)
ORDER BY COALESCE(t.priority_score, -1000) DESC, t.id DESC
LIMIT :limit;

-- name: board_column_window_search
-- The window with a tag, listing or text term (type optional); a NULL term matches
-- everything. Text is matched literally (the pattern comes from contains_pattern); the
-- listing term matches the task's own listing and the listings of a bulk task.
-- Each term is cheap to test on a row the planner walks in rank order, and each has an index
-- (idx_tasks_tags_lower, the trigram indexes, idx_tasks_listing / idx_tasks_listing_ids; see
-- migration 20251125000300) for when the planner expects the term to be rare.
SELECT t.id, t.title, t.description, t.task_type, t.priority_score, t.due_date,
       t.completed_at, t.tags, t.stage_id, t.updated_at, l.asin,
       COALESCE(cardinality(t.listing_ids), 0) AS listing_count
FROM workflow.tasks AS t
LEFT JOIN catalog.listings AS l ON l.id = t.listing_id
WHERE t.stage_id = :stage_id
  AND (COALESCE(t.priority_score, -1000), t.id)
      < (CAST(:after_rank AS numeric), CAST(:after_id AS uuid))
  AND (CAST(:task_type AS text) IS NULL OR t.task_type = CAST(:task_type AS text))
  AND (CAST(:tag AS text) IS NULL
       OR t.tags_lower @> ARRAY[lower(CAST(:tag AS text))])
  AND (CAST(:asin AS text) IS NULL
       OR t.listing_id = ANY (ARRAY(SELECT f.id FROM catalog.listings AS f
                                    WHERE f.asin = CAST(:asin AS text)))
       OR t.listing_ids && ARRAY(SELECT f.id FROM catalog.listings AS f
                                 WHERE f.asin = CAST(:asin AS text)))
  AND (CAST(:pattern AS text) IS NULL
       OR t.title ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR t.description ILIKE CAST(:pattern AS text) ESCAPE '\')
ORDER BY COALESCE(t.priority_score, -1000) DESC, t.id DESC
LIMIT :limit;

-- name: board_column_window_sparse
-- board_column_window_search for a term that matches few cards of this stage (the capped
-- count says how few). "+ 0" in ORDER BY keeps the planner from walking the stage in rank
-- order hoping to meet :limit matches early: a term that is rare in a big stage would then
-- read the whole stage (0.5 s for a tag absent from a stage of 700k cards). Here the
-- matches are found through their index and only they are sorted.
-- Its filter terms are board_column_window_search's, word for word (a test compares them).
SELECT t.id, t.title, t.description, t.task_type, t.priority_score, t.due_date,
       t.completed_at, t.tags, t.stage_id, t.updated_at, l.asin,
       COALESCE(cardinality(t.listing_ids), 0) AS listing_count
FROM workflow.tasks AS t
LEFT JOIN catalog.listings AS l ON l.id = t.listing_id
WHERE t.stage_id = :stage_id
  AND (COALESCE(t.priority_score, -1000), t.id)
      < (CAST(:after_rank AS numeric), CAST(:after_id AS uuid))
  AND (CAST(:task_type AS text) IS NULL OR t.task_type = CAST(:task_type AS text))
  AND (CAST(:tag AS text) IS NULL
       OR t.tags_lower @> ARRAY[lower(CAST(:tag AS text))])
  AND (CAST(:asin AS text) IS NULL
       OR t.listing_id = ANY (ARRAY(SELECT f.id FROM catalog.listings AS f
                                    WHERE f.asin = CAST(:asin AS text)))
       OR t.listing_ids && ARRAY(SELECT f.id FROM catalog.listings AS f
                                 WHERE f.asin = CAST(:asin AS text)))
  AND (CAST(:pattern AS text) IS NULL
       OR t.title ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR t.description ILIKE CAST(:pattern AS text) ESCAPE '\')
ORDER BY COALESCE(t.priority_score, -1000) + 0 DESC, t.id DESC
LIMIT :limit;

-- name: board_stage_counts
-- Cards per stage for the column headers, each count capped at :cap rows of the index,
-- so a stage of a million tasks costs no more than one of :cap.
SELECT s.id AS stage_id, c.cards
FROM workflow.kanban_stages AS s
CROSS JOIN LATERAL (
    SELECT count(*) AS cards
    FROM (SELECT 1 FROM workflow.tasks AS t WHERE t.stage_id = s.id LIMIT :cap) AS w
) AS c
ORDER BY s.sort_order, s.id;

-- name: board_stage_counts_filtered
-- The capped counts under the `/` filter (the terms as in board_column_window_filtered).
SELECT s.id AS stage_id, c.cards
FROM workflow.kanban_stages AS s
CROSS JOIN LATERAL (
    SELECT count(*) AS cards
    FROM (
        SELECT 1
        FROM workflow.tasks AS t
        WHERE t.stage_id = s.id
          AND (CAST(:task_type AS text) IS NULL OR t.task_type = CAST(:task_type AS text))
          AND (CAST(:tag AS text) IS NULL
               OR t.tags_lower @> ARRAY[lower(CAST(:tag AS text))])
          AND (CAST(:asin AS text) IS NULL
               OR t.listing_id = ANY (ARRAY(SELECT f.id FROM catalog.listings AS f
                                            WHERE f.asin = CAST(:asin AS text)))
               OR t.listing_ids && ARRAY(SELECT f.id FROM catalog.listings AS f
                                         WHERE f.asin = CAST(:asin AS text)))
          AND (CAST(:pattern AS text) IS NULL
               OR t.title ILIKE CAST(:pattern AS text) ESCAPE '\'
               OR t.description ILIKE CAST(:pattern AS text) ESCAPE '\')
        LIMIT :cap
    ) AS w
) AS c
ORDER BY s.sort_order, s.id;

-- name: board_move_task
-- Moves a card if, and only if, it is still in the stage the user saw (the guard). Reaching
-- a terminal stage stamps completed_at, leaving one clears it, terminal to terminal keeps it.
-- FOR UPDATE makes a concurrent mover wait and then re-check the guard on the new row.
WITH before AS (
    SELECT id, completed_at
    FROM workflow.tasks
    WHERE id = :task_id AND stage_id = :from_stage_id
    FOR UPDATE
)
UPDATE workflow.tasks AS t
SET stage_id = dest.id,
    completed_at = CASE
        WHEN NOT COALESCE(dest.is_terminal, FALSE) THEN NULL
        WHEN COALESCE(src.is_terminal, FALSE)
            THEN COALESCE(before.completed_at, CAST(:now AS timestamptz))
        ELSE CAST(:now AS timestamptz)
    END
FROM before, workflow.kanban_stages AS src, workflow.kanban_stages AS dest
WHERE t.id = before.id
  AND t.stage_id = :from_stage_id
  AND src.id = :from_stage_id
  AND dest.id = :to_stage_id
RETURNING t.id, src.name AS from_stage, dest.name AS to_stage,
          before.completed_at AS old_completed_at, t.completed_at AS new_completed_at;

-- name: board_task_stage
-- Where a task is now (for the sentence of a lost race, and the stage `board move` guards
-- on); no row when it was deleted.
SELECT s.name AS stage, t.stage_id
FROM workflow.tasks AS t
JOIN workflow.kanban_stages AS s ON s.id = t.stage_id
WHERE t.id = :task_id;

-- name: board_task_now
-- A task as it is now, for an edit that lost its race: what changed since the form read it.
SELECT t.title, t.description, t.task_type, t.priority_score, t.due_date, t.tags, l.asin,
       t.updated_at, s.name AS stage
FROM workflow.tasks AS t
JOIN workflow.kanban_stages AS s ON s.id = t.stage_id
LEFT JOIN catalog.listings AS l ON l.id = t.listing_id
WHERE t.id = :task_id;

-- name: board_default_stage
-- Where a new task goes: the default stage, else the first stage of the board.
SELECT id, name
FROM workflow.kanban_stages
ORDER BY COALESCE(is_default, FALSE) DESC, sort_order, id
LIMIT 1;

-- name: board_find_listing
-- The listing of an ASIN typed in the task form (catalog.listings.asin is unique).
SELECT id FROM catalog.listings WHERE asin = :asin;

-- name: board_insert_task
INSERT INTO workflow.tasks
    (title, description, task_type, listing_id, stage_id, priority_score, created_by,
     due_date, tags)
VALUES
    (:title, :description, :task_type, :listing_id, :stage_id, :priority_score, 'user',
     :due_date, :tags)
RETURNING id, updated_at;

-- name: board_lock_task_version
-- The editable fields of a task as the user read them: the row is locked only if its
-- updated_at is still the one the form was opened with (optimistic concurrency).
SELECT t.title, t.description, t.task_type, t.priority_score, t.due_date, t.tags,
       t.listing_id, l.asin
FROM workflow.tasks AS t
LEFT JOIN catalog.listings AS l ON l.id = t.listing_id
WHERE t.id = :task_id AND t.updated_at = :expected_updated_at
FOR UPDATE OF t;

-- name: board_update_task
-- Guarded again on updated_at, so the statement is safe even on its own.
UPDATE workflow.tasks
SET title = :title,
    description = :description,
    task_type = :task_type,
    priority_score = :priority_score,
    due_date = :due_date,
    tags = :tags,
    listing_id = :listing_id
WHERE id = :task_id AND updated_at = :expected_updated_at
RETURNING updated_at;
