"""The rows of the approvals queue: a markable window table whose cells read the clock (for
the age and the expiry of each approval)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from hotdash_tui.db.approvals import ApprovalItem, ApprovalKey
from hotdash_tui.screens.approvals import rows
from hotdash_tui.widgets.columns import labels
from hotdash_tui.widgets.markable_table import MarkableTable
from hotdash_tui.widgets.window_table import RowCells


def row_key(key: ApprovalKey) -> str:
    return f"{key[0]}:{key[1]}"


class ApprovalsTable(MarkableTable[ApprovalItem, ApprovalKey]):
    """One row per approval, in the order of the window that was read."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(lambda item: item.key, row_key, rows.columns_for, labels, id=id)
        self.clock = clock

    def row_cells(self) -> RowCells[ApprovalItem]:
        columns, now = self.layout_columns, self.clock()
        return lambda item: rows.cells(
            item,
            columns,
            now,
            marked=item.key in self.marked,
            in_flight=item.key in self.in_flight,
        )
