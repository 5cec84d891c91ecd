"""Errors a user can act on, each worded as one sentence without secrets.

Every failure that reaches the CLI or the App passes through :func:`describe_error`,
so a wrong password, an unreachable server or an unmigrated schema always reads the
same way, never as a traceback and never with the password in it.
"""

from __future__ import annotations

import re

import psycopg
import sqlalchemy.exc

from hotdash_tui.config import InvalidSetting
from hotdash_tui.redaction import redact


class HotdashError(Exception):
    """A failure with a message fit to show a user as it is."""


class DatabaseUnavailable(HotdashError):
    """The server cannot be reached or refused us."""


class SchemaNotMigrated(HotdashError):
    """The database lacks migrations this version of hotdash needs."""


class InvalidConnectionString(HotdashError):
    """--dsn or DATABASE_URL is not a libpq URL or key=value string."""


_SEVERITY_WORDS = re.compile(r"\b(?:FATAL|ERROR):\s+")


def _first_line(text: str) -> str:
    """The first line of a server or libpq message, without libpq's severity words."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    for noise in ("connection failed: ", "connection is bad: "):
        line = line.removeprefix(noise)
    return _SEVERITY_WORDS.sub("", line).strip()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def describe_error(exc: BaseException, *, secrets: tuple[str | None, ...] = ()) -> str:
    """One clear sentence for a database failure, with secrets removed."""
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, HotdashError | InvalidSetting):
        return redact(_sentence(str(exc)), *secrets)
    message = _first_line(str(exc))
    lowered = message.lower()
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        text = f"Permission denied: {message}"
    elif isinstance(exc, psycopg.errors.UndefinedTable | psycopg.errors.InvalidSchemaName):
        text = f"The database is not migrated ({message}); run `hotdash migrate`"
    elif isinstance(exc, psycopg.errors.QueryCanceled):
        text = "The query took longer than the statement timeout and was cancelled"
    elif "password authentication failed" in lowered or "no password supplied" in lowered:
        text = f"The server refused the login: {message}"
    elif isinstance(exc, psycopg.OperationalError):
        text = f"Cannot connect to the database: {message}"
    elif isinstance(exc, psycopg.Error):
        text = f"The database reported an error: {message}"
    else:
        text = f"{type(exc).__name__}: {message}"
    return redact(_sentence(text), *secrets)
