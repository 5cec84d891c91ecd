"""The unfiltered board read by one statement is the board its three reads give apart."""

from __future__ import annotations

import sqlalchemy

from hotdash_tui.db.board.read import (
    Board,
    load_board,
    load_stages,
    read_counts,
    read_first_windows,
)
from hotdash_tui.db.engine import reading


def test_the_one_statement_board_is_the_board_read_apart(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    with reading(seeded_engine) as conn:
        stages = load_stages(conn)
    # One column scrolled further (more cards), one shorter than the page: both kept.
    limits = {stages[0].id: 75, stages[1].id: 3}
    together = load_board(seeded_engine, limits=limits)
    with reading(seeded_engine, repeatable=True) as conn:
        windows = read_first_windows(conn, stages, limits)
        apart = Board(load_stages(conn), read_counts(conn), windows)
    assert together == apart
    cards = [card for page in together.columns.values() for card in page.cards]
    assert cards and any(card.due_date is not None for card in cards)
    assert any(card.completed_at is not None for card in cards)
    assert len(together.columns[stages[1].id].cards) <= 3
