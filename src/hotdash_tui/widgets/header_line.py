"""The one-line header: where you are, which database, who you are, and its state."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


class HeaderLine(Static):
    """``HotDash > Overview · filter · row x/N │ db │ role │ you │ state`` on one line."""

    DEFAULT_CSS = """
    HeaderLine {
        dock: top;
        height: 1;
        width: 1fr;
    }
    """

    screen_name: reactive[str] = reactive("")
    """The name of the visible screen."""
    position: reactive[str] = reactive("")
    """Screen-specific place: filter and row x of N, or empty."""
    database: reactive[str] = reactive("")
    """dbname@host of the connection, never a password."""
    role: reactive[str] = reactive("")
    """The database role the connection acts as."""
    identity: reactive[str] = reactive("")
    """Who decisions are recorded as."""
    marks: reactive[str] = reactive("")
    """Standing warnings shown before the state: read-only, RLS bypassed."""
    state: reactive[str] = reactive("connecting")
    """connected, live: polling (behind a transaction pooler), reconnecting, or a short
    failure word."""

    def render(self) -> Text:
        # Who you are and whether the database answers matter most when deciding things, so
        # a narrow terminal drops the role, then the database, then the product name, and
        # then shortens the filter from its start, keeping "row x of N" at its end.
        facts = [self.database, f"role {self.role}", f"you: {self.identity}"]
        width = self.size.width or 1_000
        brand = "HotDash > "
        # A long state ("live: polling every 5 s, behind a transaction pooler") gives up its
        # words after the comma before any fact is dropped.
        states = tuple(dict.fromkeys((self.state, self.state.split(", ")[0])))
        for dropped in ((), (1,), (0, 1), (0, 1, 2)):
            shown = [fact for index, fact in enumerate(facts) if index not in dropped[:2]]
            brand = "" if 2 in dropped else "HotDash > "
            place = self.screen_name + (f" · {self.position}" if self.position else "")
            for state in states:
                tail = "".join(f" │ {fact}" for fact in shown) + f" │ {self._status(state)}"
                if len(brand) + len(place) + len(tail) <= width:
                    break
            else:
                continue
            break
        room = max(0, width - len(brand) - len(tail))
        if len(place) > room:
            head = f"{self.screen_name} · …"
            place = head + place[len(place) - max(0, room - len(head)) :]
            place = place[:room]
        line = Text(no_wrap=True, overflow="ellipsis")
        if brand:
            line.append("HotDash", style="bold")
            line.append(" > ")
        line.append(place)
        for fact in shown:
            line.append(" │ ")
            line.append(fact)
        line.append(" │ ")
        if self.marks:
            line.append(self.marks, style="bold reverse")
            line.append(" · ")
        answering = state == "connected" or state.startswith("live: polling")
        line.append(state, style="bold" if answering else "bold reverse")
        return line

    def _status(self, state: str) -> str:
        return f"{self.marks} · {state}" if self.marks else state
