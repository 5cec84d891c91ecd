"""Section 7: what each use of a library's private name buys (hotdash_tui/library_internals.py).

Each variant turns one of them off by putting back the library's public path in our own
classes, for the time of a run: a fresh App per sample (a first opening happens once an App),
in this process, headless at 120x40, opening the screens whose widgets use it."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from benchmarks.driving import SIZE, PaintClock, settle
from benchmarks.figures import Figure, Section
from benchmarks.touring import stop_on_app_errors
from hotdash_tui.app import HotdashApp
from hotdash_tui.db.bootstrap import OpenDatabase
from hotdash_tui.screens.base import HotdashScreen
from hotdash_tui.widgets.line_table import LineView
from hotdash_tui.widgets.matrix_plot import MatrixPlot

KEYS = (  # keys pressed one by one after the overview showed its figures; what each measures
    ("1", "open 1 approvals, first time"),
    ("2", "open 2 board, first time"),
    ("6", "open 6 roas, first time"),
    ("l", "roas: next tile (its plot drawn)"),
    ("1", "open 1 approvals again"),
    ("5", "open 5 runs, first time"),
    ("2", "open 2 board again"),
)


LATE_FRAMES = 0.15  # s waited after the App settled for a frame that comes later


@contextmanager
def without(owner: type, *names: str, replace: dict[str, Any] | None = None) -> Iterator[None]:
    """Removes (or replaces) our own methods for the time of a run, then puts them back."""
    saved = {name: owner.__dict__[name] for name in names}
    try:
        for name in names:
            if replace and name in replace:
                setattr(owner, name, replace[name])
            else:
                delattr(owner, name)
        yield
    finally:
        for name, value in saved.items():
            setattr(owner, name, value)


def _no_mark(_screen: HotdashScreen) -> None:
    """Screens left as Textual has them: restyled when switch_mode finds them lagging."""


VARIANTS: dict[str, Callable[[], Any]] = {
    "as shipped": nullcontext,
    "without the styled-screen mark (screens/base.py: App._css_update_count, "
    "App._screen_stacks)": lambda: without(
        HotdashScreen,
        "mark_styled_before_mount",
        "on_mount",
        replace={"mark_styled_before_mount": _no_mark, "on_mount": _no_mark},
    ),
    "without LineView's scrollbar check (ScrollView._size_updated)": lambda: without(
        LineView, "_size_updated"
    ),
    "plot drawn from plotext's text, not its grid (plotext _utility, _set_size, "
    "_set_sizes, _build_matrix; PlotextPlot._get_plotext_theme_name)": lambda: without(
        MatrixPlot, "render_lines", "render_line"
    ),
}


async def _one_app(database: OpenDatabase, samples: list[list[float]],
                   paints: list[list[int]]) -> None:  # fmt: skip
    app = HotdashApp(database)
    clock = PaintClock(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for step, (key, _name) in enumerate(KEYS):
            before = clock.count
            started = time.perf_counter()
            await pilot.press(key)
            await settle(pilot)
            # A frame Textual asks for after the settled one (a second layout) still counts.
            await asyncio.sleep(LATE_FRAMES)
            stop_on_app_errors(pilot, (key,))
            painted = clock.since(started)
            samples[step].append(painted if painted is not None else 0.0)
            paints[step].append(clock.count - before)


def run(database: OpenDatabase, repeat: int, section: Section) -> None:
    for variant, switch in VARIANTS.items():
        samples: list[list[float]] = [[] for _ in KEYS]
        paints: list[list[int]] = [[] for _ in KEYS]
        with switch():
            for _ in range(repeat):
                asyncio.run(_one_app(database, samples, paints))
        for step, (_key, name) in enumerate(KEYS):
            figure = section.add(Figure(f"{name}: {variant}", "ms", samples[step]))
            figure.note = f"{statistics.median(paints[step]):g} paints (median)"
