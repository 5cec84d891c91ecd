"""Figures: samples of one measurement, their median and worst, and the target they answer."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """``value`` in ``unit``; ``on`` says whether the median or the worst sample must meet it."""

    value: float
    unit: str
    on: str  # "median" or "worst"

    def label(self) -> str:
        return f"{self.on} < {_number(self.value)} {self.unit}"


@dataclass
class Figure:
    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    target: Target | None = None
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def worst(self) -> float | None:
        return max(self.samples) if self.samples else None

    def verdict(self) -> str:
        if self.target is None:
            return "—"
        if not self.samples:
            return "not measured"
        value = self.median if self.target.on == "median" else self.worst
        assert value is not None
        return "met" if value < self.target.value else "**missed**"

    def row(self) -> list[str]:
        return [
            self.name,
            _cell(self.median, self.unit),
            _cell(self.worst, self.unit),
            self.target.label() if self.target else "—",
            self.verdict(),
            str(len(self.samples)),
            self.note,
        ]


@dataclass
class Section:
    key: str
    title: str
    explains: str
    figures: list[Figure] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _cell(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{_number(value)} {unit}"
