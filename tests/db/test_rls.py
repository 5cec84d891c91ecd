"""Row level security as Supabase's roles see it.

Rows are inserted by the superuser connection first; each check then runs in a transaction
that switches to ``anon``, ``authenticated`` (with the JWT claims PostgREST would set) or
``service_role`` and is rolled back. Plain Postgres has none of Supabase's default grants, so
some checks also grant what Supabase grants (ALL on every public table to the client roles) and
show that the policies alone still keep the rows out.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg.errors
import pytest
import sqlalchemy
from psycopg import sql
from sqlalchemy import exc, text

ALICE = uuid.UUID("00000000-0000-4000-8000-00000000a11c")
BOB = uuid.UUID("00000000-0000-4000-8000-000000000b0b")
OWNED_TABLES = ("jobs", "job_events", "artifacts")
# Role names come from this fixed list only.
SET_ROLE = {
    "anon": "SET LOCAL ROLE anon",
    "authenticated": "SET LOCAL ROLE authenticated",
    "service_role": "SET LOCAL ROLE service_role",
}
# What Supabase's default privileges give the client roles on every table of public.
SUPABASE_DEFAULT_GRANTS = "GRANT ALL ON ALL TABLES IN SCHEMA public TO anon, authenticated"
PUBLIC_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"


@pytest.fixture
def rls_engine(db_engine: sqlalchemy.Engine) -> sqlalchemy.Engine:
    """The migrated test database with rows of two users and of the seed-004 tables."""
    with db_engine.begin() as conn:
        for run_id, owner in (
            ("alice-1", ALICE),
            ("alice-2", ALICE),
            ("bob-1", BOB),
            ("nobody-1", None),
        ):
            params = {"run": run_id, "owner": owner}
            conn.execute(
                text(
                    "INSERT INTO jobs (run_id, project_spec, owner_id) VALUES (:run, '{}', :owner)"
                ),
                params,
            )
            conn.execute(
                text(
                    "INSERT INTO job_events (run_id, bot_name, event_type, owner_id)"
                    " VALUES (:run, 'builder', 'started', :owner)"
                ),
                params,
            )
            conn.execute(
                text("INSERT INTO artifacts (run_id, kind, owner_id) VALUES (:run, 'zip', :owner)"),
                params,
            )
        conn.execute(
            text(
                "INSERT INTO prompts (id, category, context, prompt_text)"
                " VALUES ('greeting', 'copy', 'landing', 'Hello')"
            )
        )
        conn.execute(
            text(
                'INSERT INTO "AgentApproval" (agent_name, action_type, summary)'
                " VALUES ('cx', 'send_reply', 'Reply to order 1001')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO creds_meta (service, credential_name, encrypted_value,"
                " encryption_key_id) VALUES ('shopify', 'admin', '\\x00ff', 'k1')"
            )
        )
        for level in ("DEBUG", "INFO", "WARN", "ERROR", "FATAL"):
            conn.execute(
                text(
                    "INSERT INTO observability_logs (level, service, message)"
                    " VALUES (:level, 'sync', 'message')"
                ),
                {"level": level},
            )
    return db_engine


@contextmanager
def as_role(
    engine: sqlalchemy.Engine,
    role: str,
    user: uuid.UUID | None = None,
    *,
    claim_form: str = "claims",
    supabase_grants: bool = False,
) -> Iterator[sqlalchemy.Connection]:
    """A rolled-back transaction as ``role``, signed in as ``user`` the way PostgREST does."""
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            if supabase_grants:
                conn.execute(text(SUPABASE_DEFAULT_GRANTS))
            conn.execute(text(SET_ROLE[role]))
            if user and claim_form == "claims":
                claims = json.dumps({"sub": str(user), "role": role})
                conn.execute(
                    text("SELECT set_config('request.jwt.claims', :c, true)"), {"c": claims}
                )
            elif user:
                conn.execute(
                    text(
                        "SELECT set_config('request.jwt.claim.sub', :s, true),"
                        " set_config('request.jwt.claim.role', :r, true)"
                    ),
                    {"s": str(user), "r": role},
                )
            yield conn
        finally:
            transaction.rollback()


def refused(conn: sqlalchemy.Connection, sql: str, **params: Any) -> str:
    """Run ``sql`` in a savepoint, expect Postgres to refuse it, return why."""
    with pytest.raises(exc.ProgrammingError) as raised, conn.begin_nested():
        conn.execute(text(sql), params)
    assert isinstance(raised.value.orig, psycopg.errors.InsufficientPrivilege)
    return str(raised.value.orig)


def rows(conn: sqlalchemy.Connection, sql: str, **params: Any) -> list[Any]:
    return list(conn.execute(text(sql), params).scalars())


def on_table(template: str, table: str) -> str:
    """``template`` with ``{}`` replaced by the quoted name of public.``table``."""
    return sql.SQL(template).format(sql.Identifier("public", table)).as_string()


def count_rows(conn: sqlalchemy.Connection, tables: list[str]) -> dict[str, int]:
    """Rows of each public table as the current role sees them."""
    return {t: rows(conn, on_table("SELECT count(*) FROM {}", t))[0] for t in tables}


@pytest.mark.parametrize("claim_form", ["claims", "claim.sub"])
def test_owners_see_only_their_own_jobs_events_and_artifacts(
    rls_engine: sqlalchemy.Engine, claim_form: str
) -> None:
    for user, runs in ((ALICE, ["alice-1", "alice-2"]), (BOB, ["bob-1"])):
        with as_role(rls_engine, "authenticated", user, claim_form=claim_form) as conn:
            assert rows(conn, "SELECT auth.uid()") == [user]
            assert rows(conn, "SELECT auth.role()") == ["authenticated"]
            assert rows(conn, "SELECT run_id FROM jobs ORDER BY 1") == runs
            assert rows(conn, "SELECT run_id FROM job_events ORDER BY 1") == runs
            assert rows(conn, "SELECT run_id FROM artifacts ORDER BY 1") == runs


def test_authenticated_without_a_user_sees_no_owned_rows(rls_engine: sqlalchemy.Engine) -> None:
    with as_role(rls_engine, "authenticated") as conn:
        assert rows(conn, "SELECT auth.uid()") == [None]
        assert count_rows(conn, list(OWNED_TABLES)) == dict.fromkeys(OWNED_TABLES, 0)


def test_an_owner_cannot_write_rows_of_another_user(rls_engine: sqlalchemy.Engine) -> None:
    with as_role(rls_engine, "authenticated", ALICE) as conn:
        for sql, params in (
            (
                "INSERT INTO jobs (run_id, project_spec, owner_id) VALUES ('x', '{}', :o)",
                {"o": BOB},
            ),
            (
                "INSERT INTO job_events (run_id, bot_name, event_type, owner_id)"
                " VALUES ('bob-1', 'b', 'e', :o)",
                {"o": BOB},
            ),
            # Her own owner_id on Bob's run: the row would surface in Bob's run.
            (
                "INSERT INTO job_events (run_id, bot_name, event_type, owner_id)"
                " VALUES ('bob-1', 'b', 'e', :o)",
                {"o": ALICE},
            ),
            (
                "INSERT INTO artifacts (run_id, kind, owner_id) VALUES ('bob-1', 'zip', :o)",
                {"o": ALICE},
            ),
            ("UPDATE jobs SET owner_id = :o WHERE run_id = 'alice-1'", {"o": BOB}),
            ("UPDATE artifacts SET owner_id = :o WHERE run_id = 'alice-1'", {"o": BOB}),
        ):
            assert "row-level security" in refused(conn, sql, **params)
        for sql in (
            "UPDATE jobs SET status = 'cancelled' WHERE run_id = 'bob-1'",
            "UPDATE job_events SET payload = '{}' WHERE run_id = 'bob-1'",
            "UPDATE artifacts SET url = 'x' WHERE run_id = 'bob-1'",
            "DELETE FROM artifacts WHERE run_id = 'bob-1'",
            "DELETE FROM job_events WHERE run_id = 'bob-1'",
            "DELETE FROM jobs WHERE run_id IN ('bob-1', 'nobody-1')",
        ):
            assert conn.execute(text(sql)).rowcount == 0, sql
        conn.execute(
            text("INSERT INTO jobs (run_id, project_spec, owner_id) VALUES ('alice-3', '{}', :o)"),
            {"o": ALICE},
        )
        conn.execute(
            text(
                "INSERT INTO job_events (run_id, bot_name, event_type, owner_id)"
                " VALUES ('alice-3', 'b', 'e', :o)"
            ),
            {"o": ALICE},
        )
        assert rows(conn, "SELECT run_id FROM jobs ORDER BY 1") == ["alice-1", "alice-2", "alice-3"]
    with rls_engine.connect() as conn:
        assert rows(conn, "SELECT count(*) FROM jobs") == [4]  # nothing of Bob's went


def test_anon_sees_nothing_with_or_without_supabase_grants(rls_engine: sqlalchemy.Engine) -> None:
    with rls_engine.connect() as conn:
        tables = rows(conn, PUBLIC_TABLES)
        unprotected = rows(
            conn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT rowsecurity"
        )
    assert len(tables) >= 35 and unprotected == []
    with as_role(rls_engine, "anon") as conn:
        for table in tables:
            assert "permission denied" in refused(conn, on_table("SELECT * FROM {}", table))
        assert "permission denied" in refused(conn, "SELECT * FROM catalog.listings")
    with as_role(rls_engine, "anon", supabase_grants=True) as conn:
        assert count_rows(conn, tables) == dict.fromkeys(tables, 0)


def test_authenticated_reads_agent_approval_but_cannot_write_it(
    rls_engine: sqlalchemy.Engine,
) -> None:
    insert = (
        'INSERT INTO "AgentApproval" (agent_name, action_type, summary)'
        " VALUES ('cx', 'send_reply', 'forged')"
    )
    update = "UPDATE \"AgentApproval\" SET summary = 'changed'"
    with as_role(rls_engine, "authenticated", ALICE) as conn:
        assert rows(conn, 'SELECT summary FROM "AgentApproval"') == ["Reply to order 1001"]
        assert "permission denied" in refused(conn, insert)
        assert "permission denied" in refused(conn, update)
        assert "permission denied" in refused(conn, 'DELETE FROM "AgentApproval"')
    with as_role(rls_engine, "authenticated", ALICE, supabase_grants=True) as conn:
        assert "row-level security" in refused(conn, insert)
        assert conn.execute(text(update)).rowcount == 0
        assert conn.execute(text('DELETE FROM "AgentApproval"')).rowcount == 0


def test_authenticated_cannot_read_creds_meta_at_all(rls_engine: sqlalchemy.Engine) -> None:
    with as_role(rls_engine, "authenticated", ALICE) as conn:
        assert "permission denied" in refused(conn, "SELECT * FROM creds_meta")
        assert "permission denied" in refused(conn, "SELECT count(*) FROM creds_meta")
    with as_role(rls_engine, "authenticated", ALICE, supabase_grants=True) as conn:
        assert rows(conn, "SELECT count(*) FROM creds_meta") == [0]


def test_authenticated_sees_only_info_and_warn_logs(rls_engine: sqlalchemy.Engine) -> None:
    with as_role(rls_engine, "authenticated", ALICE) as conn:
        assert rows(conn, "SELECT level FROM observability_logs ORDER BY id") == ["INFO", "WARN"]


def test_prompts_are_readable_but_not_writable_by_authenticated(
    rls_engine: sqlalchemy.Engine,
) -> None:
    with as_role(rls_engine, "authenticated", ALICE) as conn:
        assert rows(conn, "SELECT id FROM prompts") == ["greeting"]
        assert "permission denied" in refused(conn, "UPDATE prompts SET prompt_text = 'x'")


def test_service_role_sees_and_writes_everything(rls_engine: sqlalchemy.Engine) -> None:
    with rls_engine.connect() as conn:
        tables = rows(conn, PUBLIC_TABLES)
        counts = count_rows(conn, tables)
    assert counts["jobs"] == 4 and counts["observability_logs"] == 5
    with as_role(rls_engine, "service_role") as conn:
        assert count_rows(conn, tables) == counts
        conn.execute(
            text("INSERT INTO jobs (run_id, project_spec, owner_id) VALUES ('svc-1', '{}', :o)"),
            {"o": BOB},
        )
        conn.execute(
            text(
                "INSERT INTO observability_logs (level, service, message)"
                " VALUES ('ERROR', 'svc', 'm')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO creds_meta (service, credential_name, encrypted_value,"
                " encryption_key_id) VALUES ('meta', 'ads', '\\x01', 'k1')"
            )
        )
        for sql, changed in (
            ("UPDATE \"AgentApproval\" SET summary = 'edited'", 1),
            ("UPDATE prompts SET prompt_text = 'edited'", 1),
            ("UPDATE creds_meta SET last_used_at = now()", 2),
            ("UPDATE jobs SET status = 'cancelled'", 5),
            ("DELETE FROM artifacts", 4),
            ("DELETE FROM job_events", 4),
            ('DELETE FROM "AgentApproval"', 1),
            ("DELETE FROM creds_meta", 2),
        ):
            assert conn.execute(text(sql)).rowcount == changed, sql


@pytest.mark.parametrize(
    ("settings", "uid", "role"),
    [
        ({}, None, None),
        ({"request.jwt.claims": "", "request.jwt.claim.sub": ""}, None, None),
        ({"request.jwt.claims": json.dumps({"sub": str(BOB), "role": "anon"})}, BOB, "anon"),
        # The per-claim settings (older PostgREST) win over the claims document.
        (
            {
                "request.jwt.claim.sub": str(ALICE),
                "request.jwt.claim.role": "authenticated",
                "request.jwt.claims": json.dumps({"sub": str(BOB)}),
            },
            ALICE,
            "authenticated",
        ),
    ],
)
def test_the_auth_shims_read_claims_as_supabase_does(
    db_engine: sqlalchemy.Engine, settings: dict[str, str], uid: uuid.UUID | None, role: str | None
) -> None:
    with db_engine.connect() as conn:
        for name, value in settings.items():
            conn.execute(text("SELECT set_config(:n, :v, true)"), {"n": name, "v": value})
        assert tuple(conn.execute(text("SELECT auth.uid(), auth.role()")).one()) == (uid, role)
        claims = settings.get("request.jwt.claims") or None
        expected = json.loads(claims) if claims else None
        assert conn.execute(text("SELECT auth.jwt()")).scalar_one() == expected
        conn.rollback()
