"""The board's reads: stages in order, columns as keyset windows, capped counts, filters."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.board.read import (
    BOARD_FILTER_SPEC,
    COUNT_CAP,
    NULL_RANK,
    BoardFilter,
    ColumnCursor,
    count_label,
    load_board,
    load_column,
)
from hotdash_tui.db.sql import sql_text
from hotdash_tui.filters import FilterError, parse_filter
from tests.paging import walk

SEED_STAGES = [
    "Backlog",
    "To Analyze",
    "In Progress",
    "Review",
    "Ready to Deploy",
    "Monitoring",
    "Done",
]


def stage_ids(engine: sqlalchemy.Engine) -> dict[str, uuid.UUID]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, id FROM workflow.kanban_stages"))
        return {r.name: r.id for r in rows}


def insert_task(conn: sqlalchemy.Connection, stage: uuid.UUID, title: str, **fields: Any) -> Any:
    values = {"description": None, "task_type": "other", "priority_score": None, "tags": None}
    values |= {"listing_id": None, "listing_ids": None} | fields
    return conn.execute(
        text(
            "INSERT INTO workflow.tasks (title, description, task_type, stage_id, priority_score,"
            " tags, listing_id, listing_ids) VALUES (:title, :description, :task_type, :stage,"
            " :priority_score, :tags, :listing_id, :listing_ids) RETURNING id"
        ),
        values | {"title": title, "stage": stage},
    ).scalar_one()


def insert_listing(conn: sqlalchemy.Connection, asin: str) -> Any:
    return conn.execute(
        text("INSERT INTO catalog.listings (asin, sku, title) VALUES (:a, :s, :t) RETURNING id"),
        {"a": asin, "s": asin, "t": asin},
    ).scalar_one()


def test_the_board_is_the_stages_in_order_with_their_counts_and_sorted_cards(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    board = load_board(seeded_engine)
    assert [s.name for s in board.stages] == SEED_STAGES
    assert [s.is_terminal for s in board.stages] == [False] * 6 + [True]
    assert board.stages[0].is_default and board.stages[0].color == "#6B7280"
    with seeded_engine.connect() as conn:
        rows = conn.execute(text("SELECT stage_id, count(*) AS n FROM workflow.tasks GROUP BY 1"))
        expected = {r.stage_id: r.n for r in rows}
    assert board.counts == {s.id: expected.get(s.id, 0) for s in board.stages}
    for stage in board.stages:
        page = board.columns[stage.id]
        assert page.cards and all(card.stage_id == stage.id for card in page.cards)
        keys = [(card.rank, card.id) for card in page.cards]
        assert keys == sorted(keys, reverse=True)
        assert len(page.cards) == min(expected[stage.id], 40)
    assert any(card.asin for page in board.columns.values() for card in page.cards)
    assert any(card.listing_count > 1 for page in board.columns.values() for card in page.cards)


def test_windows_page_through_a_column_without_gaps_or_repeats_nulls_last(
    db_engine: sqlalchemy.Engine,
) -> None:
    review = stage_ids(db_engine)["Review"]
    with db_engine.begin() as conn:
        for n in range(53):
            # Ties on purpose (n % 7) and every fifth without a priority.
            priority = None if n % 5 == 0 else Decimal(n % 7) * 10
            insert_task(conn, review, f"task {n}", priority_score=priority)
    windows = walk(
        load_column(db_engine, review, limit=10),
        lambda cursor: load_column(db_engine, review, after=cursor, limit=10),
    )
    for window in windows[:-1]:
        assert window.next_cursor == ColumnCursor.after(window.cards[-1])
    pages = [window.cards for window in windows]
    cards = [card for cards in pages for card in cards]
    assert [len(p) for p in pages] == [10, 10, 10, 10, 10, 3]
    assert len({c.id for c in cards}) == 53
    assert [(c.rank, c.id) for c in cards] == sorted(((c.rank, c.id) for c in cards), reverse=True)
    unscored = [c for c in cards if c.priority is None]
    assert len(unscored) == 11 and cards[-11:] == unscored
    assert all(c.rank == NULL_RANK for c in unscored)


def test_an_empty_column_and_a_column_that_fits_one_window(db_engine: sqlalchemy.Engine) -> None:
    stages = stage_ids(db_engine)
    with db_engine.begin() as conn:
        insert_task(conn, stages["Done"], "only one", priority_score=Decimal("5.5"))
    assert load_column(db_engine, stages["Review"]).cards == ()
    page = load_column(db_engine, stages["Done"], limit=1)
    assert [c.title for c in page.cards] == ["only one"] and page.next_cursor is None


def test_counts_stop_at_the_cap(db_engine: sqlalchemy.Engine) -> None:
    backlog = stage_ids(db_engine)["Backlog"]
    with db_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO workflow.tasks (title, task_type, stage_id)"
                " SELECT 'bulk ' || g, 'other', :stage FROM generate_series(1, :n) g"
            ),
            {"stage": backlog, "n": COUNT_CAP + 25},
        )
    board = load_board(db_engine)
    assert board.counts[backlog] == COUNT_CAP + 1
    assert count_label(board.counts[backlog]) == f"{COUNT_CAP}+"
    assert count_label(COUNT_CAP) == str(COUNT_CAP)
    assert len(board.columns[backlog].cards) == 40


@pytest.fixture
def filter_board(db_engine: sqlalchemy.Engine) -> dict[str, uuid.UUID]:
    stages = stage_ids(db_engine)
    with db_engine.begin() as conn:
        mine = insert_listing(conn, "B0FILTER01")
        other = insert_listing(conn, "B0FILTER02")
        rows = [
            ("Reprice the 50% bundle", "pricing", ["Seasonal"], mine, None, None),
            ("Reprice the 5 bundles", "pricing", ["clearance"], other, None, None),
            ('Check it\'s "quoted" text', "compliance", None, None, None, "a_b here"),
            ("Refresh images", "other", ["seasonal"], None, [other, mine], None),
            ("Launch 100_percent", "launch", None, other, None, None),
            ("Launch 100-percent", "launch", None, None, None, None),
        ]
        for title, kind, tags, listing, bulk, description in rows:
            insert_task(
                conn,
                stages["In Progress"],
                title,
                task_type=kind,
                tags=tags,
                listing_id=listing,
                listing_ids=bulk,
                description=description,
            )
    return stages


@pytest.mark.parametrize(
    ("line", "titles"),
    [
        ("type:pricing", {"Reprice the 50% bundle", "Reprice the 5 bundles"}),
        ("tag:seasonal", {"Reprice the 50% bundle", "Refresh images"}),
        ("listing:b0filter01", {"Reprice the 50% bundle", "Refresh images"}),
        ("0%", {"Reprice the 50% bundle"}),
        ("a_b", {'Check it\'s "quoted" text'}),
        ("0_p", {"Launch 100_percent"}),
        ("it's", {'Check it\'s "quoted" text'}),
        ('"quoted" TEXT', set()),
        ("type:pricing tag:clearance bundles", {"Reprice the 5 bundles"}),
        ("type:launch tag:seasonal", set()),
    ],
)
def test_filters_by_type_tag_listing_and_literal_text(
    db_engine: sqlalchemy.Engine, filter_board: dict[str, uuid.UUID], line: str, titles: set[str]
) -> None:
    board_filter = BoardFilter.from_parsed(parse_filter(line, BOARD_FILTER_SPEC))
    board = load_board(db_engine, board_filter)
    column = filter_board["In Progress"]
    assert {c.title for c in board.columns[column].cards} == titles
    assert board.counts[column] == len(titles)
    assert sum(board.counts.values()) == len(titles)
    assert {c.title for c in load_column(db_engine, column, board_filter).cards} == titles


def test_a_filter_names_only_what_the_board_knows() -> None:
    with pytest.raises(FilterError, match="not one of type"):
        parse_filter("type:urgent", BOARD_FILTER_SPEC)
    with pytest.raises(FilterError, match='no filter "stage:"'):
        parse_filter("stage:done", BOARD_FILTER_SPEC)
    parsed = BoardFilter.from_parsed(
        parse_filter("TYPE:Pricing listing:b0x tag:a x y", BOARD_FILTER_SPEC)
    )
    assert parsed == BoardFilter(task_type="pricing", tag="a", asin="B0X", text="x y")
    assert BoardFilter().is_empty and not parsed.is_empty


@pytest.mark.parametrize("matches", [3, None], ids=["few matches: sorted", "many: walked"])
def test_both_ways_of_reading_a_filtered_column_page_the_same_cards(
    db_engine: sqlalchemy.Engine, matches: int | None
) -> None:
    review = stage_ids(db_engine)["Review"]
    with db_engine.begin() as conn:
        for n in range(25):
            priority = None if n % 6 == 0 else Decimal(n % 4) * 10
            insert_task(conn, review, f"Tagged {n}", tags=["Bulk"], priority_score=priority)
        insert_task(conn, review, "Untagged", priority_score=Decimal(99))
    board_filter = BoardFilter(tag="bulk")
    windows = walk(
        load_column(db_engine, review, board_filter, limit=10, matches=matches),
        lambda cursor: load_column(
            db_engine, review, board_filter, after=cursor, limit=10, matches=matches
        ),
    )
    seen: list[Any] = [card for window in windows for card in window.cards]
    with db_engine.connect() as conn:
        expected = (
            conn.execute(
                text(
                    "SELECT title FROM workflow.tasks WHERE stage_id = :s AND 'Bulk' = ANY(tags)"
                    " ORDER BY COALESCE(priority_score, -1000) DESC, id DESC"
                ),
                {"s": review},
            )
            .scalars()
            .all()
        )
    assert [c.title for c in seen] == expected and len(expected) == 25


def test_the_filtered_board_queries_share_one_set_of_filter_terms() -> None:
    """The two ways of reading a filtered column and the filtered counts must filter alike:
    their text differs on purpose (ORDER BY, LIMIT), their filter terms must not drift."""

    def terms(name: str) -> str:
        body = " ".join(sql_text(name).split())
        start = body.index("AND (CAST(:task_type AS text) IS NULL")
        end = body.index("ESCAPE '\\')", body.index("t.description ILIKE")) + len("ESCAPE '\\')")
        return body[start:end]

    search = terms("board_column_window_search")
    assert "t.tags_lower @>" in search and "t.listing_ids &&" in search
    assert terms("board_column_window_sparse") == search
    assert terms("board_stage_counts_filtered") == search
