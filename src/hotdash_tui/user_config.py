"""The user's config file: a default ``--as``, the theme, a keymap and saved views.

``hotdash config path`` prints where it is: ``$HOTDASH_CONFIG`` if set, else
``config.toml`` in the XDG config folder (``~/.config/hotdash/``). A missing file is an
empty one. A file that cannot be read or means nothing gets one sentence naming its line.

    as = "alice"                  # who acts, when neither --as nor HOTDASH_USER says
    theme = "nord"                # remembered when changed in the command palette

    [keys]                        # binding id = the keys that run it (see ? in the App)
    "approvals.reject" = "R"

    [views.urgent]                # a saved view: ctrl+p, or --view urgent on the shell
    screen = "approvals"
    filter = "source:agents"

No Textual here: the shell's quick checks read it too.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hotdash_tui.config import InvalidSetting

CONFIG_VARIABLE = "HOTDASH_CONFIG"
SCREENS = (
    "overview",
    "approvals",
    "board",
    "alerts",
    "prices",
    "runs",
    "roas",
    "tables",
    "stock",
    "logs",
)
"""What a saved view may name: the App's screens, by the name of their mode."""
_SETTINGS = ("as", "theme", "keys", "views")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ConfigError(InvalidSetting):
    """A config file that cannot be used; the message is one sentence naming the line."""


Fail = Callable[[str, str], ConfigError]  # (the key found wrong, the problem) -> its error


@dataclass(frozen=True)
class SavedView:
    name: str
    screen: str
    filter: str


@dataclass(frozen=True)
class UserConfig:
    """The settings of the file at ``path`` (all empty when there is none)."""

    path: Path | None = None  # None: settings not read from a file, and none written
    as_user: str | None = None
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)
    views: Mapping[str, SavedView] = field(default_factory=dict)
    text: str = ""  # the file as read, to name the line of a setting found wrong later

    def line_of(self, key: str) -> int | None:
        """The line (1-based) where ``key`` is set or its table starts, if it can be found."""
        return line_of(self.text, key)

    def where(self, key: str) -> str:
        """``config.toml line 7`` (or the path alone), for a sentence about ``key``."""
        line = self.line_of(key)
        return f"{self.path} line {line}" if line else str(self.path or "the config")


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    chosen = env.get(CONFIG_VARIABLE, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("hotdash") / "config.toml"


def line_of(text: str, key: str) -> int | None:
    # ``key = ``, ``"key" = ``, ``[key]`` or ``[table.key]``, at the start of a line.
    quoted = rf"""(?P<quote>["']?){re.escape(key)}(?P=quote)"""
    table = r"""(?:\[[ \t]*(?:[\w"'-]+\.)*)?"""
    pattern = re.compile(rf"^[ \t]*{table}{quoted}[ \t]*[=\].]", re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def load_config(path: Path | None = None) -> UserConfig:
    """Reads and checks the config file; raises ConfigError with one sentence."""
    path = config_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return UserConfig(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The config file {path} cannot be read: {exc}.") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML: {exc}.") from exc
    empty = UserConfig(path, text=text)

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{empty.where(key)}: {problem}.")

    for key in data:
        if key not in _SETTINGS:
            raise fail(key, f"unknown setting {key!r} (known: {', '.join(_SETTINGS)})")
    as_user = _text(data, "as", fail)
    if as_user is not None and _CONTROL.search(as_user):
        raise fail("as", "'as' must be a plain name, without control characters")
    keys = _table(data, "keys", fail)
    for binding_id, value in keys.items():
        if not isinstance(value, str) or not value.strip():
            raise fail(binding_id, f'the keys for {binding_id!r} must be text, such as "R"')
    views: dict[str, SavedView] = {}
    for name, view in _table(data, "views", fail).items():
        if not isinstance(view, dict):
            raise fail(name, f"view {name!r} must be a table with screen and filter")
        screen, text_filter = view.get("screen"), view.get("filter", "")
        if screen not in SCREENS:
            raise fail(name, f"view {name!r} needs screen = one of {', '.join(SCREENS)}")
        if not isinstance(text_filter, str) or set(view) - {"screen", "filter"}:
            raise fail(name, f"view {name!r} takes only screen and filter (text)")
        views[name] = SavedView(name, screen, text_filter)
    return UserConfig(
        path,
        as_user=as_user,
        theme=_text(data, "theme", fail),
        keys={binding_id: str(value) for binding_id, value in keys.items()},
        views=views,
        text=text,
    )


def _text(data: Mapping[str, Any], key: str, fail: Fail) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise fail(key, f"{key!r} must be non-empty text in double quotes")
    return value.strip()


def _table(data: Mapping[str, Any], key: str, fail: Fail) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise fail(key, f"{key!r} must be a table ([{key}])")
    return value


def save_theme(path: Path, theme: str) -> None:
    """Sets ``theme = "..."`` in the file, keeping every other line as it is."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if not re.fullmatch(r"[\w.-]+", theme):
        return  # Textual's theme names are plain words; anything else is not ours to write
    line = f'theme = "{theme}"'
    lines = text.splitlines()
    first_table = next((i for i, s in enumerate(lines) if s.lstrip().startswith("[")), len(lines))
    for i in range(first_table):
        if re.match(r"\s*theme\s*=", lines[i]):
            lines[i] = line
            break
    else:
        lines.insert(0, line)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial.replace(path)  # never a half-written config
