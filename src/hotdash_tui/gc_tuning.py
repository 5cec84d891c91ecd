"""Garbage collection at quiet moments, not in the middle of a key.

Profiled at a million rows, the worst page-downs and screen switches (250-600 ms against a
median of 50-100 ms) were CPython's automatic collections: a full one walked every object the
process holds, Textual's and SQLAlchemy's included, and it ran whenever an allocation count
said so, often halfway through drawing a screen. So:

- objects alive once the App has started, and the modules and screens built when a screen is
  first opened, are frozen out of collection (they live as long as the App);
- automatic collection is off while the App runs; :class:`IdleCollector` collects on a timer
  when no key has come for a moment, and in any case every few seconds, with a full
  collection once a minute. Reference counting frees all but cyclic garbage at once, as
  ever, so memory stays where it was (benchmarks/RESULTS.md, resident memory).

Textual itself pauses collection the same way during smooth scrolling (PAUSE_GC_ON_SCROLL).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

TICK_SECONDS = 1.0
"""How often the collector looks whether to collect."""
QUIET_SECONDS = 0.5
"""No key for this long counts as a quiet moment."""
MAX_WAIT_SECONDS = 5.0
"""A young collection waits for a quiet moment no longer than this."""
FULL_EVERY_SECONDS = 60.0
"""A full collection, at a quiet moment, about this often."""
ALLOCATIONS_WORTH_A_LOOK = 100
"""Fewer new container objects than this since the last collection: nothing to do (idle)."""


def imports_done() -> None:
    """Ends the pause of collection that ``hotdash`` starts with (entry.py): its imports
    allocate a few hundred thousand objects and free almost none, so collections during them
    are pure cost (about 25 ms of a quick check's 0.4 s, measured over 15 runs). What was
    imported lives as long as the process: it is frozen out of later collections."""
    gc.freeze()
    gc.enable()


def settle_long_lived() -> None:
    """Moves every object alive now out of the collector's reach."""
    gc.freeze()


class IdleCollector:
    """Runs the collections the interpreter would, at moments the user is not waiting."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        collect: Callable[[int], int] = gc.collect,
        pending: Callable[[], int] = lambda: gc.get_count()[0],
    ) -> None:
        self.clock = clock
        self.collect = collect
        self.pending = pending  # container objects made since the last collection
        now = clock()
        self.last_input = now
        self.last_young = now
        self.last_full = now
        self.running = False

    def start(self) -> None:
        settle_long_lived()
        gc.disable()
        self.running = True

    def stop(self) -> None:
        """Automatic collection of everything again: the App has ended (tests start many
        Apps in one process, and garbage frozen with one must not outlive it)."""
        if self.running:
            self.running = False
            gc.unfreeze()
            gc.enable()

    def note_input(self) -> None:
        self.last_input = self.clock()

    def tick(self) -> None:
        now = self.clock()
        quiet = now - self.last_input >= QUIET_SECONDS
        overdue = now - self.last_young >= MAX_WAIT_SECONDS
        if not (quiet or overdue) or self.pending() < ALLOCATIONS_WORTH_A_LOOK:
            return
        if quiet and now - self.last_full >= FULL_EVERY_SECONDS:
            self.collect(2)
            self.last_full = now
        else:
            self.collect(1)
        self.last_young = now
