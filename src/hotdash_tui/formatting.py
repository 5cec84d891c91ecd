"""How times and amounts read on a screen and in a one-line report."""

from __future__ import annotations

from datetime import UTC, date, datetime


def as_utc(moment: datetime) -> datetime:
    """Seed 000 stores naive UTC; everything else is aware. Compare them as aware UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


SKEW_SECONDS = 60
"""A moment at most this far ahead is taken for clocks that differ a little, and reads 0s."""


def age(now: datetime, then: datetime) -> str:
    """``45s``, ``12m``, ``3h``, ``4d``: how long ago, in the largest whole unit; ``+6h`` for
    a moment still ahead (a row written by a clock that runs ahead of ours). At most 4
    characters, for the lists' age column."""
    seconds = int((as_utc(now) - as_utc(then)).total_seconds())
    if seconds < -SKEW_SECONDS:
        return f"+{_span(-seconds)}"
    return _span(max(0, seconds))


def relative(now: datetime, then: datetime) -> str:
    """``3h ago``, or ``in 6h`` for a moment still ahead: for a details line."""
    said = age(now, then)
    return f"in {said[1:]}" if said.startswith("+") else f"{said} ago"


def _span(seconds: int) -> str:
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def when(now: datetime, then: datetime) -> str:
    """``10:41`` today (UTC), ``Nov 02 10:41`` on another day: for "decided by bob at ..."."""
    moment, today = as_utc(then), as_utc(now)
    if moment.date() == today.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%b %d %H:%M")


def day_label(day: date, today: date | None = None) -> str:
    """``Nov 30``, the one way a day reads on every screen, plot and details (``Nov 30 2025``
    for a day of another year than ``today``'s)."""
    if today is not None and day.year != today.year:
        return day.strftime("%b %d %Y")
    return day.strftime("%b %d")


def short_date(day: date) -> str:
    return day.strftime("%Y-%m-%d")
