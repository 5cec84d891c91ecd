-- The task board (key 2) reads each kanban column as a window: the cards of one stage,
-- highest priority first, NULL priorities last, continued by keyset on (rank, id). These
-- indexes answer every window and every capped column count with a range scan of one
-- stage in index order: no sort, no scan of other stages, however many tasks there are.
--
-- The rank is COALESCE(priority_score, -1000): priority_score is DECIMAL(5,2), so -1000 is
-- below anything the column can hold and unscored tasks sort after every scored one. The
-- expression must stay exactly as sql/board.sql writes it for the planner to match it.

-- sql/board.sql board_column_window (and the filtered variant with tag or text only):
--   WHERE t.stage_id = :stage_id
--     AND (COALESCE(t.priority_score, -1000), t.id) < (:after_rank, :after_id)
--   ORDER BY COALESCE(t.priority_score, -1000) DESC, t.id DESC LIMIT :limit
-- board_stage_counts reads it too (index only): SELECT 1 ... WHERE t.stage_id = s.id LIMIT :cap
CREATE INDEX idx_tasks_board_window
    ON workflow.tasks (stage_id, (COALESCE(priority_score, -1000)) DESC, id DESC);

-- sql/board.sql board_column_window_filtered and board_stage_counts_filtered with `type:`,
-- the board's one enumerated filter: WHERE t.stage_id = :stage_id AND t.task_type = :task_type
-- plus the keyset and ORDER BY above, so a filtered column is still a window in index order.
CREATE INDEX idx_tasks_board_type_window
    ON workflow.tasks (stage_id, task_type, (COALESCE(priority_score, -1000)) DESC, id DESC);
