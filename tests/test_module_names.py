"""Every test module has a name of its own (issue 16): pytest-textual-snapshot keys its
snapshots by module name, so two modules of one name made a passing run fail and
``--snapshot-update`` delete the other's snapshots."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def test_no_two_test_modules_share_a_name() -> None:
    tests = Path(__file__).parent
    names = Counter(path.name for path in tests.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
