"""ctrl+p offers the dashboard's own commands; the config file's keymap, theme and saved views
reach the App; esc closes the keys panel (issue 17)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import sqlalchemy
from rich.console import Console
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import HelpPanel

from hotdash_tui.screens.approvals.screen import ApprovalsScreen
from hotdash_tui.screens.help import HelpScreen
from hotdash_tui.screens.runs.screen import RunsScreen
from hotdash_tui.user_config import UserConfig, load_config
from tests.ui.conftest import make_app
from tests.ui.support import header, notices, press, settle

VIEWS = """\
[views.agents]
screen = "approvals"
filter = "source:agents"
"""


def help_rows(screen: HelpScreen) -> set[tuple[str, str]]:
    """(key, what it does) of every row of the help's table, as printed at 120 columns."""
    out = io.StringIO()
    Console(file=out, width=120, color_system=None).print(screen.table)
    rows = [line.split(maxsplit=1) for line in out.getvalue().splitlines()]
    return {(row[0], row[1].strip()) for row in rows if len(row) == 2}


async def run_command(pilot: Pilot[Any], search: str) -> None:
    """ctrl+p, the search typed, the first match run."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*search)
    for _ in range(50):  # the palette searches in the background; at most 2.5 s
        await pilot.pause(0.05)
        if pilot.app.screen.query("CommandList Option"):
            break
    await pilot.press("down", "enter")
    await settle(pilot)


async def test_a_few_letters_find_a_screen(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str
) -> None:
    app = make_app(seeded_engine, seeded_db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "appro")
        assert app.current_mode == "approvals"
        assert isinstance(app.screen, ApprovalsScreen)


async def test_a_saved_view_opens_its_screen_with_its_filter(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(VIEWS, encoding="utf-8")
    app = make_app(seeded_engine, seeded_db_url, config=load_config(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "view agents")
        screen = app.screen
        assert isinstance(screen, ApprovalsScreen)
        assert "source:agents" in header(app)
        assert screen.table.items and {item.source for item in screen.table.items} == {"agents"}


async def test_a_filter_used_on_a_screen_is_offered_again(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str
) -> None:
    app = make_app(seeded_engine, seeded_db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "slash", *"source:tasks", "enter")
        assert app.recent_filters[-1] == ("approvals", "source:tasks")
        await press(pilot, "escape", "0")  # the filter cleared, the overview shown
        await run_command(pilot, "filter source:tasks")
        assert app.current_mode == "approvals"
        assert "source:tasks" in header(app)


async def test_a_rebound_key_runs_its_action_and_help_shows_it(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str
) -> None:
    config = UserConfig(keys={"approvals.mark": "x", "go.runs": "R"})
    app = make_app(seeded_engine, seeded_db_url, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "R")
        assert isinstance(app.screen, RunsScreen)
        await press(pilot, "1", "x")
        screen = app.screen
        assert isinstance(screen, ApprovalsScreen)
        assert len(screen.table.marked) == 1
        await press(pilot, "space")  # the old key no longer marks
        assert len(screen.table.marked) == 1
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app.screen)
        assert ("x", "Mark") in rows and ("R", "Runs") in rows
        assert ("␣", "Mark") not in rows


async def test_an_unknown_binding_id_is_named_with_its_line(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n[keys]\n"approvals.aprove" = "A"\n', encoding="utf-8")
    app = make_app(seeded_engine, seeded_db_url, config=load_config(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.warm_up_screens()
        await settle(pilot)
        assert any(
            f"{path} line 3: no key has the id 'approvals.aprove'" in n for n in notices(app)
        )


async def test_the_theme_comes_from_the_file_and_a_change_is_remembered(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('as = "alice"\ntheme = "nord"\n', encoding="utf-8")
    app = make_app(seeded_engine, seeded_db_url, config=load_config(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await settle(pilot)
    assert path.read_text(encoding="utf-8") == 'as = "alice"\ntheme = "gruvbox"\n'


async def test_esc_closes_the_keys_panel_and_then_clears_the_filter(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str
) -> None:
    app = make_app(seeded_engine, seeded_db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "slash", *"source:tasks", "enter")
        app.action_show_help_panel()
        await settle(pilot)
        assert app.screen.query(HelpPanel)
        await press(pilot, "escape")
        assert not app.screen.query(HelpPanel)
        assert "source:tasks" in header(app)  # the first esc closed the panel only
        await press(pilot, "escape")
        assert "source:tasks" not in header(app)


async def test_help_teaches_the_screens_filter_terms(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str
) -> None:
    app = make_app(seeded_engine, seeded_db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app.screen)
        meanings = {meaning for term, meaning in rows}
        assert any(m.endswith("e.g. since:30m, since:7d") for m in meanings), rows
        assert any(m.startswith("one of") and "e.g. status:" in m for m in meanings), rows
        assert any(key == "ctrl+p" and "palette" in m for key, m in rows), rows
        assert ("G", "Last row (reads on to the end)") in rows
