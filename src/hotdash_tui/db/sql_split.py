"""Splits a SQL file into statements, remembering where each one starts.

The migration runner executes one statement at a time so that an error can name the
statement and its line, and stores the statements in the Supabase history table as
the Supabase CLI does. The lexer knows what can hide a semicolon: quoted strings,
``E''`` escapes, quoted identifiers, dollar-quoted bodies and both comment forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$")


@dataclass(frozen=True)
class Statement:
    """One statement of a file: its text (no trailing semicolon) and first line (1-based)."""

    text: str
    line: int

    def line_of(self, position: int) -> tuple[int, int]:
        """File line and column of a 1-based character position inside the statement."""
        before = self.text[: max(position - 1, 0)]
        line = self.line + before.count("\n")
        column = len(before) - (before.rfind("\n") + 1) + 1
        return line, column


def _skip_quoted(sql: str, i: int, quote: str, backslash_escapes: bool) -> int:
    """Index just past the closing quote of a literal that opens at ``i``."""
    i += 1
    while i < len(sql):
        ch = sql[i]
        if backslash_escapes and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if i + 1 < len(sql) and sql[i + 1] == quote:  # doubled quote stays inside
                i += 2
                continue
            return i + 1
        i += 1
    return i


def _skip_block_comment(sql: str, i: int) -> int:
    depth = 0
    while i < len(sql):
        if sql.startswith("/*", i):
            depth += 1
            i += 2
        elif sql.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return i


def _is_blank(text: str) -> bool:
    """True when the text holds only white space and comments."""
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text.startswith("--", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end + 1
        elif text.startswith("/*", i):
            i = _skip_block_comment(text, i)
        else:
            return False
    return True


def split_statements(sql: str) -> list[Statement]:
    """The statements of ``sql`` in order, without empty or comment-only pieces."""
    statements: list[Statement] = []
    start = 0
    i = 0
    n = len(sql)
    while i < n:
        ch = sql[i]
        if ch == "'":
            escapes = i > 0 and sql[i - 1] in "eE" and (i < 2 or not sql[i - 2].isalnum())
            i = _skip_quoted(sql, i, "'", escapes)
        elif ch == '"':
            i = _skip_quoted(sql, i, '"', False)
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            i = _skip_block_comment(sql, i)
        elif ch == "$" and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            tag = _DOLLAR_TAG.match(sql, i)
            if tag:
                end = sql.find(tag.group(), tag.end())
                i = n if end < 0 else end + len(tag.group())
            else:
                i += 1
        elif ch == ";":
            _append(statements, sql, start, i)
            i += 1
            start = i
        else:
            i += 1
    _append(statements, sql, start, n)
    return statements


def _append(statements: list[Statement], sql: str, start: int, end: int) -> None:
    piece = sql[start:end]
    if _is_blank(piece):
        return
    leading = len(piece) - len(piece.lstrip())
    text = piece.strip()
    line = sql.count("\n", 0, start + leading) + 1
    statements.append(Statement(text=text, line=line))
