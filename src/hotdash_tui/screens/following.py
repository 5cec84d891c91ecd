"""A list that `f` follows: while following, every FOLLOW_SECONDS (the screen shown) the top
window is read again and the cursor kept on the newest line. The runs log and the error log
follow this way; LISTEN/NOTIFY wakes the screens too, but a poll also sees what sends none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from textual.timer import Timer

from hotdash_tui.screens.windowed import PAGE, WindowedScreen

T = TypeVar("T")
C = TypeVar("C")
S = TypeVar("S")

FOLLOW_SECONDS = 2.0


class FollowingScreen(WindowedScreen[T, C, S]):
    """``FOLLOWS`` names what is followed, for the notices ("new runs")."""

    FOLLOWS: ClassVar[str] = "new lines"

    def __init__(self, spec: S) -> None:
        super().__init__(spec)
        self.following = False
        self._follow_timer: Timer | None = None

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.following:
            self._start_timer()

    def on_screen_suspend(self) -> None:
        self._stop_timer()  # a hidden screen polls nothing; resuming starts again

    def reload_limit(self) -> int:
        """Only the top window while following."""
        return PAGE if self.following else super().reload_limit()

    def show_window(self, items: Sequence[T]) -> None:
        if self.following:
            self.table.show(items, None, 0)  # the newest line, always
        else:
            super().show_window(items)

    def following_label(self) -> str:
        return "following · " if self.following else ""

    def action_follow(self) -> None:
        self.following = not self.following
        if self.following:
            self._start_timer()
            self.notify(
                f"Following {self.FOLLOWS}: the newest are read every {FOLLOW_SECONDS:g} s."
            )
            self.reload()
        else:
            self._stop_timer()
            self.notify("Stopped following.")
            self._show_position()

    def follow_tick(self) -> None:
        """One poll: the top window again, unless a read is still on its way."""
        if self.following and not self._loading:
            self.reload()

    def _start_timer(self) -> None:
        self._stop_timer()
        self._follow_timer = self.set_interval(FOLLOW_SECONDS, self.follow_tick)

    def _stop_timer(self) -> None:
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None
