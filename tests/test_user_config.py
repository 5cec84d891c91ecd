"""The config file: read, checked line by line, and the theme written back (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotdash_tui.config import resolve_identity
from hotdash_tui.user_config import (
    ConfigError,
    SavedView,
    config_path,
    load_config,
    save_theme,
)

GOOD = """\
# my settings
as = "alice"
theme = "nord"

[keys]
"approvals.reject" = "R"

[views.urgent]
screen = "approvals"
filter = "source:agents"

[views.late]
screen = "runs"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_is_an_empty_config(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nowhere.toml")
    assert (config.as_user, config.theme, dict(config.keys), dict(config.views)) == (
        None,
        None,
        {},
        {},
    )


def test_every_setting_is_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.as_user == "alice"
    assert config.theme == "nord"
    assert dict(config.keys) == {"approvals.reject": "R"}
    assert config.views == {
        "urgent": SavedView("urgent", "approvals", "source:agents"),
        "late": SavedView("late", "runs", ""),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('as = "alice"\ntheme = nord\n', "line 2"),  # not TOML: tomllib names the line
        ('as = "alice"\n\ncolour = "red"\n', "line 3: unknown setting 'colour'"),
        ('theme = "x"\n[views.bad]\nscreen = "kanban"\n', "line 2: view 'bad' needs screen"),
        ('[keys]\n"approvals.reject" = 5\n', "line 2: the keys for 'approvals.reject'"),
        ('as = "ali\\nce"\n', "line 1: 'as' must be a plain name"),
        ('theme = ""\n', "line 1: 'theme' must be non-empty text"),
        ('views = "all"\n', "line 1: 'views' must be a table"),
    ],
)
def test_a_bad_file_gets_one_sentence_naming_its_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message and "Traceback" not in message


def test_the_path_is_hotdash_config_else_the_xdg_folder(tmp_path: Path) -> None:
    assert config_path({"HOTDASH_CONFIG": str(tmp_path / "c.toml")}) == tmp_path / "c.toml"
    xdg = config_path({"XDG_CONFIG_HOME": str(tmp_path / "xdg")})
    assert xdg.parts[-2:] == ("hotdash", "config.toml")


def test_saving_the_theme_keeps_every_other_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    save_theme(path, "gruvbox")
    text = path.read_text(encoding="utf-8")
    assert text == GOOD.replace('theme = "nord"', 'theme = "gruvbox"')
    assert load_config(path).theme == "gruvbox"


def test_saving_the_theme_adds_it_above_the_tables_or_makes_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\n"approvals.reject" = "R"\n')
    save_theme(path, "nord")
    assert path.read_text(encoding="utf-8").splitlines()[0] == 'theme = "nord"'
    assert load_config(path).keys == {"approvals.reject": "R"}
    fresh = tmp_path / "new" / "config.toml"
    save_theme(fresh, "nord")
    assert load_config(fresh).theme == "nord"


def test_the_default_identity_comes_from_the_file_after_as_and_the_variable(
    tmp_path: Path,
) -> None:
    env = {"HOTDASH_CONFIG": str(write(tmp_path, GOOD))}
    assert resolve_identity(None, env) == "alice"
    assert resolve_identity("bob", env) == "bob"
    assert resolve_identity(None, env | {"HOTDASH_USER": "carol"}) == "carol"
