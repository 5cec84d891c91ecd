"""What a screen's workers report back after reading a keyset window or an item's details.

Each screen subclasses these with an empty body: Textual dispatches a message on its class
name (``ApprovalsLoaded`` reaches ``on_approvals_loaded``), so the subclass names the handler
while the shape stays the same everywhere."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.message import Message

T = TypeVar("T")  # a row of the window
C = TypeVar("C")  # the keyset cursor after the window
D = TypeVar("D")  # an item's details


class WindowLoaded(Message, Generic[T, C]):
    """A window read by a worker; ``append`` when it continues the rows shown."""

    def __init__(
        self,
        generation: int,
        items: tuple[T, ...] = (),
        next_cursor: C | None = None,
        total: int | None = None,
        *,
        append: bool = False,
        error: str = "",
    ) -> None:
        super().__init__()
        self.generation = generation
        self.items = items
        self.next_cursor = next_cursor
        self.total = total
        self.append = append
        self.error = error


class DetailsLoaded(Message, Generic[D]):
    """One item's details; None when it no longer exists."""

    def __init__(self, details: D | None, error: str = "") -> None:
        super().__init__()
        self.details = details
        self.error = error
