"""Switching back to a screen restyles nothing that is already styled: Textual re-parses the
whole stylesheet on a switch only when the CSS changed since the screen was styled (a theme)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App

from hotdash_tui.app import HotdashApp
from tests.ui.support import press


def count_restyles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The screens shown each time the App re-parsed its stylesheet and restyled every node."""
    calls: list[str] = []
    refresh_css: Callable[..., Any] = App.refresh_css

    def counted(app: App[Any], *args: Any, **kwargs: Any) -> Any:
        calls.append(type(app.screen).__name__)
        return refresh_css(app, *args, **kwargs)

    monkeypatch.setattr(App, "refresh_css", counted)
    return calls


async def test_opening_a_screen_again_restyles_nothing(
    seeded_app: HotdashApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *"1234560")  # each screen made and shown once
        calls = count_restyles(monkeypatch)
        await press(pilot, *"1234560")
        assert calls == []


async def test_after_a_theme_change_a_screen_opened_before_is_restyled(
    seeded_app: HotdashApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "1", "0")
        calls = count_restyles(monkeypatch)
        seeded_app.theme = "textual-light"
        for _ in range(100):  # the App restyles the shown screen on its next turn
            if calls:
                break
            await pilot.pause(0.01)
        assert calls == ["OverviewScreen"]
        await press(pilot, "1")
        # The approvals screen was styled before the change: restyled on opening, once.
        assert calls == ["OverviewScreen", "ApprovalsScreen"]
