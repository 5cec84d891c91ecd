"""Field values in Postgres' binary COPY format, for the million-row tables.

Parsing text costs the server more than storing the row: ``uuid_in`` alone calls strtoul
once per byte, and timestamps and arrays are parsed character by character. In binary
COPY every field is sent as its type's wire form, which the server takes almost as is.
psycopg writes a ``bytes`` value unchanged, so rows of these encodings go through
``write_row`` without any type registration; the writer's caller must match each field's
encoding to its column's type (a mismatch fails the COPY, it never stores a wrong value).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

_PG_EPOCH = 946_684_800  # 2000-01-01 00:00:00 UTC in Unix seconds
_UUID_OID = 2950
_INT4 = struct.Struct(">i")
_INT8 = struct.Struct(">q")
_ARRAY_HEADER = struct.Struct(">iiiii")  # dimensions, has nulls, element type, length, lower bound
_NUMERIC_HEADER = struct.Struct(">hhhh")  # digits, weight, sign, display scale

TRUE = b"\x01"
FALSE = b"\x00"


def string(value: str) -> bytes:
    """text, varchar."""
    return value.encode()


def int4(value: int) -> bytes:
    return _INT4.pack(value)


def uuid(value: int) -> bytes:
    """A uuid from its 128-bit integer."""
    return value.to_bytes(16, "big")


def timestamptz(unix_seconds: int) -> bytes:
    """Microseconds since 2000-01-01 UTC, the server's own representation."""
    return _INT8.pack((unix_seconds - _PG_EPOCH) * 1_000_000)


def jsonb(document: str) -> bytes:
    """A JSON text behind jsonb's version byte."""
    return b"\x01" + document.encode()


def uuid_array(values: Sequence[int]) -> bytes:
    """A one-dimensional uuid[] without NULLs."""
    parts = [_ARRAY_HEADER.pack(1, 0, _UUID_OID, len(values), 1)]
    parts += [_INT4.pack(16) + v.to_bytes(16, "big") for v in values]
    return b"".join(parts)


def numeric(hundredths: int) -> bytes:
    """A numeric with two decimals (money, percentages) from its value times 100.

    The wire form is base-10000 digits with the weight of the first one; trailing zero
    digits are dropped, as the server itself sends them.
    """
    sign = 0x4000 if hundredths < 0 else 0
    units, cents = divmod(abs(hundredths), 100)
    digits: list[int] = []
    while units:
        units, digit = divmod(units, 10_000)
        digits.insert(0, digit)
    weight = len(digits) - 1
    digits.append(cents * 100)
    while digits and digits[-1] == 0:
        digits.pop()
    if not digits:
        return _NUMERIC_HEADER.pack(0, 0, 0, 2)
    return _NUMERIC_HEADER.pack(len(digits), weight, sign, 2) + b"".join(
        d.to_bytes(2, "big") for d in digits
    )
