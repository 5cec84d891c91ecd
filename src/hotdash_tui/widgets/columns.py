"""The columns of a window table, and how a cell is cut to its column.

Every cell is cut to its column here, with one space after it: at 80 columns that leaves room
for the wide columns, which two spaces of padding would not. The row modules of each screen
(``screens/*_rows.py``) say which columns show at a width and what each cell reads."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int  # including the space after the text


def fit(text: str, width: int, style: str = "") -> Text:
    """``text`` cut to ``width - 1`` characters (… marks a cut), then padded to ``width``.
    A Text, never a str: a str would be read as markup, and a summary may hold brackets."""
    room = width - 1
    if len(text) > room:
        text = text[: room - 1] + "…" if room > 1 else text[:room]
    return Text(text.ljust(width), style=style, no_wrap=True)


def labels(columns: tuple[Column, ...]) -> list[Text]:
    """The header cells of ``columns``, cut as their cells are."""
    return [fit(column.label, column.width) for column in columns]
