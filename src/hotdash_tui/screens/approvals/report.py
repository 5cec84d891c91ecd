"""The one-line reports after a decision or an undo: "12 approved, 2 already approved by bob
at 10:41." Plain functions, so the wording is tested without a screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime

from hotdash_tui.db.approvals import Decision, UndoResult
from hotdash_tui.db.approvals.model import ApprovalKey
from hotdash_tui.formatting import when

_DONE = {"approve": "approved", "reject": "rejected"}


def _by_at(by: str | None, at: datetime | None, now: datetime) -> str:
    parts = []
    if by:
        parts.append(f"by {by}")
    if at is not None:
        parts.append(f"at {when(now, at)}")
    return " ".join(parts)


def _sentence(parts: Sequence[str]) -> str:
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _phrase(decision: Decision, now: datetime) -> str:
    """What happened to one item that this call did not decide."""
    if decision.outcome == "missing":
        return "no longer there"
    if decision.outcome == "expired":
        expired = f" at {when(now, decision.at)}" if decision.at is not None else ""
        return f"expired{expired}, reject it instead"
    who = _by_at(decision.by, decision.at, now)
    return f"already {decision.status}" + (f" {who}" if who else "")


def decision_report(
    decisions: Sequence[Decision],
    now: datetime,
    names: Mapping[ApprovalKey, str] | None = None,
) -> str:
    """``12 approved, 2 already approved by bob at 10:41.``; one item reads without a count,
    and with its name when ``names`` knows it, so a reviewer going fast sees which it was."""
    if not decisions:
        return "Nothing was decided."
    if len(decisions) == 1:
        only = decisions[0]
        name = (names or {}).get((only.source, only.id))
        if only.decided:
            done = _DONE[only.action]
            return f"{done.capitalize()}: {name}." if name else f"1 {done}."
        phrase = _phrase(only, now)
        return f"{name}: {phrase}." if name else _sentence([phrase])
    parts: list[str] = []
    decided = Counter(_DONE[d.action] for d in decisions if d.decided)
    parts.extend(f"{count} {verb}" for verb, count in decided.items())
    others = Counter(_phrase(d, now) for d in decisions if not d.decided)
    parts.extend(f"{count} {phrase}" for phrase, count in others.items())
    return _sentence(parts)


def undo_report(results: Sequence[UndoResult], now: datetime) -> str:
    """``Undid 3 decisions.`` or why one could not be undone."""
    undone = sum(r.undone for r in results)
    parts = []
    if undone:
        parts.append(f"undid {undone} decision" + ("" if undone == 1 else "s"))
    for result in results:
        if result.undone:
            continue
        who = _by_at(result.by, result.at, now)
        now_is = f"it is {result.status}" if result.status else "it is gone"
        parts.append(
            "not undone, it changed since your decision"
            + f" ({now_is}{' ' + who if who and result.status else ''})"
        )
    return _sentence(parts) if parts else "Nothing was undone."


def feedback_report(sent: tuple[tuple[tuple[str, object], bool], ...]) -> str:
    """``Feedback sent to 3 agents.``, and how many approvals were gone."""
    given = sum(ok for _, ok in sent)
    gone = len(sent) - given
    text = f"Feedback sent to {given} agent{'s' if given != 1 else ''}."
    return text + (f" {gone} no longer exist{'s' if gone == 1 else ''}." if gone else "")
