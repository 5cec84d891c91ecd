"""The private library names hotdash uses are the ones listed, and the libraries still have
them (hotdash_tui/library_internals.py)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import psycopg
import sqlalchemy
from sqlalchemy.engine import CursorResult
from sqlalchemy.pool import QueuePool
from textual.app import App
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from hotdash_tui.library_internals import PRIVATE_NAMES, PrivateName, missing_names

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "src" / "hotdash_tui", ROOT)  # paths as used_in spells them

# What a private name of ours could be mistaken for, or collide with: the library objects
# our classes extend or call (instances too, for the names they set at construction), by
# the top-level package a module must import to reach them.
LIBRARY_OBJECTS: dict[str, tuple[object, ...]] = {
    "textual": (App(), Screen(), Widget(), ScrollView),
    "textual_plotext": (PlotextPlot, Plot),
    "plotext": (Plot,),
    "sqlalchemy": (sqlalchemy.Engine, sqlalchemy.Connection, CursorResult, QueuePool),
    "psycopg": (psycopg.Connection,),
}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def imported_packages(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def private_names_used(*, library_owned: bool = False) -> dict[str, set[str]]:
    """Private names our code reads, sets, overrides or imports, with the files that do;
    ``library_owned``: only those a library the file imports has too."""
    used: dict[str, set[str]] = defaultdict(set)
    paths = [(SOURCES[0], p) for p in SOURCES[0].rglob("*.py")]
    paths += [(SOURCES[1], p) for p in (ROOT / "benchmarks").rglob("*.py")]
    for root, path in paths:
        where = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr):
                names.add(node.attr)
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and _private(
                        item.name
                    ):
                        names.add(item.name)
            elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
                parts = [*(node.module or "").split("."), *(a.name for a in node.names)]
                names |= {part for part in parts if _private(part)}
        if library_owned:
            objects = [o for p in imported_packages(tree) for o in LIBRARY_OBJECTS.get(p, ())]
            names = {name for name in names if any(hasattr(o, name) for o in objects)}
        for name in names:
            used[name].add(where)
    return used


def test_every_listed_private_name_is_still_in_the_installed_libraries() -> None:
    gone = missing_names()
    assert not gone, "A library upgrade removed what hotdash relies on:\n" + "\n".join(gone)


def test_a_name_a_library_lost_is_reported_with_its_reason() -> None:
    lost = PrivateName("textual.widget:Widget", "_no_such_name", "nowhere.py", "a reason")
    assert not lost.exists()
    assert PrivateName("plotext", "_no_such_module", "nowhere.py", "a reason").exists() is False
    assert PRIVATE_NAMES[0].exists()


def test_every_private_library_name_the_code_uses_is_listed() -> None:
    listed = {entry.name for entry in PRIVATE_NAMES}
    unlisted = {
        name: sorted(files)
        for name, files in private_names_used(library_owned=True).items()
        if name not in listed
    }
    assert not unlisted, (
        "These private names belong to (or collide with) a library's and are not listed in "
        f"hotdash_tui/library_internals.py: {unlisted}"
    )


def test_every_listed_name_is_used_where_the_list_says() -> None:
    used = private_names_used()
    stale = [
        entry.describe()
        for entry in PRIVATE_NAMES
        if entry.name.startswith("_") and entry.used_in not in used.get(entry.name, set())
    ]
    assert not stale, f"listed but no longer used there: {stale}"
