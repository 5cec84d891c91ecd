"""Fixtures the database tests share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest


@pytest.fixture
def admin(db_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A second session on the test's database, outside the App's engine (autocommit): it
    changes rows behind the App's back or ends its backends."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn
