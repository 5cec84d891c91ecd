"""Messages that cross screens: what the App learns about its database."""

from __future__ import annotations

from textual.message import Message


class ConnectionStateChanged(Message):
    """The database answered (``ok``) or failed (with one sentence saying how)."""

    def __init__(self, ok: bool, detail: str = "") -> None:
        super().__init__()
        self.ok = ok
        self.detail = detail


class DataChanged(Message, bubble=False):
    """Other sessions (or this one) committed changes to ``tables`` (``schema.table``).

    The App posts it to the visible screen, which reloads when it shows one of them.
    ``polled``: reload whatever the screen shows (a poll behind a transaction pooler, or
    after a reconnect, when the notifications sent meanwhile never reached us).
    The App forwards it to a screen, from where it must not come back up (``bubble=False``).
    """

    def __init__(self, tables: frozenset[str], *, polled: bool = False) -> None:
        super().__init__()
        self.tables = tables
        self.polled = polled


class DatabaseLost(Message):
    """The server stopped answering (a restart, a dropped network): the App reconnects.
    ``listener``: the LISTEN session broke (it opens a new one by itself)."""

    def __init__(self, detail: str, *, listener: bool = False) -> None:
        super().__init__()
        self.detail = detail
        self.listener = listener


class DatabaseBack(Message):
    """``SELECT 1`` answered after a failure."""


class Listening(Message):
    """The LISTEN session is open; ``again`` after it had broken (changes made meanwhile
    were never sent)."""

    def __init__(self, *, again: bool) -> None:
        super().__init__()
        self.again = again
