"""``uv run python -m benchmarks [--rows N] [--repeat K] [--only NAME...]``."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import report
from benchmarks.figures import Figure, Section, Target
from benchmarks.setup import (
    DEFAULT_DATA_DIR,
    machine,
    measure_speed,
    prepare_database,
    start_server,
)
from hotdash_tui.db.bootstrap import OpenDatabase

HERE = Path(__file__).resolve().parent
SECTIONS = {
    "coldstart": (
        "1. Cold start to first paint",
        "A fresh `python` process started by the harness (the embedded server already "
        "running) imports the App, opens the database as `hotdash` does (join the server, "
        "check migrations and data), runs the App headless at 120x40 and waits until the "
        "overview's tiles show their figures (workers done, messages handled). Measured from "
        "just before the process is started to that moment; `hotdash`'s own CLI parsing "
        "(typer) is not included. One untimed start first writes the bytecode caches, as any "
        "installed program has them (the harness removes PYTHONDONTWRITEBYTECODE for it).",
    ),
    "screens": (
        "2. Screens with their data, and page-down deep in the largest lists",
        "One App in the harness process (Pilot, headless, 120x40). A sample is one key press "
        "until the App's last paint before it settled (workers done, message queue idle): the "
        "moment a screen hands its update with the new rows to the App to display. Screens "
        "are opened 1…9 then 0 in rounds: the first round builds each screen and is reported "
        "apart (first time, one sample a screen; every module's bytecode cache was written "
        "beforehand, untimed, as an installed hotdash has them, and the App imported the "
        "screens' modules in the background once the overview showed its figures, before the "
        "first key), then --repeat rounds of "
        "openings. The database "
        "part: the statements that key ran (captured on the App's "
        "engine with their parameters) replayed alone, in order, on one pooled connection "
        "after the App has closed; only presses that read count. Deep lists: 30 x ctrl+end "
        "(the cursor to the last loaded row, which reads the next 100-row keyset window) "
        "then 40 page-downs.",
    ),
    "writes": (
        "3. Writes: keystroke to committed row",
        "From the key press to the moment a second session (polling every millisecond) sees "
        "the row changed: `a` on the approvals queue's first row, `L` on the board's first "
        "column's card (moved back by nothing: each round moves another card).",
    ),
    "resources": (
        "4. Resident memory and idle CPU",
        "A fresh process opens the App (live updates on, as `hotdash`), visits 0…9 and back "
        "to 0, reads its RSS (psutil), then stays idle on the overview for the idle period "
        "and reports the process's CPU time over that wall time (percent of one core).",
    ),
    "queries": (
        "5. Named queries: the App's engine against plain psycopg",
        "Each query of sql/ with the parameters the App itself sent while the harness drove "
        "it (first use, captured on the engine): the timed sections, then a tour of keys "
        "(benchmarks/tour.py: filters, details, forms, decisions and undo, races lost to a "
        "second connection) that writes to this database. Each is replayed within the unit "
        "of work it first ran in: the statements of that transaction, in order (a screen's "
        "read, a decision). Per round, n executions of the unit as the App runs it (a pooled "
        "connection of an engine opened as hotdash opens it, pinged after 5 s idle, each "
        "statement by db/sql.run, which is SQLAlchemy's Connection.execute of the "
        "query's text() clause, rows fetched; then the connection closed, which rolls "
        "the transaction back as a read of the App ends) and n of the same compiled "
        "statements in one transaction on a plain psycopg connection, rolled back, all sent "
        "on one cursor. A query's "
        "time is its statement's plus an even share of what its unit spent outside its "
        "statements (checkout, begin, rollback); a sample is the ratio of the two medians. A "
        "query never seen in a transaction (health_ping, run by the reconnect loop) is a unit "
        "of its own. n is 5, or for a quick unit as many as its floor fills 20 ms with, at "
        "most 100: 5 runs of a 0.2 ms unit gave medians that moved from run to run. "
        "The note also gives the ratio of the query run alone, a transaction of its own "
        "(the figure before units were kept). Writes are replayed in a transaction that is "
        "rolled back. The engine the harness listened on is not used here: an engine once "
        "listened on keeps dispatching every statement's events, which the App's does not.",
    ),
    "seed": (
        "6. Seeding",
        "`hotdash seed --rows N` as a subprocess into a freshly migrated database.",
    ),
    "internals": (
        "7. Private library names: what each buys",
        "Each use of a library's private name (listed in src/hotdash_tui/library_internals.py) "
        "turned off in turn, by putting the library's public path back in our own classes "
        "for the run, against the App as shipped. A sample is a fresh App in the harness "
        "process (headless, 120x40, the overview's figures shown) and one key press, timed "
        "to the App's last paint, waiting 0.15 s after it settled for a frame that comes later; "
        "the note counts the paints (frames) that key brought.",
    ),
    "browser": (
        "8. Schema browser: every table opened and paged",
        "Database part, on an engine opened as `hotdash` opens it: the list of tables, the "
        "shapes reflected once per schema (the browser does it in the background when its "
        "list shows), then for every table the role may read, in key order and in each "
        "indexed column's order, its first 100-row window with its count (an estimate when "
        "unfiltered) and the keyset window after it (benchmarks/browser.py). Garbage is "
        "collected as the App collects it (gc_tuning): never while a read runs, a young "
        "collection between two tables.",
    ),
    "shell": (
        "9. Quick checks from the shell, beside psql",
        "Each command is the installed `hotdash` script started as a new process (the "
        "embedded server running, bytecode caches written by an untimed first run), on the "
        "embedded default database as `uv run hotdash` has it, timed from start to exit with "
        "its output read from a pipe (benchmarks/shell.py). The note gives the floor: psql "
        "-X, also a new process, running the statements that command sent (captured in the "
        "harness, rendered with their parameters), median of as many runs.",
    ),
    "remote": (
        "10. The database 30 ms away",
        "The App through the harness's delay proxy (benchmarks/delay.py: loopback only, each "
        "chunk handed on --rtt / 2 ms later each way, so every round trip costs --rtt more "
        "and a write reaches the server half a round trip after its key), opened as "
        "`hotdash --dsn` opens a remote database, then the screens opened as in section 2 "
        "(a first round builds them), then `a` on the approvals queue until a second "
        "session, reading the server directly, sees the row committed. Round trips are "
        "counted on the wire: the query cycles the server answered (ReadyForQuery) while "
        "the key ran, plus the connections it opened (benchmarks/remote.py); psycopg "
        "prepares a statement on its sixth run on a connection, in a round trip of its own, "
        "which the note's list of openings shows. In the harness process: imports are done, "
        "so the launch figure is the database's and the App's part.",
    ),
    "outside": (
        "11. From outside: the real hotdash in a terminal",
        "The installed `hotdash` script started in a 120x40 terminal of a private tmux "
        "server, its screen read with `tmux capture-pane` every few milliseconds, as a person "
        "reads it (benchmarks/outside.py). Launch: from just before the process starts "
        "(typer, imports, the database, the App) to the first screen that shows the "
        "overview's figures, server already running; one untimed launch first writes the "
        "bytecode caches. A screen key (in the last launch, --repeat rounds after one that "
        "builds the screens): from `tmux send-keys` to the screen's last change before it "
        "stays the same for 0.4 s. On the embedded default database, and --rtt ms away "
        "through the delay proxy of section 10 (`hotdash --dsn`).",
    ),
    "growth": (
        "12. Growth: the screens at 10,000, 100,000 and --rows rows",
        "Section 2 again on databases of 10,000 and 100,000 rows (each its own database on the "
        "benchmark server, migrated and seeded by the real commands, vacuumed as the main one; "
        "benchmarks/growth.py), measured before the main database's screens. Each figure is "
        "its median at --rows over its median at 10,000 rows; the note gives the medians at "
        "each size. A read that walks its table grows 10-100x here; a bounded window stays "
        "near 1. First openings are one sample each and are left out.",
    ),
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows for hotdash seed")
    parser.add_argument("--repeat", type=int, default=5, help="samples of each figure")
    parser.add_argument("--only", nargs="+", choices=list(SECTIONS), help="sections to run")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument(
        "--rtt", type=float, default=30.0, help="ms per round trip for section 10 (remote)"
    )
    parser.add_argument(
        "--reuse", action="store_true",
        help="keep a database seeded before with the same --rows (no seed figure)",
    )  # fmt: skip
    return parser.parse_args(argv)


def probe(*args: str) -> dict[str, float]:
    # An installed hotdash runs with its bytecode cached; a PYTHONDONTWRITEBYTECODE in the
    # harness's environment would make every start compile every module from source.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", *args],
        check=True, capture_output=True, text=True, cwd=HERE.parent, env=env,
    )  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    wanted = set(args.only or SECTIONS)
    if "growth" in wanted:
        wanted.add("screens")  # its figures at --rows are section 2's
    sections = {key: Section(key, title, text) for key, (title, text) in SECTIONS.items()}
    os.environ.pop("DATABASE_URL", None)  # the embedded database of --data-dir, nothing else
    server, admin_url = start_server(args.data_dir.resolve())
    try:
        say(f"database with {args.rows:,} rows in {args.data_dir}")
        seeded = prepare_database(admin_url, args.data_dir.resolve(), args.rows, reuse=args.reuse)
        if seeded.seconds is not None:
            seed_target = Target(60, "s", "median")
            figure = Figure("hotdash seed --rows N", "s", [seeded.seconds], seed_target)
            figure.note = f"{seeded.loaded:,} rows loaded in all tables" if seeded.loaded else ""
            sections["seed"].add(figure)
            wanted.add("seed")
        facts = machine(seeded.url, args.rows)
        # Untimed: every module's bytecode cache written, as an installed hotdash has them.
        # Without it a screen's first opening compiled its modules from source whenever
        # they had changed since the last cache was written (or PYTHONDONTWRITEBYTECODE
        # kept any from being written).
        probe("bytecode")
        before = measure_speed(seeded.url)
        run_sections(args, wanted, sections, seeded.url)
        after = measure_speed(seeded.url)
        facts += [
            ("speed before the timed sections", before.describe()),
            ("speed after them", after.describe()),
        ]
        report.write(
            args.output,
            " ".join(["python -m benchmarks", *(sys.argv[1:] if argv is None else argv)]),
            facts,
            [sections[key] for key in SECTIONS if key in wanted],
        )
    finally:
        server.release()
    for figure in report.missed(list(sections.values())):
        print(f"missed: {figure.name}: median {figure.median}, worst {figure.worst}")
    print(f"wrote {args.output}")


def say(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


def run_sections(args: argparse.Namespace, wanted: set[str], sections: dict[str, Section],
                 url: str) -> None:  # fmt: skip
    if "coldstart" in wanted:
        say("cold start")
        cold = sections["coldstart"].add(
            Figure("hotdash to first data paint", "s", target=Target(1.0, "s", "median"))
        )
        parts = {
            "imports": "of which: interpreter start and imports",
            "open_database": "of which: open the database",
            "first_paint": "of which: App start to the overview's data painted",
        }
        figures = {key: sections["coldstart"].add(Figure(name, "s")) for key, name in parts.items()}
        probe("coldstart", repr(time.time()))  # not counted: writes the bytecode caches
        for _ in range(args.repeat):
            result = probe("coldstart", repr(time.time()))
            cold.samples.append(result["seconds"])
            for key, figure in figures.items():
                figure.samples.append(result[key])
    # Process starts, the database far away and the browser's reads are measured before the
    # screens and the tour below: measured after them in one run, every process start took
    # half again as long, psql's as much as hotdash's (the machine busy after the tour's
    # writes), and the browser's worst windows took 0.6-2.5 s where alone they take 0.2 s.
    if "shell" in wanted:
        say("quick checks from the shell")
        from benchmarks import shell

        # A process start varies more than a key press: more samples, 9 at --repeat 5.
        shell.run(url, 2 * args.repeat - 1, sections["shell"])
    if "outside" in wanted:
        say("from outside, in a terminal")
        from benchmarks import outside
        from benchmarks.delay import delayed

        here = sections["outside"]
        outside.measure(here, "server running", [], args.repeat, outside.LAUNCH)
        with delayed(url, args.rtt) as (_proxy, through):
            far = f"{args.rtt:g} ms away"
            outside.measure(here, far, ["--dsn", through], args.repeat, outside.LAUNCH_FAR)
    if "remote" in wanted:
        say(f"the database {args.rtt:g} ms away")
        from benchmarks import remote

        sections["remote"].title = f"10. The database {args.rtt:g} ms away"
        remote.run(url, args.rtt, args.repeat, sections["remote"])
    if "browser" in wanted:
        say("schema browser")
        from benchmarks import browser
        from benchmarks.driving import open_in_server_process

        database = open_in_server_process()
        try:
            browser.run(database.engine, args.repeat, sections["browser"])
        finally:
            database.close()
    smaller = None
    if "growth" in wanted:
        from benchmarks import growth

        smaller = growth.measure(url, lambda db, section: _screens(args, db, section), say)
    if wanted & {"screens", "writes", "queries"}:
        say("screens, writes, queries")
        from benchmarks import queries, ui
        from benchmarks.driving import open_in_server_process
        from benchmarks.sqlclock import SqlClock

        database = open_in_server_process()
        clock = SqlClock(database.engine)
        try:
            ui.run(database, args.repeat, wanted, sections, clock)
        finally:
            clock.close()
            database.close()
        if "queries" in wanted:
            # Timed on an engine opened as hotdash opens it, as the App's is in use: the clock's
            # listeners, even removed, leave its engine dispatching every statement's events.
            fresh = open_in_server_process()
            try:
                queries.run(
                    fresh.engine, url, clock.params, clock.units, args.repeat, sections["queries"]
                )
            finally:
                fresh.close()
    if smaller is not None:
        from benchmarks import growth

        growth.report(smaller, args.rows, sections["screens"], sections["growth"])
    if "internals" in wanted:
        say("private library names")
        from benchmarks import internals
        from benchmarks.driving import open_in_server_process

        database = open_in_server_process()
        try:
            internals.run(database, args.repeat, sections["internals"])
        finally:
            database.close()
    if "resources" in wanted:
        say("memory and idle CPU")
        rss = sections["resources"].add(
            Figure("RSS after every screen", "MB", target=Target(150, "MB", "worst"))
        )
        cpu = sections["resources"].add(
            Figure(f"CPU idle on the overview, {args.idle_seconds:g} s", "%",
                   target=Target(1.0, "%", "median"))
        )  # fmt: skip
        for _ in range(args.repeat):
            result = probe("resources", repr(args.idle_seconds))
            rss.samples.append(result["rss_mb"])
            cpu.samples.append(result["idle_cpu_percent"])


def _screens(args: argparse.Namespace, database: OpenDatabase, section: Section) -> None:
    """Section 2 alone on ``database``, into ``section`` (growth's smaller sizes)."""
    from benchmarks import ui
    from benchmarks.sqlclock import SqlClock

    clock = SqlClock(database.engine)
    ui.KEYED.clear()  # the presses whose statements the run below replays
    try:
        ui.run(database, args.repeat, {"screens"}, {"screens": section}, clock)
    finally:
        clock.close()
        ui.KEYED.clear()


if __name__ == "__main__":
    main()
