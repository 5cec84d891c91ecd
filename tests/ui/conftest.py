"""Apps on real, seeded test databases, with a fixed clock and identity for snapshots."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy

from hotdash_tui.app import HotdashApp
from hotdash_tui.config import DatabaseChoice, DsnSource, Settings
from hotdash_tui.db.bootstrap import OpenDatabase
from hotdash_tui.db.engine import ConnectionTarget, connection_target
from hotdash_tui.user_config import UserConfig
from tests.conftest import FIXED_NOW

REVIEWER = "reviewer"
# Test databases get random names; snapshots show this stable label instead.
SNAPSHOT_TARGET = ConnectionTarget(
    host="/run/hotdash", port="5432", dbname="hotdash", user="postgres"
)


def make_app(
    engine: sqlalchemy.Engine,
    url: str,
    *,
    stable_target: bool = False,
    live: bool = False,
    read_only: bool = False,
    config: UserConfig | None = None,
) -> HotdashApp:
    """An App on ``engine``. Live updates are off unless asked for: the screens' tests write
    through a second session and then press a key, and a reload in between would race them
    (tests/ui/test_live.py tests the live updates themselves)."""
    settings = Settings(
        database=DatabaseChoice(DsnSource.OPTION, url), identity=REVIEWER, read_only=read_only
    )
    target = SNAPSHOT_TARGET if stable_target else connection_target(engine)
    database = OpenDatabase(engine=engine, target=target, settings=settings)
    return HotdashApp(database, clock=lambda: FIXED_NOW, live=live, config=config)


@pytest.fixture
def seeded_app(seeded_engine: sqlalchemy.Engine, seeded_db_url: str) -> Iterator[HotdashApp]:
    yield make_app(seeded_engine, seeded_db_url)


@pytest.fixture
def snapshot_app(seeded_engine: sqlalchemy.Engine, seeded_db_url: str) -> Iterator[HotdashApp]:
    yield make_app(seeded_engine, seeded_db_url, stable_target=True)


@pytest.fixture
def no_color_snapshot_app(
    seeded_engine: sqlalchemy.Engine, seeded_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[HotdashApp]:
    """The snapshot App under NO_COLOR, as a monochrome terminal runs it."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(seeded_engine, seeded_db_url, stable_target=True)
    assert app.no_color
    yield app
