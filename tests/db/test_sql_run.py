"""The named-query runner (db/sql.py) on a real server: it is ``conn.execute`` of the
query's ``text()`` clause (issue 16), so rows, transactions, errors and events are SQLAlchemy's;
what it adds is that a query planned per value is never prepared."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
import sqlalchemy
from sqlalchemy import event, exc

from hotdash_tui.db.engine import create_db_engine
from hotdash_tui.db.runs import RunFilter
from hotdash_tui.db.runs.read import filter_params, source_bounds
from hotdash_tui.db.sql import all_queries, compiled_sql, query, run

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[sqlalchemy.Engine]:
    engine = create_db_engine(db_url, pool_size=1)
    try:
        yield engine
    finally:
        engine.dispose()


def audit_params(entity_id: str) -> dict[str, Any]:
    return {
        "entity_type": "task",
        "entity_id": entity_id,
        "action": "update",
        "changes": json.dumps({"title": {"old": "a", "new": "b"}}),
        "source": "hotdash",
        "source_id": None,
        "actor": "alice",
    }


def audit_rows(admin: psycopg.Connection[Any], entity_id: str) -> int:
    row = admin.execute(
        "SELECT count(*) FROM system.audit_log WHERE entity_id = %s", (entity_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def test_every_named_query_is_sent_as_sqlalchemy_compiles_it(engine: sqlalchemy.Engine) -> None:
    for name in all_queries():
        assert compiled_sql(name) == query(name).compile(dialect=engine.dialect).string, name


def test_rows_read_by_name_and_position(engine: sqlalchemy.Engine) -> None:
    with engine.connect() as conn:
        stages = run(conn, "board_stages").all()
    assert len(stages) > 1
    first = stages[0]
    assert first.name == tuple(first)[1] and first._asdict()["sort_order"] == first.sort_order
    assert [s.sort_order for s in stages] == sorted(s.sort_order for s in stages)


def test_the_result_is_sqlalchemys_with_zero_one_and_many_rows(
    engine: sqlalchemy.Engine,
) -> None:
    with engine.connect() as conn:
        none = run(conn, "board_find_listing", {"asin": "B0NOTHERE1"})
        assert isinstance(none, sqlalchemy.CursorResult)
        assert none.all() == []
        assert run(conn, "board_find_listing", {"asin": "B0NOTHERE1"}).first() is None
        with pytest.raises(exc.NoResultFound):
            run(conn, "board_find_listing", {"asin": "B0NOTHERE1"}).one()
        assert run(conn, "health_ping").scalar_one() == 1
        assert run(conn, "health_ping").scalars().all() == [1]
        rows = run(conn, "board_stages").all()
        assert run(conn, "board_stages").scalars().all() == [row[0] for row in rows]
        with pytest.raises(exc.MultipleResultsFound):
            run(conn, "board_stages").one_or_none()


def test_a_statement_without_rows_has_only_a_rowcount(engine: sqlalchemy.Engine) -> None:
    nothing = {"id": str(uuid.uuid4()), "approval_id": str(uuid.uuid4())}
    with engine.connect() as conn:
        result = run(conn, "approvals_agent_unlog", nothing)  # a DELETE without RETURNING
        assert result.rowcount == 0
        with pytest.raises(exc.ResourceClosedError):
            result.all()


def test_a_query_planned_per_value_is_never_prepared(engine: sqlalchemy.Engine) -> None:
    """psycopg prepares a statement once it has run five times in a transaction, and
    Postgres may then plan it generically, blind to the values: the run log's filtered
    statements (``-- plan: per value``) are never prepared; the plain ones are."""
    spec = RunFilter(status="failure")
    with engine.connect() as conn:
        for _ in range(7):
            run(conn, "runs_window", window_params(spec))
            run(conn, "runs_count", filter_params(spec, NOW) | {"cap": 10})
            run(conn, "runs_window_plain", window_params(RunFilter()))
        prepared = conn.exec_driver_sql("SELECT statement FROM pg_prepared_statements").all()
    texts = [statement for (statement,) in prepared]
    assert any("runs_window without status:" in t for t in texts)  # the plain window was
    assert not any("plan: per value" in t for t in texts)  # neither filtered statement was


def window_params(spec: RunFilter) -> dict[str, Any]:
    return filter_params(spec, NOW) | source_bounds(None) | {"limit": 100}


def test_commit_after_a_write_on_connect_keeps_it(
    engine: sqlalchemy.Engine, admin: psycopg.Connection[Any]
) -> None:
    kept, dropped = str(uuid.uuid4()), str(uuid.uuid4())
    with engine.connect() as conn:
        assert run(conn, "insert_audit", audit_params(kept)).one().id
        conn.commit()
    with engine.connect() as conn:
        run(conn, "insert_audit", audit_params(dropped))  # no commit: back to the pool, undone
    assert audit_rows(admin, kept) == 1 and audit_rows(admin, dropped) == 0


def test_a_begin_block_that_raises_is_rolled_back(
    engine: sqlalchemy.Engine, admin: psycopg.Connection[Any]
) -> None:
    entity = str(uuid.uuid4())
    with pytest.raises(RuntimeError), engine.begin() as conn:
        run(conn, "insert_audit", audit_params(entity))
        assert run(conn, "latest_audit", {"entity_type": "task", "entity_id": entity}).one()
        raise RuntimeError("the block fails after the write")
    assert audit_rows(admin, entity) == 0
    with engine.begin() as conn:
        run(conn, "insert_audit", audit_params(entity))
    assert audit_rows(admin, entity) == 1


def test_an_engine_listener_sees_every_statement(engine: sqlalchemy.Engine) -> None:
    seen: list[tuple[str, str, Any, Any]] = []

    def before(_conn: Any, _cur: Any, statement: str, params: Any, context: Any, _m: bool) -> None:
        seen.append(("before", statement, params, context))

    def after(_conn: Any, _cur: Any, statement: str, params: Any, context: Any, _m: bool) -> None:
        seen.append(("after", statement, params, context))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    with engine.connect() as conn:
        run(conn, "board_find_listing", {"asin": "B0NOTHERE1"})
    statement = compiled_sql("board_find_listing")
    params = {"asin": "B0NOTHERE1"}
    # The engine opens each transaction with a BEGIN of its own (db/engine.py), seen too.
    assert [(when, sql, dict(given)) for when, sql, given, _ in seen] == [
        ("before", "BEGIN", {}),
        ("after", "BEGIN", {}),
        ("before", statement, params),
        ("after", statement, params),
    ]
    assert all(context is not None for *_, context in seen)  # SQLAlchemy's own execution


# Each failure, made once through conn.execute (as the App ran queries before) and once
# through the runner, must surface alike: the exception class, its .orig, and whether the
# connection (and the pool) was invalidated.
Failure = Callable[[sqlalchemy.Engine, str, bool], exc.DBAPIError]


def _statement(
    conn: sqlalchemy.Connection, name: str, params: dict[str, Any], runner: bool
) -> None:
    if runner:
        run(conn, name, params)
    else:
        conn.execute(query(name), params).all()


def _timeout(engine: sqlalchemy.Engine, url: str, runner: bool) -> exc.DBAPIError:
    # A lock held by another session makes the read wait until the statement timeout.
    with psycopg.connect(url) as locker:
        locker.execute("LOCK TABLE system.audit_log IN ACCESS EXCLUSIVE MODE")
        with engine.connect() as conn:
            conn.exec_driver_sql("SET statement_timeout = 100")
            try:
                _statement(conn, "latest_audit", {"entity_type": "t", "entity_id": "x"}, runner)
            except exc.DBAPIError as error:
                return error
    raise AssertionError("the read was expected to time out")


def _unique(engine: sqlalchemy.Engine, url: str, runner: bool) -> exc.DBAPIError:
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("CREATE UNIQUE INDEX IF NOT EXISTS one_row ON system.audit_log (entity_id)")
    entity = str(uuid.uuid4())
    with engine.connect() as conn:
        _statement(conn, "insert_audit", audit_params(entity), runner)
        try:
            _statement(conn, "insert_audit", audit_params(entity), runner)
        except exc.DBAPIError as error:
            return error
    raise AssertionError("the second insert was expected to fail")


def _pid(conn: sqlalchemy.Connection) -> int:
    return int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def _backend_pid(engine: sqlalchemy.Engine) -> int:
    with engine.connect() as conn:
        return _pid(conn)


def _terminate(url: str, pid: int) -> None:
    """Kills the backend ``pid`` and waits until it has exited."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(500):
            if not admin.execute(
                "SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)
            ).fetchone():
                return
            time.sleep(0.01)
    raise AssertionError(f"backend {pid} was still there 5 s after pg_terminate_backend")


def _killed(engine: sqlalchemy.Engine, url: str, runner: bool) -> exc.DBAPIError:
    pid = _backend_pid(engine)  # the pool's one connection
    _terminate(url, pid)
    try:
        with engine.connect() as conn:
            _statement(conn, "health_ping", {}, runner)
    except exc.DBAPIError as error:
        assert _backend_pid(engine) != pid  # the pool was invalidated: a new backend
        return error
    raise AssertionError("the statement on a killed backend was expected to fail")


@pytest.mark.parametrize(
    ("make_failure", "kind", "orig"),
    [
        (_timeout, exc.OperationalError, psycopg.errors.QueryCanceled),
        (_unique, exc.IntegrityError, psycopg.errors.UniqueViolation),
        (_killed, exc.OperationalError, psycopg.OperationalError),  # AdminShutdown
    ],
)
def test_errors_surface_as_conn_execute_raised_them(
    engine: sqlalchemy.Engine, db_url: str, make_failure: Failure, kind: type, orig: type
) -> None:
    before = make_failure(engine, db_url, False)
    now = make_failure(engine, db_url, True)
    assert type(before) is kind and isinstance(before.orig, orig)
    assert type(now) is kind and type(now.orig) is type(before.orig)
    assert now.connection_invalidated == before.connection_invalidated
    assert now.connection_invalidated == (make_failure is _killed)


def test_after_a_failed_statement_and_after_a_new_connection_the_runner_still_answers(
    engine: sqlalchemy.Engine, db_url: str
) -> None:
    with engine.connect() as conn, pytest.raises(exc.ProgrammingError):  # text = numeric
        run(conn, "latest_audit", {"entity_type": "task", "entity_id": 1 / 3})
    with engine.connect() as conn:
        assert run(conn, "health_ping").scalar_one() == 1
    # A killed backend: the pool connects again.
    pid = _backend_pid(engine)
    _terminate(db_url, pid)
    with pytest.raises(exc.OperationalError), engine.connect() as conn:
        run(conn, "health_ping")
    with engine.connect() as conn:
        assert run(conn, "health_ping").scalar_one() == 1
        assert _pid(conn) != pid
