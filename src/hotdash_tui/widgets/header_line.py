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
    state: reactive[str] = reactive("connecting")
    """connected, reconnecting, or a short failure word."""

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("HotDash", style="bold")
        line.append(f" > {self.screen_name}")
        if self.position:
            line.append(f" · {self.position}")
        line.append(" │ ")
        line.append(self.database)
        line.append(f" │ role {self.role}")
        line.append(f" │ you: {self.identity}")
        line.append(" │ ")
        state_style = "bold" if self.state == "connected" else "bold reverse"
        line.append(self.state, style=state_style)
        return line
