"""Building blocks of the demo-data generator: tables, sizes, the clock, ids and values.

Small tables hand psycopg Python objects. Where rows run into the tens of thousands, values
are formatted here as COPY text (timestamps as ``YYYY-MM-DD HH:MM:SS+00``, money as
``12.34``, ids as 32 hex digits), because psycopg's per-value dumpers for datetime and
UUID cost microseconds each; the million-row tables go further and send binary COPY
(seed_binary). These strings are COPY field values, never SQL: every statement is composed
from constant table and column names with ``psycopg.sql``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from psycopg import sql

if TYPE_CHECKING:
    from hotdash_tui.demo.copy import CopyWriter

DAY = 86_400
Row = tuple[Any, ...]  # one row for COPY, values in the order of its Table's columns
_EPOCH = date(1970, 1, 1)
# Version 4 and RFC 4122 variant bits, as uuid.UUID(version=4) sets them.
_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_V4_SET = (0x4000 << 64) | (0x8000 << 48)
_LOW62 = (1 << 62) - 1


@dataclass(frozen=True)
class Table:
    """A table the seed fills and the columns it writes, in the order rows carry them."""

    schema: str
    name: str
    columns: tuple[str, ...]

    @classmethod
    def of(cls, qualified: str, columns: str) -> Table:
        """``Table.of("schema.table", "col col ...")``: the columns, space-separated."""
        schema, _, name = qualified.partition(".")
        return cls(schema, name, tuple(columns.split()))

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def identifier(self) -> sql.Identifier:
        return sql.Identifier(self.schema, self.name)


@dataclass(frozen=True)
class Sizes:
    """How many rows each area gets.

    The ``*_rows`` fields are the largest tables. ``rows=N`` gives about N rows to each of
    pipeline_runs, competitors.alerts and system.audit_log, and N to the two price histories
    together (half each: they are one time series of prices, ours and the competitors').
    Everything else grows with N far more slowly, and never below the small default.
    """

    runs_rows: int
    price_rows: int
    competitor_price_rows: int
    alert_rows: int
    audit_rows: int
    listings: int
    competitors: int
    board_tasks: int
    approvals: int
    agent_approvals: int
    agent_runs: int
    system_jobs: int
    bot_jobs: int
    products: int
    campaigns: int
    logs: int

    @classmethod
    def for_rows(cls, rows: int | None) -> Sizes:
        n = 0 if rows is None else rows

        def grow(base: int, divisor: int) -> int:
            return max(base, n // divisor)

        listings, competitors = grow(60, 2_000), grow(40, 4_000)
        return cls(
            # The default: 90 daily prices per listing and competitor, 2k run rows.
            runs_rows=rows or 2_000,
            # Each of the largest tables holds about N rows, as `hotdash seed --rows N` promises.
            price_rows=rows or listings * 90,
            competitor_price_rows=rows or competitors * 90,
            alert_rows=rows or 600,
            audit_rows=rows or 2_000,
            listings=listings,
            competitors=competitors,
            board_tasks=grow(200, 200),
            approvals=grow(150, 200),
            agent_approvals=grow(120, 200),
            agent_runs=grow(300, 200),
            system_jobs=grow(200, 400),
            bot_jobs=grow(60, 1_000),
            products=grow(30, 10_000),
            campaigns=grow(12, 50_000),
            logs=grow(1_000, 40),
        )


class Clock:
    """All times of one seed, relative to one fixed ``now``."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.ts = int(now.timestamp())
        self.today = now.date()
        self._days: dict[int, str] = {}

    def ago(self, seconds: float) -> datetime:
        """An aware UTC datetime ``seconds`` before now (for timestamptz columns)."""
        return self.now - timedelta(seconds=int(seconds))

    def naive_ago(self, seconds: float) -> datetime:
        """A naive UTC datetime, for seed 000's ``TIMESTAMP`` (without time zone) columns."""
        return self.ago(seconds).replace(tzinfo=None)

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def text(self, ts: int) -> str:
        """Epoch seconds as timestamptz text; far cheaper than dumping a datetime."""
        day, secs = divmod(ts, DAY)
        stamp = self._days.get(day)
        if stamp is None:
            stamp = self._days[day] = (_EPOCH + timedelta(days=day)).isoformat()
        hours, rest = divmod(secs, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{stamp} {hours:02d}:{minutes:02d}:{seconds:02d}+00"


def new_uuid(rng: random.Random) -> uuid.UUID:
    """A version 4 UUID drawn from the seed's generator, so reruns give the same ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def hex_id(bits: int) -> str:
    """128 random bits as a version 4 UUID in the 32-hex-digit form Postgres accepts."""
    return f"{(bits & _V4_CLEAR) | _V4_SET:032x}"


def rising_ids(rng: random.Random, count: int) -> Callable[[], int]:
    """Version 4 UUIDs (as 128-bit integers) that look random but increase call by call.

    For the million-row tables: each new primary key lands at the right edge of the b-tree
    instead of on a random page, which saves the server a second per million rows. The
    122 free bits walk upward by random gaps sized so that ``count`` ids (twice over) fit.
    """
    bits = rng.getrandbits
    gap_bits = max(1, 122 - (2 * count).bit_length())
    value = 0

    def next_id() -> int:
        nonlocal value
        value += 1 + bits(gap_bits)
        # Spread the 122 bits around the fixed version (4) and variant (0b10) bits.
        return (value >> 74) << 80 | (value >> 62 & 0xFFF) << 64 | value & _LOW62 | _V4_SET

    return next_id


def money(pence: int) -> str:
    """Whole pence (or cents) as a decimal text with two places."""
    sign = "-" if pence < 0 else ""
    units, cents = divmod(abs(pence), 100)
    return f"{sign}{units}.{cents:02d}"


def pick(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    """One value of ``(value, weight)`` pairs."""
    values = [v for v, _ in weighted]
    weights = [w for _, w in weighted]
    return rng.choices(values, weights)[0]


@dataclass
class SeedContext:
    """What every area generator needs: its random source, the clock, the sizes, the writer."""

    seed: int
    clock: Clock
    sizes: Sizes
    writer: CopyWriter

    def rng(self, area: str) -> random.Random:
        """An independent generator per area, so a change in one area leaves the others alone."""
        return random.Random(f"hotdash-seed:{self.seed}:{area}")


def utc_now() -> datetime:
    """The default ``now``: the moment of loading, to the second. Every event of the demo
    data lies before it (noon of the day, the earlier anchor, put rows seeded in the morning
    up to 12 hours in the future: runs 0 s old, alerts raised later today)."""
    return datetime.now(UTC).replace(microsecond=0)
