"""Finds the ``migrations/`` and ``sql/`` folders in an installed wheel or a checkout.

The wheel carries them under ``hotdash_tui/_resources`` (hatch force-include). An
editable install does not see force-included paths, so the checkout's root folders
are the second place to look.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_ROOT = _PACKAGE_DIR.parent.parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (``migrations`` or ``sql``), installed copy first."""
    for candidate in (_PACKAGE_DIR / "_resources" / name, _CHECKOUT_ROOT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"hotdash cannot find its {name}/ folder; the installation is incomplete."
    )


def migrations_dir() -> Path:
    return resource_dir("migrations")


def sql_dir() -> Path:
    return resource_dir("sql")
