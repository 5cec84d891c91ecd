"""``hotdash config path|check`` and ``--view`` on the quick checks (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run

CONFIG = """\
as = "alice"

[keys]
"approvals.reject" = "R"

[views.agents]
screen = "approvals"
filter = "source:agents"

[views.renders]
screen = "runs"
filter = "stage:render"
"""


def config_file(tmp_path: Path, text: str = CONFIG) -> dict[str, str | None]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return {"HOTDASH_CONFIG": str(path)}


def test_config_path_prints_where_the_file_is_read_from(tmp_path: Path) -> None:
    result = run("config", "path", env={"HOTDASH_CONFIG": str(tmp_path / "mine.toml")})
    assert result.exit_code == 0
    assert result.stdout.strip() == str(tmp_path / "mine.toml")


def test_config_check_says_what_the_file_sets(tmp_path: Path) -> None:
    result = run("config", "check", env=config_file(tmp_path))
    assert result.exit_code == 0, result.output
    assert "as alice" in result.stdout and "1 keys rebound" in result.stdout
    assert "views: agents, renders" in result.stdout


def test_config_check_names_the_line_of_an_unknown_key_id(tmp_path: Path) -> None:
    env = config_file(tmp_path, '[keys]\n\n"approvals.aprove" = "A"\n')
    result = run("config", "check", env=env)
    assert result.exit_code == 2
    assert "line 3: no key has the id 'approvals.aprove'" in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_file_is_one_sentence_and_exit_2(tmp_path: Path, live_url: str) -> None:
    env = config_file(tmp_path, 'as = "alice"\ntheme = nord\n')
    result = run("config", "check", env=env)
    assert result.exit_code == 2
    assert "is not valid TOML" in result.stderr and "line 2" in result.stderr
    # The dashboard's own start refuses it the same way, before opening anything.
    dashboard = run("--dsn", live_url, env=env)
    assert dashboard.exit_code == 2 and "line 2" in dashboard.stderr


def test_view_filters_a_quick_check_as_its_saved_filter_says(tmp_path: Path, live_url: str) -> None:
    env = config_file(tmp_path)
    by_option = run("approvals", "--source", "agents", "--format", "json", "--dsn", live_url)
    viewed = run("approvals", "--view", "agents", "--format", "json", "--dsn", live_url, env=env)
    assert viewed.exit_code == 0, viewed.output
    rows = json.loads(viewed.stdout)
    assert rows and {row["source"] for row in rows} == {"agents"}
    assert json.loads(by_option.stdout) == rows


def test_an_unknown_view_or_one_of_another_screen_exits_2(tmp_path: Path, live_url: str) -> None:
    env = config_file(tmp_path)
    unknown = run("approvals", "--view", "nope", "--dsn", live_url, env=env)
    assert unknown.exit_code == 2
    assert "no saved view 'nope'" in unknown.stderr and "agents, renders" in unknown.stderr
    other = run("approvals", "--view", "renders", "--dsn", live_url, env=env)
    assert other.exit_code == 2
    assert "is for the runs screen, not approvals" in other.stderr


def test_the_file_names_who_acts_when_nothing_else_does(tmp_path: Path, live_url: str) -> None:
    from hotdash_tui.config import Settings

    environ = {key: value or "" for key, value in config_file(tmp_path).items()}
    settings = Settings.from_options(dsn=live_url, environ=environ)
    assert settings.identity == "alice"
