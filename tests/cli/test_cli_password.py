"""A wrong password, refused by a server that really asks for one."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import psycopg.conninfo
import pytest

from hotdash_tui.embedded.server import EmbeddedServer
from tests.cli.test_cli_schema import hotdash

WRONG = "wr0ng-Pa55word"


@pytest.fixture
def password_server() -> Iterator[str]:
    """A private server where the role ``pw_user`` must log in with a password."""
    parent = Path(tempfile.mkdtemp(prefix="hdpw", dir="/tmp"))
    parent.chmod(0o755)  # as root the server runs as an unprivileged account
    server = EmbeddedServer(parent / "pg")
    admin_url = server.acquire()
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("CREATE ROLE pw_user LOGIN PASSWORD 'the-right-one'")
            row = conn.execute("SHOW hba_file").fetchone()
            assert row is not None
            hba = Path(str(row[0]))
            hba.write_text("local all pw_user scram-sha-256\n" + hba.read_text())
            conn.execute("SELECT pg_reload_conf()")
        yield psycopg.conninfo.make_conninfo(admin_url, user="pw_user")
    finally:
        server.release()
        shutil.rmtree(parent, ignore_errors=True)


@pytest.mark.slow
def test_a_wrong_password_is_one_sentence_without_the_password(password_server: str) -> None:
    url = psycopg.conninfo.make_conninfo(password_server, password=WRONG)
    result = hotdash("migrate", "--dsn", url)
    assert result.returncode == 2
    assert "password authentication failed" in result.stderr
    assert WRONG not in result.stderr + result.stdout
    # One sentence, after the one-line warning that a password stands on the command line.
    warning, error = result.stderr.strip().splitlines()
    assert warning.startswith("hotdash: warning: a password in --dsn")
    assert error.startswith("hotdash: ")

    dashboard = hotdash("--dsn", url)
    assert dashboard.returncode == 2
    assert "password authentication failed" in dashboard.stderr
    assert WRONG not in dashboard.stderr + dashboard.stdout
