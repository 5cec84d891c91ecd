"""Settings and the choice of database.

The order in which a database is chosen is the one operators expect from libpq tools:
an explicit ``--dsn`` wins, then ``DATABASE_URL``, then libpq's own environment (so
``PGSERVICE``, ``~/.pgpass`` and service files work unchanged), and only when none of
these is set the private embedded server.
"""

from __future__ import annotations

import getpass
import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

# The libpq variables that select or describe a connection. Any one of them means the
# user has configured a database the libpq way, so hotdash must not start its own.
LIBPQ_CONNECTION_VARIABLES = (
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGSSLMODE",
    "PGOPTIONS",
)


POOLER_VARIABLE = "HOTDASH_POOLER"


class Pooler(Enum):
    """What the user said of a pooler in front of Postgres; ``AUTO`` asks the connection
    (``db/pooler.py``)."""

    AUTO = "auto"
    TRANSACTION = "transaction"
    SESSION = "session"
    NONE = "none"


class InvalidSetting(ValueError):
    """A setting with a value hotdash cannot use; its message is one sentence for the user."""


def parse_pooler(value: str | None, source: str = "--pooler") -> Pooler:
    if value is None or not value.strip():
        return Pooler.AUTO
    try:
        return Pooler(value.strip().lower())
    except ValueError:
        words = ", ".join(p.value for p in Pooler)
        raise InvalidSetting(f"{source} must be one of {words}, not {value!r}") from None


def pooler_setting(option: str | None, environ: Mapping[str, str] | None = None) -> Pooler:
    """``--pooler``, else ``HOTDASH_POOLER``, else detection."""
    env = os.environ if environ is None else environ
    if option is not None:
        return parse_pooler(option)
    return parse_pooler(env.get(POOLER_VARIABLE), POOLER_VARIABLE)


class DsnSource(Enum):
    """Where the connection string came from; shown by ``hotdash db url`` and in errors."""

    OPTION = "--dsn"
    DATABASE_URL = "DATABASE_URL"
    LIBPQ_ENVIRONMENT = "libpq environment"
    EMBEDDED = "embedded server"


@dataclass(frozen=True)
class DatabaseChoice:
    """A resolved database: a libpq conninfo (URL or key=value) or the embedded server."""

    source: DsnSource
    conninfo: str

    @property
    def is_embedded(self) -> bool:
        return self.source is DsnSource.EMBEDDED


def choose_database(
    dsn_option: str | None, environ: Mapping[str, str] | None = None
) -> DatabaseChoice:
    """Resolve which database to use, without connecting.

    For the libpq environment the conninfo is empty: libpq fills in every part from the
    environment, service file and password file itself. For the embedded server the
    conninfo is empty too; the caller starts the server and asks it for its URL.
    """
    env = os.environ if environ is None else environ
    if dsn_option is not None:
        if not dsn_option.strip():
            raise InvalidSetting(
                "--dsn is empty; give a connection string, or leave --dsn out to use the "
                "embedded demo database"
            )
        return DatabaseChoice(DsnSource.OPTION, dsn_option)
    if "DATABASE_URL" in env:
        url = env["DATABASE_URL"].strip()
        if not url:
            raise InvalidSetting(_empty_variable("DATABASE_URL"))
        return DatabaseChoice(DsnSource.DATABASE_URL, url)
    # A variable set but empty is a script whose real setting went missing: the demo
    # database would answer it with demo rows and success.
    for name in LIBPQ_CONNECTION_VARIABLES:
        if name in env and not env[name].strip():
            raise InvalidSetting(_empty_variable(name))
    if any(env.get(name) for name in LIBPQ_CONNECTION_VARIABLES):
        return DatabaseChoice(DsnSource.LIBPQ_ENVIRONMENT, "")
    return DatabaseChoice(DsnSource.EMBEDDED, "")


def _empty_variable(name: str) -> str:
    return (
        f"{name} is set but empty; set it to a real value, or unset it (the embedded demo "
        "database is used only when no connection setting is there at all)"
    )


def _printable(identity: str, where: str) -> str:
    """An identity goes into one-line reports and audit rows: no newline or other control
    character may split or forge a line there."""
    if any(unicodedata.category(char) == "Cc" for char in identity):
        raise InvalidSetting(
            f"{where} holds a control character (such as a newline); give a plain name."
        )
    return identity


def resolve_identity(as_option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Who is acting: ``--as``, else ``HOTDASH_USER``, else ``as`` in the config file, else
    the operating system user. The file is read only when the first two say nothing."""
    env = os.environ if environ is None else environ
    for candidate, where in ((as_option, "--as"), (env.get("HOTDASH_USER"), "HOTDASH_USER")):
        if candidate and candidate.strip():
            return _printable(candidate.strip(), where)
    from hotdash_tui.user_config import config_path, load_config

    configured = load_config(config_path(env)).as_user
    if configured:
        return _printable(configured, "as in the config file")
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. an arbitrary uid in a container
        return "unknown"


@dataclass(frozen=True)
class Settings:
    """Everything a command or the App needs to know before it connects."""

    database: DatabaseChoice
    identity: str
    read_only: bool = False
    statement_timeout_ms: int = 5000
    pooler: Pooler = Pooler.AUTO

    @classmethod
    def from_options(
        cls,
        *,
        dsn: str | None = None,
        as_user: str | None = None,
        read_only: bool = False,
        pooler: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        env = os.environ if environ is None else environ
        timeout = env.get("HOTDASH_STATEMENT_TIMEOUT_MS", "").strip()
        return cls(
            database=choose_database(dsn, env),
            identity=resolve_identity(as_user, env),
            read_only=read_only,
            statement_timeout_ms=int(timeout) if timeout.isdigit() else 5000,
            pooler=pooler_setting(pooler, env),
        )
