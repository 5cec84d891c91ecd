"""A plotext plot drawn from plotext's own grid of cells, not from the text it prints.

``PlotextPlot.render`` has plotext write its figure as text with an ANSI escape before
every change of color, which Rich then decodes back into styled text and Textual cuts into
lines again. Profiled on the ROAS screen's first opening at a million rows, that round trip
was two thirds of drawing the plot and about a fifth of the whole opening (every change of
the selected tile draws it again). Plotext keeps the figure as a grid before it prints it:
a character and a foreground, background and style for each cell. Here each row of that
grid becomes one strip, a segment for each run of cells of the same colors, with the style
the same escape would have decoded to. The figure is drawn once per series, size and theme.

The grid and the two build steps that fill it (``_set_sizes``, ``_build_matrix``) are
plotext's own, not its public interface: pyproject.toml pins plotext below 6, and
tests/ui/test_matrix_plot.py compares both drawings cell by cell. Every private name used
here is listed, with what it buys, in :mod:`hotdash_tui.library_internals`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from plotext import _utility as plotext_utility
from rich.ansi import AnsiDecoder
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual_plotext import PlotextPlot

_DECODER = AnsiDecoder()
_STYLES: dict[Hashable, Style] = {}  # a cell's colors: the style their escape decodes to


def _hashable(color: Any) -> Hashable:
    return tuple(color) if isinstance(color, list) else color


def cell_style(foreground: Any, style: Any, background: Any) -> Style:
    """The Rich style plotext's escape for these colors decodes to, as in its text."""
    key = (_hashable(foreground), _hashable(style), _hashable(background))
    found = _STYLES.get(key)
    if found is None:
        escape = plotext_utility.colors_to_ansi(foreground, style, background)
        decoded = _DECODER.decode_line(escape + "x")
        spans = [span.style for span in decoded.spans]
        found = spans[0] if spans and isinstance(spans[0], Style) else Style.null()
        _STYLES[key] = found
    return found


def grid_lines(matrix: Any, base: Style) -> list[list[Segment]]:
    """The rows of plotext's grid, top first (plotext keeps the bottom row first), each a
    segment per run of cells of the same colors, their style over ``base``."""
    lines = []
    for row in reversed(range(matrix.rows)):
        markers: Sequence[str] = matrix.marker[row]
        cells = zip(matrix.fullground[row], matrix.style[row], matrix.background[row], strict=True)
        colors = list(cells)
        segments = []
        start = 0
        for col in range(1, len(markers) + 1):
            if col == len(markers) or colors[col] != colors[start]:
                text = "".join(markers[start:col])
                segments.append(Segment(text, base + cell_style(*colors[start])))
                start = col
        lines.append(segments)
    return lines


class MatrixPlot(PlotextPlot):
    """A ``PlotextPlot`` drawn from plotext's grid; ``self.plt`` is used as ever, then
    :meth:`refresh_figure` has it drawn anew at the next paint."""

    _drawn: tuple[Hashable, list[Strip]] | None = None  # (what it was drawn for, its lines)
    _pass: list[Strip] | None = None  # the lines of the paint under way

    def has_figure(self) -> bool:
        """False while there is nothing to plot: the widget is left blank (plotext would
        draw empty axes, at the cost of a full figure)."""
        return True

    def figure_lines(self) -> list[Strip]:
        """The widget's lines, one per row of its height: drawn once per figure, size,
        theme and style."""
        base = self.visual_style.rich_style
        key = (self.size, self.app.theme, self.theme, base)
        if self._drawn is None or self._drawn[0] != key:
            width, height = self.size
            drawn = self._draw_grid(base) if self.has_figure() and width and height else []
            lines = [
                Strip(Segment.adjust_line_length(line, width, base), width)
                for line in drawn[:height]
            ]
            lines += [Strip.blank(width, base)] * (height - len(lines))
            self._drawn = (key, lines)
        return self._drawn[1]

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pass = self.figure_lines()  # looked up once per paint, not once per line
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def render_line(self, y: int) -> Strip:
        lines = self._pass or self.figure_lines()
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width)

    def refresh_figure(self) -> None:
        self._drawn = None
        self.refresh()

    def _draw_grid(self, base: Style) -> list[list[Segment]]:
        # What PlotextPlot.render does before plotext prints the figure as text.
        plot: Any = self.plt  # its figure's build steps are plotext's, without types
        width, height = self.size
        plot.plotsize(width, height)
        plot._set_size(width, height)
        plot.theme(self._get_plotext_theme_name(self.app.theme))
        plot._set_sizes()
        plot._build_matrix()
        return grid_lines(plot.monitor.matrix, base)
