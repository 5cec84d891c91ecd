"""The quick checks run in-process through typer's CliRunner (stdout is not a terminal there,
as in a pipe) against databases of the real test server."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

import pytest
import sqlalchemy
from typer.testing import CliRunner, Result

from hotdash_tui.cli.main import app
from hotdash_tui.db.engine import create_db_engine
from tests.conftest import create_database, database_url, drop_database

# No configured database may leak in from the developer's shell: every test passes --dsn.
_CLEAN_ENV: dict[str, str | None] = {
    "DATABASE_URL": None,
    "PGHOST": None,
    "PGSERVICE": None,
    "PGPASSWORD": None,
    "HOTDASH_USER": None,
    "NO_COLOR": None,
}


def run(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env={**_CLEAN_ENV, **(env or {})})


@pytest.fixture(scope="module")
def live_url(pg_admin_url: str, migrated_template: str) -> Iterator[str]:
    """Demo data seeded as of the real clock, which the CLI reads by: "pending" agent requests
    are not yet expired and ``--since 24h`` finds runs. Read-only tests share it."""
    from hotdash_tui.demo.seed import seed_demo_data

    name = create_database(pg_admin_url, template=migrated_template)
    url = database_url(pg_admin_url, name)
    engine = create_db_engine(url)
    try:
        seed_demo_data(engine, now=datetime.now(UTC))
    finally:
        engine.dispose()
    yield url
    drop_database(pg_admin_url, name)


@pytest.fixture
def live_engine(live_url: str) -> Iterator[sqlalchemy.Engine]:
    engine = create_db_engine(live_url)
    try:
        yield engine
    finally:
        engine.dispose()
