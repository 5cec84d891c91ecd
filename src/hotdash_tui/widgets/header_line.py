"""The one-line header: where you are, which database, who you are, and its state."""

from __future__ import annotations

import re

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

_ROWS = re.compile(r"^\w+ (\S+) of (\S+)$")


def compact_rows(rows: str) -> str:
    """``row 3 of 2,560`` as ``3/2,560``, for a narrow header."""
    found = _ROWS.match(rows)
    return f"{found[1]}/{found[2]}" if found else rows


class HeaderLine(Static):
    """``HotDash > Runs · filter · row x of N │ db │ role │ you │ state`` on one line."""

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
    """What the user set on the screen: its filter, sort, window, following; or empty."""
    rows: reactive[str] = reactive("")
    """Where the cursor is: ``row 3 of 2,560``, ``card 1 of 12``; or empty."""
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
        # What the user set (the screen, its filter, sort, window, following) and who acts
        # and whether the database answers must stay at any width. A narrow terminal first
        # shortens the state, drops the role, the database (? shows both at any width) and
        # the product name, then shortens "row x of N" to "x/N" and drops it; the user's own
        # state is cut, at its end, last.
        width = self.size.width or 1_000
        state_words = tuple(dict.fromkeys((self.state, self.state.split(", ")[0])))
        rows_forms = tuple(dict.fromkeys((self.rows, compact_rows(self.rows), "")))
        facts = [self.database, f"role {self.role}", f"you: {self.identity}"]
        plans = [
            (brand, kept, self.rows, state)
            for brand, kept in ((True, (0, 1, 2)), (True, (0, 2)), (True, (2,)), (False, (2,)))
            for state in state_words
        ]
        plans += [(False, (2,), rows, state_words[-1]) for rows in rows_forms[1:]]
        for brand, kept, rows, state in plans:
            line = self._line(brand, [facts[i] for i in kept], rows, state, self.position)
            if line.cell_len <= width:
                return line
        # Last, the user's own state is cut at its end; who acts and the state stay whole.
        cut = ""
        if self.position:
            room = max(1, len(self.position) - (line.cell_len - width))
            cut = self.position[: room - 1] + "…"
        return self._line(False, [facts[2]], "", state_words[-1], cut)

    def _line(self, brand: bool, facts: list[str], rows: str, state: str, position: str) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        if brand:
            line.append("HotDash", style="bold")
            line.append(" > ")
        line.append(" · ".join(part for part in (self.screen_name, position, rows) if part))
        for fact in facts:
            line.append(" │ ")
            line.append(fact)
        line.append(" │ ")
        if self.marks:
            line.append(self.marks, style="bold reverse")
            line.append(" · ")
        answering = state == "connected" or state.startswith("live: polling")
        line.append(state, style="bold" if answering else "bold reverse")
        return line
