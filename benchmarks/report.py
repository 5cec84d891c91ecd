"""benchmarks/RESULTS.md: the machine, what missed, then one table per section."""

from __future__ import annotations

from pathlib import Path

from benchmarks.figures import Figure, Section

HEADER = ["figure", "median", "worst", "target", "result", "n", "note"]


def _table(rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def missed(sections: list[Section]) -> list[Figure]:
    return [f for s in sections for f in s.figures if f.verdict() == "**missed**"]


def write(path: Path, command: str, machine: list[tuple[str, str]],
          sections: list[Section]) -> None:  # fmt: skip
    lines = [
        "# Benchmark results",
        "",
        f'Written by `{command}` (see the README, "Benchmarks"). Median and worst of '
        "every sample; a target is met when the figure it names (median or worst) is below it.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {key} | {value} |" for key, value in machine],
        "",
        "## Missed targets",
        "",
    ]
    misses = missed(sections)
    lines += [f"- {f.name}: {f.row()[1]} median, {f.row()[2]} worst" for f in misses] or ["None."]
    for section in sections:
        lines += ["", f"## {section.title}", "", section.explains, ""]
        lines += _table([figure.row() for figure in section.figures])
        if section.skipped:
            lines += ["", "Not measured:", ""]
            lines += [f"- `{name}`: {reason}" for name, reason in section.skipped]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
