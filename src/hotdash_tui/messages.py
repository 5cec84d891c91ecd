"""Messages that cross screens: what the App learns about its database."""

from __future__ import annotations

from textual.message import Message


class ConnectionStateChanged(Message):
    """The database answered (``ok``) or failed (with one sentence saying how)."""

    def __init__(self, ok: bool, detail: str = "") -> None:
        super().__init__()
        self.ok = ok
        self.detail = detail
