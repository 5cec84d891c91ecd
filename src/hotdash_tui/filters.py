"""The `/` filter language shared by every screen and the quick checks of the CLI.

``source:agents status:all "late delivery"`` is a set of ``key:value`` terms plus free text.
Double quotes group words (``type:"update price"``); a single quote is an ordinary character,
so ``it's`` searches for itself. An unclosed double quote runs to the end of the line rather
than failing: a filter is typed in a hurry and should do the least surprising thing.
Nothing here touches SQL: values are checked against each screen's allowed set and later
bound as parameters, never spliced into a statement.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

# since: takes a whole number of minutes, hours, days or weeks, up to a year.
_SINCE = re.compile(r"^(?P<n>[1-9][0-9]{0,5})(?P<unit>[mhdw])$")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
_UNITS["w"] = timedelta(weeks=1)
MAX_SINCE = timedelta(days=366)


class FilterError(ValueError):
    """A filter that cannot mean anything; the message is one sentence for the user."""


@dataclass(frozen=True)
class FilterSpec:
    """What a screen accepts: each key with its allowed values (``None``: any text), and
    an example value for the keys that take any text (for ``?``)."""

    keys: Mapping[str, frozenset[str] | None]
    examples: Mapping[str, str] = field(default_factory=dict)
    explains: Mapping[str, str] = field(default_factory=dict)  # a key's own help line

    def describe(self) -> str:
        return ", ".join(f"{key}:" for key in self.keys)

    def help_lines(self) -> list[tuple[str, str]]:
        """(term, what it matches, with an example) for each key, then free text."""
        lines = []
        for key, allowed in self.keys.items():
            if key in self.explains:
                lines.append((f"{key}:", self.explains[key]))
            elif allowed:
                values = sorted(allowed)
                lines.append((f"{key}:", f"one of {', '.join(values)}; e.g. {key}:{values[0]}"))
            else:
                example = self.examples.get(key, "word")
                lines.append((f"{key}:", f"text the {key} contains; e.g. {key}:{example}"))
        lines.append(('"words"', 'anything else is looked for as text; e.g. "late delivery"'))
        return lines


@dataclass(frozen=True)
class ParsedFilter:
    """The terms of a filter, checked against a spec; empty when nothing was typed."""

    terms: Mapping[str, str] = field(default_factory=dict)
    text: str = ""

    def get(self, key: str) -> str | None:
        return self.terms.get(key)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.text

    def describe(self) -> str:
        """The filter as the header shows it, normalised."""
        parts = [f"{key}:{_quoted(value)}" for key, value in self.terms.items()]
        if self.text:
            parts.append(_quoted(self.text))
        return " ".join(parts)


def _quoted(value: str) -> str:
    return f'"{value}"' if any(c.isspace() for c in value) else value


def tokenize(line: str) -> list[str]:
    """Whitespace-separated tokens; double quotes group, anywhere inside a token."""
    tokens: list[str] = []
    current: list[str] = []
    quoted = False
    started = False
    for char in line:
        if char == '"':
            quoted = not quoted
            started = True
        elif char.isspace() and not quoted:
            if started:
                tokens.append("".join(current))
            current, started = [], False
        else:
            current.append(char)
            started = True
    if started:
        tokens.append("".join(current))
    return tokens


def parse_filter(line: str, spec: FilterSpec) -> ParsedFilter:
    """The terms and free text of ``line``; raises FilterError with one clear sentence."""
    terms: dict[str, str] = {}
    words: list[str] = []
    for token in tokenize(line):
        key, sep, value = token.partition(":")
        key = key.lower()
        if not sep or not key.isidentifier():
            words.append(token)  # free text, including things like "10:41" or "a:b:c"
            continue
        if key not in spec.keys:
            raise FilterError(f'There is no filter "{key}:" here; use {spec.describe()} or text.')
        if not value:
            raise FilterError(f'The filter "{key}:" needs a value after the colon.')
        allowed = spec.keys[key]
        if allowed is not None:
            value = value.lower()
            if value not in allowed:
                choices = ", ".join(sorted(allowed))
                raise FilterError(f'"{key}:{value}" is not one of {key}: {choices}.')
        if key in terms:
            raise FilterError(f'The filter names "{key}:" twice; keep one.')
        terms[key] = value
    return ParsedFilter(terms=terms, text=" ".join(words).strip())


def parse_since(value: str) -> timedelta:
    """``15m``, ``1h``, ``24h``, ``7d``, ``2w``: how far back the log reaches."""
    match = _SINCE.match(value.strip().lower())
    if match is None:
        raise FilterError(f'"since:{value}" is not a time window; use e.g. 30m, 1h, 24h or 7d.')
    window = int(match["n"]) * _UNITS[match["unit"]]
    if window > MAX_SINCE:
        raise FilterError(f'"since:{value}" reaches back more than a year; use 366d or less.')
    return window
