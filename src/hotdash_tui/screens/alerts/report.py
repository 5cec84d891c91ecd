"""The one-line report after v, x or d: "12 dismissed, 2 already actioned by bob at 10:41."
Plain functions, so the wording is tested without a screen."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime

from hotdash_tui.db.alerts import AlertChange
from hotdash_tui.formatting import when

DONE = {"view": "marked viewed", "action": "marked actioned", "dismiss": "dismissed"}


def _phrase(change: AlertChange, now: datetime) -> str:
    """What happened to one alert that this call did not change."""
    if change.outcome == "missing":
        return "no longer there"
    parts = [f"already {change.status}"]
    if change.by:
        parts.append(f"by {change.by}")
    if change.at is not None:
        parts.append(f"at {when(now, change.at)}")
    return " ".join(parts)


def _sentence(parts: Sequence[str]) -> str:
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] + "."


def change_report(
    changes: Sequence[AlertChange],
    now: datetime,
    names: Mapping[uuid.UUID, str] | None = None,
) -> str:
    """``Dismissed: price_drop B0GIZIUKYT.`` for one alert; for several, a count per outcome:
    ``2 dismissed, 1 already actioned by bob at 10:41.``"""
    if not changes:
        return "Nothing was changed."
    if len(changes) == 1:
        only = changes[0]
        name = (names or {}).get(only.id)
        if only.done:
            done = DONE[only.action]
            return f"{done[:1].upper()}{done[1:]}: {name}." if name else f"1 {done}."
        phrase = _phrase(only, now)
        return f"{name}: {phrase}." if name else _sentence([phrase])
    counted = Counter(DONE[c.action] for c in changes if c.done)
    parts = [f"{n} {verb}" for verb, n in counted.items()]
    others = Counter(_phrase(c, now) for c in changes if not c.done)
    parts.extend(f"{n} {phrase}" for phrase, n in others.items())
    return _sentence(parts)


def undo_report(results: Sequence[AlertChange], now: datetime) -> str:
    """``Undid 2 changes.``, and for each alert changed since: who changed it."""
    undone = sum(r.done for r in results)
    parts = [f"undid {undone} change" + ("" if undone == 1 else "s")] if undone else []
    parts += [
        f"not undone, it changed since ({_phrase(r, now).removeprefix('already ')})"
        for r in results
        if not r.done
    ]
    return _sentence(parts) if parts else "Nothing was undone."
