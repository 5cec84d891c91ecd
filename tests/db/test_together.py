"""Named queries read together by one statement give the rows each gives alone."""

from __future__ import annotations

import pytest
import sqlalchemy

from hotdash_tui.db.roas.model import Window
from hotdash_tui.db.roas.read import TILE_PARTS
from hotdash_tui.db.sql import UnknownQuery, run
from hotdash_tui.db.together import AS_DATE, Part, read_together
from tests.conftest import FIXED_NOW


def test_the_roas_tiles_together_are_the_rows_of_each_query(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    params = Window.ending(FIXED_NOW, 30).params()
    with seeded_engine.connect() as conn:
        together = read_together(conn, TILE_PARTS, params)
        for key, part in TILE_PARTS.items():
            alone = [row._asdict() for row in run(conn, part.query, params)]
            assert alone, key  # the seed has rows for every tile
            # UUIDs and Decimals as the driver gives them: "1.50" is no float, an id no text.
            assert [vars(row) for row in together[key]] == alone, key


def test_dates_come_back_as_dates(seeded_engine: sqlalchemy.Engine) -> None:
    params = {"today": FIXED_NOW.date(), "recent_days": 14, "limit": 5, "sku": None}
    parts = {"stock": Part("stock_positions", {"snapshot_date": AS_DATE})}
    with seeded_engine.connect() as conn:
        (first, *_) = read_together(conn, parts, params)["stock"]
        alone = run(conn, "stock_positions", params).first()
    assert alone is not None
    assert first.snapshot_date == alone.snapshot_date
    assert type(first.snapshot_date) is type(alone.snapshot_date)


def test_a_part_s_key_must_be_a_plain_column_name(seeded_engine: sqlalchemy.Engine) -> None:
    # The key is written into the statement's text as a column alias: nothing else may pass.
    bad = {"x) AS y; DROP TABLE public.tasks; --": Part("roas_store_revenue")}
    with seeded_engine.connect() as conn, pytest.raises(ValueError, match="column name"):
        read_together(conn, bad, {"first_day": FIXED_NOW.date(), "last_day": FIXED_NOW.date()})


def test_a_part_names_a_query_of_sql_files_only(seeded_engine: sqlalchemy.Engine) -> None:
    with seeded_engine.connect() as conn, pytest.raises(UnknownQuery):
        read_together(conn, {"rows": Part("SELECT 1")}, {})
