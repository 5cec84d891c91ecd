"""Login roles for least-privilege tests (issue 15): a reader, a reviewer, and a member of
Supabase's ``authenticated`` that RLS applies to. Roles are cluster-wide; each test server
makes them once. PgBouncer's auth file lists the same names (tests/pgbouncer.py)."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
import psycopg.conninfo
from psycopg import sql

READER, REVIEWER, MEMBER = "hd_reader", "hd_reviewer", "hd_member"
GRANTS = {READER: "hotdash_reader", REVIEWER: "hotdash_reviewer", MEMBER: "authenticated"}


@dataclass(frozen=True)
class RoleUrls:
    reader: str
    reviewer: str
    member: str


def make_login_roles(admin_url: str) -> None:
    """The three login roles, each granted its group role (which the migrations made)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for login, group in GRANTS.items():
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,))
            if exists.fetchone() is None:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(login))
            )


def role_urls(database_url: str) -> RoleUrls:
    def as_(login: str) -> str:
        return psycopg.conninfo.make_conninfo(database_url, user=login)

    return RoleUrls(reader=as_(READER), reviewer=as_(REVIEWER), member=as_(MEMBER))
