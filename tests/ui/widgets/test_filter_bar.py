"""The `/` filter line is seen while it is typed: on every screen that has one, it opens
above the footer, not under it, and shows what is typed."""

from __future__ import annotations

import pytest

from hotdash_tui.app import HotdashApp
from hotdash_tui.widgets.filter_bar import FilterBar
from hotdash_tui.widgets.key_bar import KeyBar


@pytest.mark.parametrize("key", ["1", "2"], ids=["approvals", "board"])
async def test_the_open_filter_line_sits_above_the_footer_and_shows_the_text(
    seeded_app: HotdashApp, key: str
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        bar = seeded_app.screen.query_one(FilterBar)
        assert bar.region.height == 0  # closed, it takes no room
        await pilot.press("slash", *"tag:x")
        await pilot.pause()
        footer = seeded_app.screen.query_one(KeyBar)
        assert bar.region.height == 1 and bar.region.bottom <= footer.region.y
        assert seeded_app.screen.focused is bar and bar.value == "tag:x"
        # What the terminal shows on that line is the filter line, nothing drawn over it.
        widget, _ = seeded_app.screen.get_widget_at(2, bar.region.y)
        assert widget is bar
