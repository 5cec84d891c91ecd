"""The rows of the competitor alerts list: a markable window table whose cells read the
clock (for the age of each alert)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from hotdash_tui.db.alerts import AlertItem
from hotdash_tui.screens.alerts import rows as rows
from hotdash_tui.widgets.columns import labels
from hotdash_tui.widgets.markable_table import MarkableTable
from hotdash_tui.widgets.window_table import RowCells


class AlertsTable(MarkableTable[AlertItem, uuid.UUID]):
    """One row per alert, in the order of the windows that were read."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(lambda item: item.key, str, rows.columns_for, labels, id=id)
        self.clock = clock

    def row_cells(self) -> RowCells[AlertItem]:
        columns, now = self.layout_columns, self.clock()
        return lambda item: rows.cells(
            item,
            columns,
            now,
            marked=item.key in self.marked,
            in_flight=item.key in self.in_flight,
        )
