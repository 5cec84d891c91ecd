"""The idle collector decides when to collect from a fake clock; the App runs it."""

from __future__ import annotations

import gc

from hotdash_tui.gc_tuning import (
    ALLOCATIONS_WORTH_A_LOOK,
    FULL_EVERY_SECONDS,
    MAX_WAIT_SECONDS,
    QUIET_SECONDS,
    IdleCollector,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def collector(
    clock: Clock, pending: int = ALLOCATIONS_WORTH_A_LOOK
) -> tuple[IdleCollector, list[int]]:
    collected: list[int] = []

    def collect(generation: int) -> int:
        collected.append(generation)
        return 0

    return IdleCollector(clock, collect, lambda: pending), collected


def test_it_collects_the_young_at_a_quiet_moment_and_not_while_keys_come() -> None:
    clock = Clock()
    idle, collected = collector(clock)
    idle.note_input()
    clock.now += QUIET_SECONDS / 2
    idle.tick()
    assert collected == []  # a key came just now
    clock.now += QUIET_SECONDS
    idle.tick()
    assert collected == [1]


def test_while_keys_keep_coming_it_collects_once_the_wait_is_too_long() -> None:
    clock = Clock()
    idle, collected = collector(clock)
    for _ in range(int(MAX_WAIT_SECONDS / 0.1) + 1):
        clock.now += 0.1
        idle.note_input()
        idle.tick()
    assert collected == [1]


def test_a_full_collection_about_once_a_minute_and_nothing_when_nothing_was_made() -> None:
    clock = Clock()
    idle, collected = collector(clock)
    clock.now += FULL_EVERY_SECONDS
    idle.tick()
    assert collected == [2]
    quiet, none = collector(clock, pending=ALLOCATIONS_WORTH_A_LOOK - 1)
    clock.now += FULL_EVERY_SECONDS
    quiet.tick()
    assert none == []


def test_start_turns_automatic_collection_off_and_stop_turns_it_on_again() -> None:
    idle = IdleCollector()
    try:
        idle.start()
        assert not gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        idle.stop()
    assert gc.isenabled() and gc.get_freeze_count() == 0
