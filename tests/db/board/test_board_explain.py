"""The board's windows and counts stay on indexes at scale: EXPLAIN over 21,000 tasks.

Each test fills workflow.tasks with ``INSERT ... SELECT generate_series``, ANALYZEs it and
asserts the planner walks an index of workflow.tasks in order: no Sort, no Seq Scan on it.
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.board.read import COUNT_CAP, BoardFilter, load_board, load_column
from hotdash_tui.db.sql import sql_text
from tests.db.plans import explain, plan_nodes

TASKS = 21_000
WINDOW_INDEX = "idx_tasks_board_window"
TYPE_INDEX = "idx_tasks_board_type_window"
LISTING_INDEXES = ("idx_tasks_listing", "idx_tasks_listing_ids")
_TOP = {"after_rank": Decimal(1000), "after_id": uuid.UUID(int=(1 << 128) - 1)}


def assert_reads_an_index(nodes: list[Any], *indexes: str) -> None:
    """The tasks are read through one of ``indexes`` only, never by a Seq Scan."""
    on_tasks = [n for n in nodes if n.get("Relation Name") == "tasks"]
    assert on_tasks, nodes
    assert all(n["Node Type"] != "Seq Scan" for n in on_tasks), on_tasks
    # A Bitmap Index Scan names its index but not its table: every index of tasks counts.
    used = {n["Index Name"] for n in nodes if n.get("Index Name", "").startswith("idx_tasks")}
    assert used and used <= set(indexes), used


def assert_walks_the_index_in_order(nodes: list[Any], index: str = WINDOW_INDEX) -> None:
    assert_reads_an_index(nodes, index)
    assert all(n["Node Type"] != "Sort" for n in nodes), nodes


@pytest.fixture
def big_board(db_engine: sqlalchemy.Engine) -> uuid.UUID:
    """21,000 tasks over the seven stages, a tenth without priority; returns Review's id."""
    with db_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO catalog.listings (asin, sku, title)"
                " SELECT 'B0' || lpad(g::text, 8, '0'), 'SKU-' || g, 'Listing ' || g"
                " FROM generate_series(1, 200) g"
            )
        )
        conn.execute(
            text(
                "INSERT INTO workflow.tasks"
                " (title, task_type, stage_id, priority_score, listing_id, tags, due_date)"
                " SELECT 'Task ' || g,"
                "  (ARRAY['optimization','pricing','competitive','compliance','launch','other'])"
                "   [1 + g % 6],"
                "  s.ids[1 + g % 7],"
                "  CASE WHEN g % 10 = 0 THEN NULL ELSE (g * 37 % 10000) / 100.0 END,"
                "  l.ids[1 + g % 200], ARRAY['tag' || (g % 5)], DATE '2026-11-01' + (g % 60)"
                " FROM generate_series(1, :n) g,"
                "  (SELECT array_agg(id ORDER BY sort_order) AS ids"
                "   FROM workflow.kanban_stages) s,"
                "  (SELECT array_agg(id ORDER BY asin) AS ids FROM catalog.listings) l"
            ),
            {"n": TASKS},
        )
    with db_engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM ANALYZE workflow.tasks"
        )
        conn.exec_driver_sql("ANALYZE catalog.listings")
        conn.exec_driver_sql("ANALYZE workflow.kanban_stages")
        conn.commit()
        review: uuid.UUID = conn.execute(
            text("SELECT id FROM workflow.kanban_stages WHERE name = 'Review'")
        ).scalar_one()
    return review


def test_a_column_window_walks_the_board_index_first_and_deep(
    db_engine: sqlalchemy.Engine, big_board: uuid.UUID
) -> None:
    deep = load_column(db_engine, big_board, limit=1000).next_cursor
    assert deep is not None
    with db_engine.connect() as conn:
        first = explain(conn, "board_column_window", {"stage_id": big_board, "limit": 41} | _TOP)
        later = explain(
            conn,
            "board_column_window",
            {"stage_id": big_board, "after_rank": deep.rank, "after_id": deep.id, "limit": 41},
        )
    assert_walks_the_index_in_order(first)
    assert_walks_the_index_in_order(later)
    cond = next(n["Index Cond"] for n in later if n.get("Index Name") == WINDOW_INDEX)
    assert "ROW(COALESCE(priority_score" in cond  # the keyset is an index bound, not a filter


def test_the_first_windows_of_all_columns_walk_the_board_index_per_stage(
    db_engine: sqlalchemy.Engine, big_board: uuid.UUID
) -> None:
    with db_engine.connect() as conn:
        stages = list(conn.execute(text("SELECT id FROM workflow.kanban_stages")).scalars())
        nodes = explain(
            conn,
            "board_windows_every_stage",
            {"stage_ids": stages[:1], "sizes": [61], "default_size": 41},
        )
    assert_reads_an_index(nodes, WINDOW_INDEX)
    # The only Sort orders the windows' rows, above the per-stage Limit: never a stage.
    for sort in (n for n in nodes if n["Node Type"] == "Sort"):
        below = list(plan_nodes(sort))
        assert any(n["Node Type"] == "Limit" for n in below), sort


def test_the_first_windows_are_the_column_windows(
    db_engine: sqlalchemy.Engine, big_board: uuid.UUID
) -> None:
    board = load_board(db_engine, limits={big_board: 7})
    for stage in board.stages:
        alone = load_column(db_engine, stage.id, limit=7 if stage.id == big_board else 40)
        assert board.columns[stage.id] == alone


def test_the_window_stays_on_the_index_as_a_generic_prepared_plan(
    db_engine: sqlalchemy.Engine, big_board: uuid.UUID
) -> None:
    """psycopg prepares a statement run five times; Postgres may then plan it generically."""
    names: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        if match[1] not in names:
            names.append(match[1])
        return f"${names.index(match[1]) + 1}"

    body = re.sub(r"(?<![:\w]):([a-z_]+)", placeholder, sql_text("board_column_window"))
    with db_engine.connect() as conn:
        conn.exec_driver_sql("PREPARE board_window AS " + body)
        conn.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
        args = {"stage_id": big_board, "limit": 41} | _TOP
        # EXECUTE takes no bind parameters; these are a UUID, a Decimal and an int of ours.
        literals = ", ".join(f"'{args[n]}'" for n in names)
        document = conn.exec_driver_sql(
            "EXPLAIN (FORMAT JSON) EXECUTE board_window(" + literals + ")"
        ).scalar_one()
    nodes = list(plan_nodes(document[0]["Plan"]))
    assert_walks_the_index_in_order(nodes)
    assert any("$1" in n.get("Index Cond", "") for n in nodes)  # it is the generic plan


def test_a_type_filtered_window_walks_the_type_index_in_order(
    db_engine: sqlalchemy.Engine, big_board: uuid.UUID
) -> None:
    params = {"stage_id": big_board, "limit": 41} | _TOP | BoardFilter("pricing").params()
    with db_engine.connect() as conn:
        nodes = explain(conn, "board_column_window_filtered", params)
    assert_walks_the_index_in_order(nodes, TYPE_INDEX)


@pytest.mark.parametrize(
    ("board_filter", "indexes"),
    [
        (BoardFilter(tag="tag3"), (WINDOW_INDEX,)),
        (BoardFilter(text="Task 1"), (WINDOW_INDEX,)),
        # Few rows expected: the planner may sort the stage's launch tasks with the tag,
        # read by their indexes.
        (
            BoardFilter(task_type="launch", tag="tag1", text="9"),
            (TYPE_INDEX, "idx_tasks_tags_lower"),
        ),
        (
            BoardFilter(asin="B000000007"),
            (WINDOW_INDEX, TYPE_INDEX, "idx_tasks_stage", *LISTING_INDEXES),
        ),
    ],
    ids=["tag", "text", "all three", "listing"],
)
def test_a_filtered_window_reads_one_stage_by_index(
    db_engine: sqlalchemy.Engine,
    big_board: uuid.UUID,
    board_filter: BoardFilter,
    indexes: tuple[str, ...],
) -> None:
    params = {"stage_id": big_board, "limit": 41} | _TOP | board_filter.params()
    with db_engine.connect() as conn:
        nodes = explain(conn, "board_column_window_search", params)
    assert_reads_an_index(nodes, *indexes)


@pytest.mark.parametrize(
    ("board_filter", "indexes"),
    [
        (BoardFilter(tag="RARE"), ("idx_tasks_tags_lower",)),
        (BoardFilter(text="needle in"), ("idx_tasks_title_trgm", "idx_tasks_description_trgm")),
        (BoardFilter(asin="B000000007"), (*LISTING_INDEXES, "idx_tasks_stage")),
    ],
    ids=["tag", "text", "listing"],
)
def test_a_rare_term_is_found_through_its_own_index_not_by_walking_the_stage(
    db_engine: sqlalchemy.Engine,
    big_board: uuid.UUID,
    board_filter: BoardFilter,
    indexes: tuple[str, ...],
) -> None:
    with db_engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE workflow.tasks SET tags = ARRAY['Rare'], title = 'A needle in ' || title"
                " WHERE id IN (SELECT id FROM workflow.tasks ORDER BY id LIMIT 5)"
            )
        )
        conn.exec_driver_sql("ANALYZE workflow.tasks")
    params = {"stage_id": big_board, "limit": 41} | _TOP | board_filter.params()
    with db_engine.connect() as conn:
        nodes = explain(conn, "board_column_window_sparse", params)
    assert_reads_an_index(nodes, *indexes)
    assert not any(n.get("Index Name") == WINDOW_INDEX for n in nodes)


@pytest.mark.parametrize(
    ("board_filter", "indexes"),
    [
        (None, (WINDOW_INDEX, "idx_tasks_stage")),
        (BoardFilter(task_type="pricing"), (TYPE_INDEX,)),
    ],
    ids=["unfiltered", "type"],
)
def test_the_capped_counts_read_an_index_per_stage(
    db_engine: sqlalchemy.Engine,
    big_board: uuid.UUID,
    board_filter: BoardFilter | None,
    indexes: tuple[str, ...],
) -> None:
    params: dict[str, Any] = {"cap": COUNT_CAP + 1}
    name = "board_stage_counts"
    if board_filter is not None:
        name, params = "board_stage_counts_filtered", params | board_filter.params()
    with db_engine.connect() as conn:
        nodes = explain(conn, name, params)
    assert_reads_an_index(nodes, *indexes)
    assert any(n["Node Type"] == "Limit" for n in nodes)  # the cap stops each count
