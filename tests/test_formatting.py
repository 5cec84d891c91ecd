"""Ages and times as a reviewer reads them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hotdash_tui.formatting import age, relative, when
from tests.conftest import FIXED_NOW


@pytest.mark.parametrize(
    ("ago", "shown"),
    [
        (timedelta(seconds=45), "45s"),
        (timedelta(minutes=12, seconds=59), "12m"),
        (timedelta(hours=3, minutes=1), "3h"),
        (timedelta(days=4, hours=23), "4d"),
        (timedelta(seconds=-30), "0s"),  # a clock slightly behind the database's
        (timedelta(seconds=-90), "+1m"),  # a row from a clock well ahead of ours
        (timedelta(hours=-6, minutes=-5), "+6h"),
        (timedelta(hours=-23), "+23h"),
    ],
)
def test_age_is_the_largest_whole_unit(ago: timedelta, shown: str) -> None:
    assert age(FIXED_NOW, FIXED_NOW - ago) == shown


def test_naive_times_are_utc_like_seed_000_stores_them() -> None:
    naive = datetime(2026, 11, 2, 10, 41)
    assert age(FIXED_NOW, naive) == "1h"
    assert when(FIXED_NOW, naive) == "10:41"
    assert when(FIXED_NOW, naive - timedelta(days=1)) == "Nov 01 10:41"


def test_a_details_line_says_ago_or_in() -> None:
    assert relative(FIXED_NOW, FIXED_NOW - timedelta(hours=3)) == "3h ago"
    assert relative(FIXED_NOW, FIXED_NOW + timedelta(hours=6)) == "in 6h"
