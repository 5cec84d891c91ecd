"""Every private name (``_something``) of a library that hotdash uses, in one place.

DESIGN.md's rule: none of SQLAlchemy's; one of Textual's or plotext's only where a figure
in benchmarks/RESULTS.md justifies it. Section 7 there ("Private library names: what each
buys") times each use turned off against the App as shipped; :data:`PRIVATE_NAMES` gives
each name, where it is used, why, and what turning it off cost at the last run.
tests/test_library_internals.py fails, naming the entry, when an upgrade removes one, and
when the code uses a private library name this list does not hold.

One is used by the benchmark harness only, to observe the App (no figure can justify a
measurement hook; there is no public one).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PrivateName:
    """``owner`` is ``module:Class`` (``instance`` when the name is set per instance, at
    construction) or a bare module; ``name`` is looked up on it."""

    owner: str
    name: str
    used_in: str
    why: str
    instance: bool = False

    def exists(self) -> bool:
        module_name, _, class_name = self.owner.partition(":")
        target: object = importlib.import_module(module_name)
        if class_name:
            target = getattr(target, class_name)
            if self.instance:
                assert isinstance(target, type)
                target = target()
        if self.name.startswith("_") and "." not in self.name and not class_name:
            # a private submodule: importable rather than an attribute before it is imported
            try:
                importlib.import_module(f"{module_name}.{self.name}")
            except ImportError:
                return False
            return True
        return hasattr(target, self.name)

    def describe(self) -> str:
        return f"{self.owner.replace(':', '.')}.{self.name} (used in {self.used_in})"


STYLED_MARK = (
    "switch_mode restyles the App (two parses of every stylesheet) when a screen's CSS "
    "count lags the App's; our screens bring no CSS of their own, so they record that they "
    "are styled. Off, the first openings of approvals and runs took 10-15 ms more in every "
    "run at a million rows (86 -> 96 ms, 87 -> 101 ms; RESULTS.md section 7). The board's "
    "and ROAS's land on either of two frames (about 17 ms apart) either way."
)
SCROLLBARS = (
    "LineView updates its scrollbars only when its size or its content's size changed; "
    "Textual's ScrollView took every layout of the screen for a change and redrew them, a "
    "frame of its own. Off, reopening a list screen took 22-26 ms more at a million rows "
    "(approvals again 58 -> 83 ms, 3 paints instead of 2; RESULTS.md section 7)."
)
PLOT_GRID = (
    "MatrixPlot draws the plot from plotext's grid of cells instead of its ANSI text decoded "
    "again by Rich. Off, each change of the ROAS tile (its plot drawn anew) took 13-17 ms "
    "more at a million rows (31 -> 44 ms; RESULTS.md section 7). plotext 6 moved these "
    "names: pyproject.toml pins it below 6."
)
HARNESS = "benchmark harness only: when the App painted (driving.PaintClock); no public hook"

PRIVATE_NAMES: tuple[PrivateName, ...] = (
    PrivateName("textual.app:App", "_css_update_count", "screens/base.py", STYLED_MARK, True),
    PrivateName("textual.screen:Screen", "_css_update_count", "screens/base.py", STYLED_MARK, True),
    PrivateName("textual.app:App", "_screen_stacks", "screens/base.py", STYLED_MARK, True),
    PrivateName(
        "textual.scroll_view:ScrollView", "_size_updated", "widgets/line_table.py", SCROLLBARS
    ),
    PrivateName("plotext", "_utility", "widgets/matrix_plot.py", PLOT_GRID),
    PrivateName("plotext._utility", "colors_to_ansi", "widgets/matrix_plot.py", PLOT_GRID),
    PrivateName("textual_plotext.plot:Plot", "_set_size", "widgets/matrix_plot.py", PLOT_GRID),
    PrivateName("textual_plotext.plot:Plot", "_set_sizes", "widgets/matrix_plot.py", PLOT_GRID),
    PrivateName("textual_plotext.plot:Plot", "_build_matrix", "widgets/matrix_plot.py", PLOT_GRID),
    PrivateName(
        "textual_plotext:PlotextPlot",
        "_get_plotext_theme_name",
        "widgets/matrix_plot.py",
        PLOT_GRID,
    ),
    PrivateName("textual.app:App", "_display", "benchmarks/driving.py", HARNESS),
)


def missing_names() -> list[str]:
    """One line for each listed name the installed libraries no longer have."""
    return [
        f"{entry.describe()} is gone from the installed library: {entry.why}"
        for entry in PRIVATE_NAMES
        if not entry.exists()
    ]
