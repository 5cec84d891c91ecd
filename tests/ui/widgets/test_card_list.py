"""CardList on its own, in a small App driven by the Pilot: three lines and a rule a card,
a cursor that keeps its card in view, and what it tells the board."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from hotdash_tui.widgets.card_list import PITCH, CardList, CardOption

CARDS = 30


class CardsApp(App[None]):
    def __init__(self, cards: int = CARDS) -> None:
        super().__init__()
        self.cards = cards
        self.highlighted: list[int] = []
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield CardList()

    def on_mount(self) -> None:
        cards = self.query_one(CardList)
        cards.set_options(
            [CardOption(f"c{n}", Text(f"title {n}\ntype {n}\ndue {n}")) for n in range(self.cards)]
        )
        cards.focus()

    def on_card_list_highlighted(self, event: CardList.Highlighted) -> None:
        self.highlighted.append(event.index)

    def on_card_list_selected(self, event: CardList.Selected) -> None:
        self.selected.append(event.index)


def lines(app: App[None]) -> list[str]:
    cards = app.query_one(CardList)
    return [cards.render_line(y).text.rstrip() for y in range(cards.size.height)]


async def test_a_card_is_three_lines_and_a_rule() -> None:
    app = CardsApp()
    async with app.run_test(size=(30, 12)) as pilot:
        await pilot.pause()
        shown = lines(app)
        rule = "─" * app.query_one(CardList).scrollable_content_region.width
        assert shown[:5] == ["title 0", "type 0", "due 0", rule, "title 1"]


async def test_keys_move_the_cursor_card_by_card_and_keep_it_in_view() -> None:
    app = CardsApp()
    async with app.run_test(size=(30, 12)) as pilot:
        cards = app.query_one(CardList)
        await pilot.press("down")  # none highlighted yet: the first card
        await pilot.press("down")
        assert cards.highlighted == 1 and app.highlighted[-1] == 1
        await pilot.press("pagedown")
        assert cards.highlighted == 1 + cards.page_cards
        await pilot.press("end")
        assert cards.highlighted == CARDS - 1
        top = int(cards.scroll_y)
        assert top <= (CARDS - 1) * PITCH and top + cards.size.height >= (CARDS - 1) * PITCH + 3
        assert lines(app)[-1] == f"due {CARDS - 1}"
        await pilot.press("home", "up")
        assert cards.highlighted == 0 and cards.scroll_y == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [0]


async def test_an_empty_list_says_so_and_selects_nothing() -> None:
    app = CardsApp(cards=0)
    async with app.run_test(size=(30, 12)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        cards = app.query_one(CardList)
        assert cards.highlighted is None and app.selected == [] and app.highlighted == []
        assert lines(app)[0] == "no cards"


class HiddenBarApp(CardsApp):
    """The board's columns show no scrollbar (overflow hidden)."""

    CSS = "CardList { overflow-y: hidden; }"


async def test_without_a_scrollbar_the_cursor_still_scrolls_and_the_wheel_moves_it() -> None:
    app = HiddenBarApp()
    async with app.run_test(size=(30, 12)) as pilot:
        cards = app.query_one(CardList)
        assert not cards.show_vertical_scrollbar
        await pilot.press("end")
        assert cards.highlighted == CARDS - 1 and cards.scroll_y > 0
        assert lines(app)[-1] == f"due {CARDS - 1}"
        await pilot.press("home")
        await wheel(pilot, cards, events.MouseScrollDown)
        await wheel(pilot, cards, events.MouseScrollDown)
        assert cards.highlighted == 2
        await wheel(pilot, cards, events.MouseScrollUp)
        assert cards.highlighted == 1 and app.highlighted[-1] == 1


async def wheel(
    pilot: Pilot[None], cards: CardList, kind: type[events.MouseScrollDown | events.MouseScrollUp]
) -> None:
    """One notch of the mouse wheel over the list, as the driver sends it."""
    delta = 1 if kind is events.MouseScrollDown else -1
    cards.post_message(kind(cards, 2, 2, 0, delta, 0, False, False, False))
    await pilot.pause()


async def test_a_card_is_made_only_when_it_is_drawn_or_asked_for() -> None:
    made: list[int] = []

    def prompt(n: int) -> Text:
        made.append(n)
        return Text(f"title {n}\ntype {n}\ndue {n}")

    app = CardsApp(cards=0)
    async with app.run_test(size=(30, 12)) as pilot:
        cards = app.query_one(CardList)
        cards.set_options([CardOption(f"c{n}", partial(prompt, n)) for n in range(CARDS)])
        await pilot.pause()
        shown = {line.split()[-1] for line in lines(app) if line.startswith("title")}
        assert sorted(made) == sorted(int(n) for n in shown) and len(made) < CARDS
        assert str(cards.get_option_at_index(CARDS - 1).prompt).startswith(f"title {CARDS - 1}")
        assert made[-1] == CARDS - 1


class EarlyCursorApp(App[None]):
    """Cards and the cursor set before the list is laid out, as the board's columns are."""

    def __init__(self, start: int) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        cards = CardList()
        cards.set_options(
            [CardOption(f"c{n}", Text(f"title {n}\ntype {n}\ndue {n}")) for n in range(CARDS)]
        )
        cards.highlighted = self.start
        yield cards


async def test_a_cursor_set_before_layout_shows_its_card_once_laid_out() -> None:
    for start, first_line in ((0, "title 0"), (20, None)):
        app = EarlyCursorApp(start)
        async with app.run_test(size=(30, 12)) as pilot:
            await pilot.pause()
            shown = lines(app)
            assert f"title {start}" in shown
            if first_line is not None:
                assert shown[0] == first_line
