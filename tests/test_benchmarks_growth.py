"""Section 12's report: each figure at --rows over the same figure at the smallest size."""

from __future__ import annotations

from benchmarks.figures import Figure, Section
from benchmarks.growth import report


def _section(**medians: list[float]) -> Section:
    section = Section("screens", "", "")
    for name, samples in medians.items():
        section.add(Figure(name, "ms", samples))
    return section


def test_a_figure_is_its_median_at_rows_over_the_smallest_size() -> None:
    smaller = {
        10_000: _section(walks=[2.0, 2.0, 9.0], window=[3.0], gone=[1.0], once=[1.0]),
        100_000: _section(walks=[20.0], window=[3.3], gone=[1.0], once=[1.0]),
    }
    at_rows = _section(walks=[200.0, 210.0, 190.0], window=[3.0, 3.6, 2.4], gone=[], once=[9.0])
    growth = Section("growth", "", "")
    report(smaller, 1_000_000, at_rows, growth)
    by_name = {figure.name: figure for figure in growth.figures}
    walks = by_name["walks: 1,000,000 over 10,000 rows"]
    assert walks.samples == [100.0]  # 200 (median) over 2 (median, not the mean 4.33)
    assert walks.verdict() == "**missed**"
    assert walks.note == "10,000: 2 ms, 100,000: 20 ms, 1,000,000: 200 ms"
    window = by_name["window: 1,000,000 over 10,000 rows"]
    assert window.samples == [1.0]
    assert window.verdict() == "met"
    # "gone" was not measured at --rows; "once" is one sample there (a first opening)
    assert len(growth.figures) == 2
