"""Section 11: hotdash as a person sees it, from outside: the real ``hotdash`` started in a
120x40 terminal of tmux (a private tmux server of the harness's own), its screen read as a
user reads it, with ``tmux capture-pane`` every few milliseconds.

- Launch: from just before the process is started (typer, imports, the database, the App) to
  the first capture that shows the overview's figures (the tiles' "pending" and "in 24h").
- A screen key: from ``tmux send-keys`` to the last change of the screen before it stays the
  same for ``QUIET`` seconds: the moment its rows are drawn.

Each is measured with the database as ``uv run hotdash`` has it (the embedded server, running)
and, when the harness has a delay proxy, ``--rtt`` ms away through it (``hotdash --dsn``).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.driving import SCREEN_KEYS
from benchmarks.figures import Figure, Section, Target

WIDTH, HEIGHT = 120, 40
FIGURES_SHOWN = ("pending", "in 24h")  # words only the overview's loaded tiles hold
QUIET = 0.4  # s without a change: the screen is done
TIMEOUT = 20.0  # s: a launch or key that shows nothing by then has failed
POLL = 0.003
LAUNCH = Target(0.8, "s", "median")
LAUNCH_FAR = Target(1.2, "s", "median")


_SERVERS = itertools.count()


class Terminal:
    """One hotdash in a detached tmux session of a private tmux server."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        tmux = shutil.which("tmux")
        if tmux is None:
            raise RuntimeError("tmux is not installed")
        # A server of its own each time: one just killed may still hold its socket's name.
        name = f"hdbench{os.getpid()}-{next(_SERVERS)}"
        self.base = [tmux, "-L", name, "-f", "/dev/null"]
        environment = [f"-e{key}={value}" for key, value in env.items()]
        self.started = time.perf_counter()
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "hd", "-x", str(WIDTH), "-y", str(HEIGHT),
             *environment, *command],
            check=True, timeout=10,
        )  # fmt: skip

    def screen(self) -> str:
        done = subprocess.run(
            [*self.base, "capture-pane", "-p", "-t", "hd"],
            capture_output=True, text=True, timeout=10,
        )  # fmt: skip
        return done.stdout

    def press(self, key: str) -> float:
        started = time.perf_counter()
        subprocess.run([*self.base, "send-keys", "-t", "hd", key], check=True, timeout=10)
        return started

    def until_shown(self, words: tuple[str, ...]) -> float:
        """Seconds from the start to the first screen that holds every one of ``words``."""
        while time.perf_counter() - self.started < TIMEOUT:
            if all(word in self.screen() for word in words):
                return time.perf_counter() - self.started
            time.sleep(POLL)
        raise RuntimeError(f"hotdash showed no {words} in {TIMEOUT:g} s: {self.screen()!r}")

    def until_quiet(self, started: float, before: str | None) -> float:
        """Seconds from ``started`` to the screen's last change before it stayed the same
        (``before``: the screen before the key, which must change; None: no change needed)."""
        shown, changed = before or "", None if before is not None else started
        while time.perf_counter() - started < TIMEOUT:
            now_shown = self.screen()
            moment = time.perf_counter()
            if now_shown != shown:
                shown, changed = now_shown, moment
            elif changed is not None and moment - changed >= QUIET:
                return changed - started
            time.sleep(POLL)
        raise RuntimeError(f"the screen did not settle in {TIMEOUT:g} s")

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=10)


def hotdash_script() -> str:
    return str(Path(sys.executable).with_name("hotdash"))


def measure(section: Section, label: str, args: list[str], repeat: int, target: Target) -> None:
    """Launches ``hotdash ARGS`` ``repeat`` times (after one untimed), then presses each
    screen key in the last one."""
    env = {"HOTDASH_DATA_DIR": os.environ["HOTDASH_DATA_DIR"], "TERM": "xterm-256color"}
    launch = section.add(Figure(f"launch to the overview's figures, {label}", "s",
                                target=target))  # fmt: skip
    keys = {key: section.add(Figure(f"key {key} {name} to its rows, {label}", "ms"))
            for key, name in SCREEN_KEYS.items() if key != "0"}  # fmt: skip
    first: dict[str, float] = {}
    for run in range(repeat + 1):
        terminal = Terminal([hotdash_script(), *args], env)
        try:
            seconds = terminal.until_shown(FIGURES_SHOWN)
            if run:  # the first launch writes the bytecode caches and is not counted
                launch.samples.append(seconds)
            if run < repeat:
                continue
            terminal.until_quiet(time.perf_counter(), None)
            for round_ in range(repeat + 1):  # the keys in the last launch; round 0 builds
                for key, figure in keys.items():
                    before = terminal.screen()
                    started = terminal.press(key)
                    ms = 1000 * terminal.until_quiet(started, before)
                    if round_:
                        figure.samples.append(ms)
                    else:
                        first[key] = ms
        finally:
            terminal.close()
    for key, figure in keys.items():
        figure.note = f"first opening (builds the screen): {first.get(key, 0):.0f} ms"
