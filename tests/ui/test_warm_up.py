"""The screens' modules are imported in the background once the overview shows its figures,
not at start. Run in a fresh interpreter: this test process imported them long ago."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import asyncio, sys
from hotdash_tui.app import HotdashApp
from hotdash_tui.screens.lazy import LAZY_SCREENS
from hotdash_tui.db.engine import create_db_engine
from tests.ui.conftest import make_app

lazy = [module for module, _ in LAZY_SCREENS.values()]
calls = []
warm_up = HotdashApp.warm_up_screens

def seen_then_warm_up(app):
    figures = str(app.screen.query_one("#tile-approvals").render())
    calls.append((len([m for m in lazy if m in sys.modules]), "pending" in figures))
    warm_up(app)

HotdashApp.warm_up_screens = seen_then_warm_up
engine = create_db_engine(sys.argv[1])
app = make_app(engine, sys.argv[1])

async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(2):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

asyncio.run(main())
engine.dispose()
imported, shown = calls[0]
print(len(calls), imported, shown, len([m for m in lazy if m in sys.modules]), len(lazy))
"""


def test_screen_modules_are_imported_after_the_overview_shows_its_figures(
    seeded_db_url: str,
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, seeded_db_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    calls, before, shown, after, lazy = result.stdout.split()[-5:]
    assert calls == "1"
    assert shown == "True"  # asked for once the overview showed its figures
    assert before == "0"  # a start imported none of them
    assert after == lazy != "0"  # then all of them
