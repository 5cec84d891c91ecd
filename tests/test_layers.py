"""The floor plan holds (issue 16): generic widgets know neither the screens nor the database."""

from __future__ import annotations

import subprocess
import sys

# Imports every module of widgets/ (found, not listed), then lists what of ours got loaded.
CHILD = """
import importlib, pkgutil, sys
import hotdash_tui.widgets as widgets
found = list(pkgutil.walk_packages(widgets.__path__, "hotdash_tui.widgets."))
for info in found:
    importlib.import_module(info.name)
print(len(found))
print(sorted(m for m in sys.modules if m.startswith(("hotdash_tui.db", "hotdash_tui.screens"))))
"""


def test_widgets_import_neither_screens_nor_db() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True
    )
    count, loaded = result.stdout.splitlines()
    assert int(count) >= 10
    assert loaded == "[]"
