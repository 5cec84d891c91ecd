"""Connection settings that depend on where the connection goes."""

from __future__ import annotations

import pytest
from psycopg.conninfo import make_conninfo

from hotdash_tui.db.engine import ConnectionTarget, connect, connection_defaults, password_of


def test_our_defaults_apply_only_where_the_user_set_nothing() -> None:
    assert connection_defaults("", environ={}) == {
        "fallback_application_name": "hotdash",
        "connect_timeout": 5,
    }
    assert "connect_timeout" not in connection_defaults("connect_timeout=30", environ={})
    assert "connect_timeout" not in connection_defaults(
        "postgresql://u@h/db?connect_timeout=30", environ={}
    )
    assert "connect_timeout" not in connection_defaults("", environ={"PGCONNECT_TIMEOUT": "30"})
    # The name is only ever a fallback: never the application_name parameter itself.
    assert "application_name" not in connection_defaults("application_name=mine", environ={})


def _application_name(url: str) -> str:
    with connect(url) as conn:
        row = conn.execute("SHOW application_name").fetchone()
    assert row is not None
    return str(row[0])


def test_the_dsn_and_pgappname_name_the_application(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGAPPNAME", raising=False)
    assert _application_name(db_url) == "hotdash"
    assert _application_name(make_conninfo(db_url, application_name="nightly-check")) == (
        "nightly-check"
    )
    monkeypatch.setenv("PGAPPNAME", "from-env")
    assert _application_name(db_url) == "from-env"
    # A given connect_timeout reaches libpq as given.
    with connect(make_conninfo(db_url, connect_timeout="30")) as conn:
        assert conn.info.get_parameters().get("application_name") == "from-env"
        assert "connect_timeout='30'" in conn.info.dsn or "connect_timeout=30" in conn.info.dsn


def test_password_of_reads_both_conninfo_forms() -> None:
    assert password_of("postgresql://u:s3cret@h/db") == "s3cret"
    assert password_of("host=h password=s3cret") == "s3cret"
    assert password_of("host=h") is None


def test_the_header_label_never_shows_a_socket_path_or_password() -> None:
    socket = ConnectionTarget(host="/var/run/postgresql", port="5432", dbname="shop", user="me")
    remote = ConnectionTarget(host="db.example.com", port="5432", dbname="shop", user="me")
    assert socket.label == "shop@local"
    assert remote.label == "shop@db.example.com"
