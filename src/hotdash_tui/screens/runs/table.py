"""The rows of the run log: a window table whose cells read the clock (for the age of each
record); the screen keeps the cursor on the same record, or on the newest while following."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from hotdash_tui.db.runs import RunKey, RunLine
from hotdash_tui.screens.runs import rows as rows
from hotdash_tui.widgets.columns import labels
from hotdash_tui.widgets.window_table import RowCells, WindowTable


def row_key(key: RunKey) -> str:
    return f"{key.source}:{key.id}"


class RunsTable(WindowTable[RunLine]):
    """One row per run record, newest first, in the order the windows were read."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(lambda line: row_key(line.key), rows.columns_for, labels, id=id)
        self.clock = clock

    def row_cells(self) -> RowCells[RunLine]:
        columns, now = self.layout_columns, self.clock()
        return lambda line: rows.cells(line, columns, now)
