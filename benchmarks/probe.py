"""Run in a fresh interpreter by the harness: ``python -m benchmarks.probe coldstart|resources``.

Prints one JSON line. ``coldstart`` measures from the harness's clock reading just before it
started this process (argv[2], ``time.time()``) to the overview's first data paint.
``resources`` visits every screen, then reports RSS and the CPU used while idle."""

from __future__ import annotations

import json
import sys
import time


def coldstart(started: float) -> dict[str, float]:
    # Everything below is what `hotdash` does on start: imports, open the database, run the App.
    import asyncio

    from benchmarks.driving import SIZE, PaintClock, open_embedded, settle
    from hotdash_tui.app import HotdashApp
    from hotdash_tui.widgets.tile import Tile

    imported = time.time()
    database = open_embedded()
    opened = time.time()
    app = HotdashApp(database)
    paints = PaintClock(app)

    async def run() -> float:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # The last paint before the App settled, on the same clock as `started`.
            painted = time.time() - (time.perf_counter() - paints.last)
            shown = str(app.screen.query_one("#tile-approvals", Tile).render())
            if "pending" not in shown:
                raise SystemExit(f"the overview showed no data: {shown!r}")
            return painted

    try:
        painted = asyncio.run(run())
    finally:
        database.close()
    return {
        "seconds": painted - started,
        "imports": imported - started,
        "open_database": opened - imported,
        "first_paint": painted - opened,
    }


def resources(idle_seconds: float) -> dict[str, float]:
    import asyncio

    import psutil

    from benchmarks.driving import SCREEN_KEYS, SIZE, open_embedded, settle
    from hotdash_tui.app import HotdashApp

    database = open_embedded()
    app = HotdashApp(database)
    me = psutil.Process()

    async def run() -> dict[str, float]:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for key in [*SCREEN_KEYS, "0"]:
                await pilot.press(key)
                await settle(pilot)
            rss = me.memory_info().rss
            before, wall = me.cpu_times(), time.perf_counter()
            await asyncio.sleep(idle_seconds)  # the App runs on: timers, the listener thread
            after, elapsed = me.cpu_times(), time.perf_counter() - wall
            used = (after.user - before.user) + (after.system - before.system)
            return {"rss_mb": rss / 2**20, "idle_cpu_percent": 100 * used / elapsed}

    try:
        return asyncio.run(run())
    finally:
        database.close()


def bytecode() -> dict[str, float]:
    """Imports every module of hotdash_tui (and so all they import): run with bytecode
    writing on, it leaves the caches an installed program has before the timed sections."""
    import importlib
    import pkgutil

    import hotdash_tui

    every = pkgutil.walk_packages(hotdash_tui.__path__, "hotdash_tui.")
    names = [m.name for m in every if not m.name.endswith(".__main__")]  # that one runs the CLI
    for name in names:
        importlib.import_module(name)
    return {"modules": float(len(names))}


def main() -> None:
    mode = sys.argv[1]
    if mode == "bytecode":
        result = bytecode()
    elif mode == "coldstart":
        result = coldstart(float(sys.argv[2]))
    elif mode == "resources":
        result = resources(float(sys.argv[2]))
    else:
        raise SystemExit(f"unknown probe {mode}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
