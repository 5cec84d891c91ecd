"""The App keeps its newest notices after their toasts have gone (tests and the harness read
them there rather than in Textual's private list)."""

from __future__ import annotations

from hotdash_tui.app import HotdashApp
from hotdash_tui.preferences import NOTICES_KEPT, Notice


async def test_notices_are_kept_newest_last_and_bounded(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seeded_app.notices.clear()
        for n in range(NOTICES_KEPT + 5):
            seeded_app.notify(f"notice {n}", title="T", severity="warning", timeout=0.01)
        await pilot.pause()
        assert len(seeded_app.notices) == NOTICES_KEPT
        assert seeded_app.notices[0] == Notice("notice 5", "T", "warning")
        assert seeded_app.notices[-1].message == f"notice {NOTICES_KEPT + 4}"
