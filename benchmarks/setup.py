"""The benchmark database: a private embedded server in benchmarks/.data, seeded by the real
``hotdash seed --rows N`` command, and the facts about the machine it runs on."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import psycopg
from psycopg import sql

from benchmarks.queries import unit_direct
from hotdash_tui.db.bootstrap import EMBEDDED_DATABASE, ensure_embedded_database
from hotdash_tui.db.engine import connect
from hotdash_tui.embedded.server import EmbeddedServer

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / ".data"
ROWS_MARK = "benchmark-rows"  # the row count the database in a data dir was seeded with


@dataclass(frozen=True)
class Seeded:
    url: str
    rows: int
    seconds: float | None  # None: an existing database was reused
    loaded: int | None  # rows loaded, as the seed command reported them


def hotdash_command(*args: str) -> list[str]:
    """The ``hotdash`` command of this environment, run as a module so no PATH is needed."""
    return [sys.executable, "-m", "hotdash_tui", *args]


def start_server(data_dir: Path) -> tuple[EmbeddedServer, str]:
    """The embedded server of ``data_dir`` (started or joined) and its admin URL.

    Every child process (the seed, the cold starts) finds it through HOTDASH_DATA_DIR."""
    data_dir.mkdir(parents=True, exist_ok=True)
    # As root the server runs as an unprivileged account, which must be able to enter here.
    data_dir.chmod(0o755)
    os.environ["HOTDASH_DATA_DIR"] = str(data_dir)
    server = EmbeddedServer(data_dir)
    return server, server.acquire()


def prepare_database(admin_url: str, data_dir: Path, rows: int, *, reuse: bool) -> Seeded:
    """A migrated database seeded with ``rows``: reused when asked and seeded with as many
    rows before, else dropped and loaded again with ``hotdash seed`` (which is timed)."""
    mark = data_dir / ROWS_MARK
    if reuse and mark.is_file() and mark.read_text().strip() == str(rows):
        url = ensure_embedded_database(admin_url)
        vacuum_and_checkpoint(url)  # the last run's tour wrote rows autovacuum would come for
        return Seeded(url, rows, None, None)
    mark.unlink(missing_ok=True)
    with connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(EMBEDDED_DATABASE)
            )
        )
    url = ensure_embedded_database(admin_url)
    subprocess.run(hotdash_command("migrate"), check=True, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    done = subprocess.run(
        hotdash_command("seed", "--rows", str(rows)), check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    vacuum_and_checkpoint(url)
    mark.write_text(f"{rows}\n")
    return Seeded(url, rows, seconds, _loaded_rows(done.stdout))


def vacuum_and_checkpoint(url: str) -> None:
    """Untimed: the database as a server that has kept up with its writes holds it, so that
    no background work of the load overlaps the measurements.

    The seed leaves its million-row tables to autovacuum, which then vacuumed all five
    during the screens section of a run; after a tour's writes it came back for three of
    them in the next run with --reuse, whose ROAS openings' database part was 14 ms where
    other runs measured 5-6. Autovacuum also analyzes every seeded table again a minute
    after the load (the seed's ANALYZE ran before its rows were counted as changes), which
    fell in the screens section too. VACUUM (ANALYZE) does both now, and sets the visibility
    maps that index-only scans rely on. The load and the vacuum leave about 1.6 GB of WAL at
    a million rows for the checkpointer to write out: a checkpoint follows (server-wide; the
    database's URL is the admin's, superuser included, with another dbname)."""
    with connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        conn.execute("CHECKPOINT")


def _loaded_rows(output: str) -> int | None:
    # "Loaded 1,234,567 demo rows into 40 tables in 12.3 s (seed 42)."
    words = output.split()
    if len(words) > 1 and words[0] == "Loaded":
        return int(words[1].replace(",", ""))
    return None


def machine(url: str, rows: int) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    version = str(row[0]) if row else "?"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        ("CPU", _cpu_model()),
        ("cores", f"{psutil.cpu_count(logical=False)} physical, {os.cpu_count()} logical"),
        ("RAM", f"{psutil.virtual_memory().total / 2**30:.1f} GiB"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Postgres", f"{version} (embedded)"),
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("rows (`--rows`)", f"{rows:,}"),
        ("load average at start", load),
    ]


@dataclass(frozen=True)
class Speed:
    """How fast the machine was at one moment, by two fixed workloads: runs on one machine
    differ by nearly 2x from day to day (CPU steal on a shared host), and a figure near its
    target is read beside these rather than beside the CPU's model name."""

    python_best_ms: float  # the reference Python workload
    python_median_ms: float
    round_trip_us: float  # BEGIN, SELECT 1, ROLLBACK on plain psycopg: median

    def describe(self) -> str:
        return (
            f"Python reference {self.python_best_ms:.0f} ms best, "
            f"{self.python_median_ms:.0f} ms median; "
            f"psycopg BEGIN/SELECT 1/ROLLBACK {self.round_trip_us:.0f} us median"
        )


SPEED_RUNS, ROUND_TRIPS, WARM_TRIPS = 5, 200, 50


def reference_work() -> None:
    """A fixed piece of the kind of work the App's own Python does: calls, string
    formatting, dict access."""
    counts: dict[str, int] = {}
    for i in range(200_000):
        key = f"k{i % 64}"
        counts[key] = counts.get(key, 0) + len(key)


def measure_speed(url: str) -> Speed:
    python = []
    for _ in range(SPEED_RUNS):
        started = time.perf_counter()
        reference_work()
        python.append((time.perf_counter() - started) * 1000)
    # The queries section's own floor for health_ping: the same code, the same statement.
    ping: list[tuple[str, Any]] = [("SELECT 1", {})]
    with connect(url) as conn, conn.cursor() as cur:
        for _ in range(WARM_TRIPS):
            unit_direct(cur, ping)
        trips = [sum(unit_direct(cur, ping)) * 1e6 for _ in range(ROUND_TRIPS)]
    return Speed(min(python), statistics.median(python), statistics.median(trips))


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
