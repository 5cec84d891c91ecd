"""Failures become one sentence without secrets, from real server errors."""

from __future__ import annotations

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.errors import describe_error
from hotdash_tui.redaction import redact


def _failure(engine: sqlalchemy.Engine, *statements: str) -> Exception:
    with engine.connect() as conn:
        try:
            for statement in statements:
                conn.execute(text(statement))
        except sqlalchemy.exc.DBAPIError as exc:
            return exc
    raise AssertionError("the statements were expected to fail")


def test_permission_denied_is_named(db_engine: sqlalchemy.Engine) -> None:
    exc = _failure(db_engine, "SET ROLE anon", "SELECT * FROM public.creds_meta")
    message = describe_error(exc)
    assert message.startswith("Permission denied:") and "creds_meta" in message
    assert message.endswith(".") and "\n" not in message


def test_a_missing_table_says_run_migrate(empty_engine: sqlalchemy.Engine) -> None:
    exc = _failure(empty_engine, "SELECT * FROM competitors.alerts")
    message = describe_error(exc)
    assert "not migrated" in message and "hotdash migrate" in message


def test_a_statement_timeout_is_reported_as_such(db_engine: sqlalchemy.Engine) -> None:
    exc = _failure(db_engine, "SET statement_timeout = 50", "SELECT pg_sleep(2)")
    assert "statement timeout" in describe_error(exc)


@pytest.mark.parametrize(
    ("raw", "secret"),
    [
        ("connection to postgresql://bob:hunter2@db:5432/x failed", "hunter2"),
        ("conninfo host=db password=hunter2 user=bob", "hunter2"),
        ("conninfo host=db password='hunt er2' user=bob", "hunt er2"),
    ],
)
def test_redact_removes_passwords_in_every_form(raw: str, secret: str) -> None:
    assert secret not in redact(raw)
    assert "***" in redact(raw)


def test_redact_removes_a_known_secret_anywhere() -> None:
    assert redact("it said s3cr3t twice: s3cr3t", "s3cr3t") == "it said *** twice: ***"


def test_a_short_secret_does_not_blank_out_ordinary_words() -> None:
    message = 'socket "/nonexistent/.s.PGSQL.5432" failed for x'
    assert redact(message, "x") == 'socket "/nonexistent/.s.PGSQL.5432" failed for ***'
