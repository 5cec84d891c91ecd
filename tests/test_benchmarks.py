"""The benchmark harness runs end to end on a tiny database and writes a well-formed RESULTS
file. Its timings are never asserted: only that every figure is there, measured, and judged."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotdash_tui.embedded.server import EmbeddedServer

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"^[0-9][0-9,]*(\.[0-9]+)? (s|ms|MB|%|x)$")
SPEED = re.compile(
    r"Python reference [0-9]+ ms best, [0-9]+ ms median; "
    r"psycopg BEGIN/SELECT 1/ROLLBACK [0-9]+ us median"
)


@pytest.fixture
def bench_dir() -> Iterator[Path]:
    # In /tmp and open to others: as root the server runs as an account that must enter it.
    parent = Path(tempfile.mkdtemp(prefix="hdbench", dir="/tmp"))
    parent.chmod(0o755)
    try:
        yield parent
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def tables(markdown: str) -> dict[str, list[list[str]]]:
    """The rows of each section's figures table, by section title."""
    found: dict[str, list[list[str]]] = {}
    title = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            title = line[3:]
        elif line.startswith("| ") and not line.startswith(("| figure", "| ---", "| |")):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            found.setdefault(title, []).append(cells)
    return found


@pytest.mark.slow
def test_the_harness_writes_a_results_file_with_every_figure(bench_dir: Path) -> None:
    output = bench_dir / "RESULTS.md"
    data_dir = bench_dir / "data"
    sections = ["coldstart", "shell", "remote", "outside"]
    args = ["--rows", "2000", "--repeat", "1", "--only", *sections, "--data-dir"]
    subprocess.run(
        [sys.executable, "-m", "benchmarks", *args, str(data_dir), "--output", str(output)],
        cwd=ROOT, check=True, capture_output=True, timeout=400,
    )  # fmt: skip
    text = output.read_text(encoding="utf-8")
    found = tables(text)

    machine = dict(row[:2] for row in found["Machine"])
    assert machine["rows (`--rows`)"] == "2,000"
    assert machine["Postgres"].split(".")[0].isdigit()
    for moment in ("speed before the timed sections", "speed after them"):
        assert SPEED.fullmatch(machine[moment]), machine[moment]
    # Only the sections asked for, plus the seeding the database needed.
    assert [t for t in found if t != "Machine"] == [
        "1. Cold start to first paint",
        "6. Seeding",
        "9. Quick checks from the shell, beside psql",
        "10. The database 30 ms away",
        "11. From outside: the real hotdash in a terminal",
    ]
    cold = found["1. Cold start to first paint"]
    assert cold[0][0] == "hotdash to first data paint" and len(cold) == 4
    seed = found["6. Seeding"]
    assert [row[0] for row in seed] == ["hotdash seed --rows N"]
    assert "rows loaded" in seed[0][6]
    shell = found["9. Quick checks from the shell, beside psql"]
    assert [row[0] for row in shell][:3] == [
        "hotdash --help",
        "hotdash --version",
        "hotdash approvals --format json",
    ]
    assert len(shell) == 10 and all("psql, the same " in row[6] for row in shell[2:])
    remote = found["10. The database 30 ms away"]
    trips = [row for row in remote if row[0].startswith("round trips")]
    assert len(trips) == 11  # the launch and every screen key
    for row in trips:
        assert re.fullmatch(r"[0-9.]+ trips", row[1]) and float(row[1].split()[0]) >= 1, row
    outside = found["11. From outside: the real hotdash in a terminal"]
    assert [row[0] for row in outside if row[0].startswith("launch")] == [
        "launch to the overview's figures, server running",
        "launch to the overview's figures, 30 ms away",
    ]
    assert len(outside) == 20  # and each of the 9 screen keys at both distances
    for row in cold + seed + shell + outside:
        assert len(row) == 7, row
        assert NUMBER.match(row[1]) and NUMBER.match(row[2]), row  # median and worst
        assert row[5] == "1"  # --repeat 1: one sample each
    judged = [row for row in cold + seed + shell + remote + outside if row[3] != "—"]
    # cold start 1, seed 1, shell 10; at 30 ms: 9 first openings, 10 reopenings, 10 trips,
    # 1 approval; from outside, the 2 launches
    assert len(judged) == 44 and all(row[4] in {"met", "**missed**"} for row in judged)
    missed = [row[0] for row in judged if row[4] == "**missed**"]
    listed = text.split("## Missed targets", 1)[1].split("\n## ", 1)[0]
    assert all(f"- {name}:" in listed for name in missed)
    assert missed or "None." in listed
    # The harness leaves no server behind.
    assert not EmbeddedServer(data_dir).status().running
