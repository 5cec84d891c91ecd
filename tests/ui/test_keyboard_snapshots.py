"""How the keyboard's screens look (issue 17): ? with the screen's filter terms and the
palette, at 80x24 and 120x40 and without color; the too-small notice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from hotdash_tui.app import HotdashApp
from tests.ui.support import press

SnapCompare = Callable[..., bool]


async def _help_on_runs(pilot: Pilot[Any]) -> None:
    await press(pilot, "5", "question_mark")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_help_snapshot(
    snap_compare: SnapCompare, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    assert snap_compare(snapshot_app, terminal_size=size, run_before=_help_on_runs)


def test_help_snapshot_without_color(
    snap_compare: SnapCompare, no_color_snapshot_app: HotdashApp
) -> None:
    assert snap_compare(no_color_snapshot_app, terminal_size=(80, 24), run_before=_help_on_runs)


async def _settle(pilot: Pilot[Any]) -> None:
    await press(pilot)


def test_too_small_snapshot(snap_compare: SnapCompare, snapshot_app: HotdashApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(60, 20), run_before=_settle)
