"""A screen opening is one read-only transaction: its window, count and figures share one
BEGIN (which says READ ONLY itself, no SET TRANSACTION after it) and one end. Each is a round
trip, which at a database 30 ms away is what a user waits for (benchmarks, section 10)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import event

from hotdash_tui.app import HotdashApp
from tests.ui.support import press


@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5", "6", "0"])
async def test_opening_a_screen_is_one_read_only_transaction(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine, key: str
) -> None:
    statements: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "7" if key == "0" else "0")  # from another screen
        event.listen(seeded_engine, "before_cursor_execute", before)
        try:
            await press(pilot, key)
        finally:
            event.remove(seeded_engine, "before_cursor_execute", before)
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert len(begins) == 1, statements
    assert "READ ONLY" in begins[0]
    assert not any("SET TRANSACTION" in s for s in statements)
    assert len(statements) > 1  # and the screen read something in it
