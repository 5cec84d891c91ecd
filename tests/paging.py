"""Walking keyset windows in tests, bounded: a cursor that never advances (a ``>`` for a
``>=``) must fail the test, not hang it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

MOST_WINDOWS = 10_000
"""More windows than any test's data can fill: reaching it means the walk does not end."""


class Paged(Protocol):
    @property
    def next_cursor(self) -> Any: ...


W = TypeVar("W", bound=Paged)


def walk(first: W, following: Callable[[Any], W], *, most: int = MOST_WINDOWS) -> list[W]:
    """``first`` and every window after it, each read by ``following(cursor)``."""
    windows = [first]
    for _ in range(most):
        cursor = windows[-1].next_cursor
        if cursor is None:
            return windows
        windows.append(following(cursor))
    raise AssertionError(f"the keyset walk did not end within {most} windows")
