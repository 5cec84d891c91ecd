"""``python -m hotdash_tui`` runs the ``hotdash`` command."""

from __future__ import annotations

from hotdash_tui.entry import main

main()
