"""Which database: an empty setting is an error, never the demo database (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotdash_tui.config import (
    DsnSource,
    InvalidSetting,
    Pooler,
    Settings,
    choose_database,
    pooler_setting,
)
from tests.cli.test_cli_schema import hotdash


def test_nothing_set_at_all_means_the_embedded_server() -> None:
    assert choose_database(None, {}).source is DsnSource.EMBEDDED


@pytest.mark.parametrize(
    ("option", "environ", "named"),
    [
        ("", {}, "--dsn"),
        ("   ", {}, "--dsn"),
        (None, {"DATABASE_URL": ""}, "DATABASE_URL"),
        (None, {"DATABASE_URL": " "}, "DATABASE_URL"),
        (None, {"PGHOST": ""}, "PGHOST"),
        (None, {"PGSERVICE": "", "PGDATABASE": "shop"}, "PGSERVICE"),
    ],
)
def test_an_empty_connection_setting_is_an_error(
    option: str | None, environ: dict[str, str], named: str
) -> None:
    with pytest.raises(InvalidSetting, match=named):
        choose_database(option, environ)


def test_a_set_value_still_wins_in_libpq_order() -> None:
    assert choose_database("postgresql://a/b", {"DATABASE_URL": ""}).source is DsnSource.OPTION
    assert choose_database(None, {"DATABASE_URL": "postgresql://a/b"}).conninfo == (
        "postgresql://a/b"
    )
    assert choose_database(None, {"PGHOST": "db"}).source is DsnSource.LIBPQ_ENVIRONMENT


def test_the_pooler_setting_comes_from_the_option_then_the_environment() -> None:
    assert pooler_setting(None, {}) is Pooler.AUTO
    assert pooler_setting("transaction", {"HOTDASH_POOLER": "none"}) is Pooler.TRANSACTION
    assert pooler_setting(None, {"HOTDASH_POOLER": "Session"}) is Pooler.SESSION
    with pytest.raises(InvalidSetting, match="HOTDASH_POOLER must be one of"):
        pooler_setting(None, {"HOTDASH_POOLER": "bouncy"})
    assert Settings.from_options(pooler="none", environ={}).pooler is Pooler.NONE


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("approvals", "--dsn", ""), {}),
        (("--dsn", "", "approvals"), {}),
        (("approvals",), {"DATABASE_URL": ""}),
        (("approvals",), {"PGHOST": ""}),
        (("migrate",), {"DATABASE_URL": ""}),
    ],
)
def test_the_command_refuses_in_one_sentence_and_starts_no_demo_database(
    args: tuple[str, ...], env: dict[str, str], tmp_path: Path
) -> None:
    data = tmp_path / "demo"
    result = hotdash(*args, env={**env, "HOTDASH_DATA_DIR": str(data)})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("hotdash: ")
    assert "is empty" in result.stderr or "set but empty" in result.stderr
    assert not data.exists()


def test_a_bad_pooler_word_is_one_sentence() -> None:
    result = hotdash("--pooler", "bouncy", "approvals", env={"DATABASE_URL": "postgresql://x/y"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "hotdash: --pooler must be one of auto, transaction, session, none, not 'bouncy'."
    )
