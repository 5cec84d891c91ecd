"""The dashboard as ``hotdash`` runs it: ``App.run()``, not the Pilot's ``run_test()`` (issue 15).

On Python 3.12 and 3.13 the App crashed in ``run()`` before its first screen was shown while
every Pilot test passed, and the process exited 0 after printing a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
import typer
from textual.pilot import Pilot

import hotdash_tui.app as app_module
from hotdash_tui.app import HotdashApp
from hotdash_tui.cli.common import EXIT_APP_FAILED, run_app
from hotdash_tui.widgets.key_bar import KeyBar
from tests.ui.conftest import make_app

SECRET = "Tr0ub4dor-3"


class FailingApp(HotdashApp):
    """Fails as a bug in a screen would: an exception Textual does not expect."""

    # Textual reads CSS_PATH beside the module that defines the class: this one's is tests/.
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def on_mount(self) -> None:
        super().on_mount()
        raise RuntimeError(f"a bug that mentions postgresql://me:{SECRET}@db/shop")


def test_the_dashboard_runs_and_quits_through_app_run(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str
) -> None:
    app = make_app(seeded_engine, seeded_db_url)
    seen: dict[str, str] = {}

    async def tour(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        seen["keys"] = str(pilot.app.screen.query_one(KeyBar).render())
        await pilot.press("q")

    app.run(headless=True, size=(80, 24), auto_pilot=tour)
    assert app.return_code == 0
    assert app.crash_text == ""
    assert "Quit" in seen["keys"]  # the key bar read the screen's bindings


def test_a_failure_inside_the_app_exits_1_and_names_a_log_without_the_password(
    seeded_engine: sqlalchemy.Engine,
    seeded_db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HOTDASH_LOG_DIR", str(tmp_path / "logs"))
    base = make_app(seeded_engine, seeded_db_url)
    app = FailingApp(base.database, clock=base.clock, live=False)

    with pytest.raises(typer.Exit) as stopped:
        run_app(app, headless=True)

    assert stopped.value.exit_code == EXIT_APP_FAILED
    said = capsys.readouterr().err.strip()
    assert said.startswith("hotdash: the dashboard stopped on an unexpected error")
    assert len(said.splitlines()) == 1
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert str(logs[0]) in said
    report = logs[0].read_text(encoding="utf-8")
    assert "RuntimeError" in report
    assert "on_mount" in report  # the traceback, not only the message
    assert SECRET not in report
    assert logs[0].stat().st_mode & 0o077 == 0
