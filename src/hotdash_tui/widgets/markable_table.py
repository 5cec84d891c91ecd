"""A window table whose rows can be marked (space) and show when a write for them is on its
way, so a key can act on every marked row or on the cursor's row.

A mark outlives a refresh that takes its row off the list (someone else decided it, and a
live update read the list again): the next key still acts on it, and its guarded write then
reports who got there first. A new view (filter) forgets the marks."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from hotdash_tui.widgets.window_table import ColumnLayout, Labels, T, WindowTable

K = TypeVar("K", bound=Hashable)


class MarkableTable(WindowTable[T], Generic[T, K]):
    """``item_key`` names an item as the database does; ``row_key`` makes that the row's key."""

    def __init__(
        self,
        item_key: Callable[[T], K],
        row_key: Callable[[K], str],
        layout: ColumnLayout,
        labels: Labels,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(lambda item: row_key(item_key(item)), layout, labels, id=id)
        self.item_key = item_key
        self.row_key = row_key
        self.marked: set[K] = set()
        self.in_flight: set[K] = set()

    def forget_marks(self) -> None:
        self.marked.clear()

    @property
    def marked_gone(self) -> set[K]:
        """Marks whose rows a refresh took off the list."""
        # A look-up per mark, not a set of every row: the header asks at each cursor move.
        return {key for key in self.marked if not self.has_row(self.row_key(key))}

    def redraw(self, keys: Iterable[K]) -> None:
        """Updates the cells of these items (after a mark or an in-flight change)."""
        self.redraw_rows(self.row_key(key) for key in keys)

    def toggle_mark(self) -> None:
        item = self.current
        if item is None:
            return
        key = self.item_key(item)
        self.marked ^= {key}
        self.redraw([key])

    def targets(self) -> list[T]:
        """The rows shown that a key acts on: the marked ones in table order, else (when
        nothing is marked) the cursor's row; rows whose write is on its way are left out."""
        chosen = [item for item in self.items if self.item_key(item) in self.marked]
        if not self.marked and self.current is not None:
            chosen = [self.current]
        return [item for item in chosen if self.item_key(item) not in self.in_flight]
