"""FirstFrameOnly is a mixin: the widget it is mixed into is styled as its widget base is."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from hotdash_tui.widgets.first_frame import FirstFrameOnly


class Mixed(FirstFrameOnly, VerticalScroll):
    pass


class Plain(VerticalScroll):
    pass


class Holder(App[None]):
    def compose(self) -> ComposeResult:
        yield Mixed(id="mixed")
        yield Plain(id="plain")


async def test_a_widget_with_the_mixin_is_styled_as_its_widget_base() -> None:
    app = Holder()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        mixed, plain = app.query_one("#mixed"), app.query_one("#plain")
        # VerticalScroll's type selector and default CSS reach the mixed widget too.
        assert mixed in app.query("VerticalScroll").nodes
        assert mixed.styles.overflow_y == plain.styles.overflow_y == "auto"
        assert mixed.styles.layout is not None and mixed.styles.layout.name == "vertical"
        assert mixed.region.height == plain.region.height > 0
