"""The pipeline runs screen (key 5) driven by the Pilot on a real demo database: every key, the
rows it leaves in the database, and what the screen shows afterwards."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.db.runs import RunFilter, count_runs, describe_count, load_runs, retry_system_job
from hotdash_tui.screens.overview.screen import OverviewScreen
from hotdash_tui.screens.runs.details import RunDetailsScreen
from hotdash_tui.screens.runs.screen import RunsScreen
from hotdash_tui.screens.runs.table import RunsTable
from tests.conftest import FIXED_NOW
from tests.ui.conftest import REVIEWER
from tests.ui.support import header, notices, press, settle


async def open_runs(pilot: Pilot[Any]) -> RunsScreen:
    await settle(pilot)
    await press(pilot, "5")
    screen = pilot.app.screen
    assert isinstance(screen, RunsScreen)
    return screen


def ours(engine: sqlalchemy.Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT entity_id, action, actor FROM system.audit_log"
                    " WHERE source = 'hotdash' ORDER BY created_at"
                )
            )
        ]


def system_job(engine: sqlalchemy.Engine, job_id: uuid.UUID) -> Any:
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT status, error_message, scheduled_for, attempt_count FROM system.jobs"
                " WHERE id = :id"
            ),
            {"id": job_id},
        ).one()


async def cursor_to(pilot: Pilot[Any], table: RunsTable, wanted: Any) -> None:
    row = next(n for n, line in enumerate(table.items) if wanted(line))
    table.move_cursor(row=row)
    await settle(pilot)


def add_stage_row(engine: sqlalchemy.Engine, run_id: str, minutes: int) -> None:
    """A stage row written by another connection, as the pipeline would."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO public.pipeline_runs (run_id, stage, status, attempts, metrics,"
                " created_at) VALUES (:r, 'research', 'success', 1, '{\"latency_ms\": 900}', :at)"
            ),
            {"r": run_id, "at": FIXED_NOW + timedelta(minutes=minutes)},
        )


async def test_the_log_is_the_newest_window_of_every_source(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    expected = load_runs(seeded_engine, RunFilter(), FIXED_NOW, limit=100).lines
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        assert [line.key for line in screen.table.items] == [line.key for line in expected]
        total = describe_count(count_runs(seeded_engine, RunFilter(), FIXED_NOW))
        assert f"Runs · all runs · row 1 of {total}" in header(seeded_app)
        await press(pilot, "j", "j", "k")
        assert screen.table.cursor_row == 1 and f"row 2 of {total}" in header(seeded_app)
        await press(pilot, "0")
        assert isinstance(seeded_app.screen, OverviewScreen)


async def test_enter_opens_a_pipeline_run_with_all_its_stages(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        await cursor_to(pilot, screen.table, lambda line: line.status == "failure")
        line = screen.table.current
        assert line is not None and line.source == "pipeline"
        with seeded_engine.connect() as conn:
            stages = conn.execute(
                text(
                    "SELECT stage, status FROM public.pipeline_runs WHERE run_id = :r"
                    " ORDER BY created_at, id"
                ),
                {"r": line.run_ref},
            ).all()
        await press(pilot, "enter")
        details = seeded_app.screen
        assert isinstance(details, RunDetailsScreen)
        body = str(details.query_one("#run-details-body", Static).render())
        assert f"Pipeline run {line.run_ref}" in body and "Timeline" in body
        steps = [
            ln.split()[1:3]
            for ln in body.split("Timeline\n")[1].splitlines()
            if re.match(r"\d\d:\d\d:\d\d ", ln)
        ]
        assert steps == [[r.stage, r.status] for r in stages]
        assert line.error is not None and line.error in body
        await press(pilot, "escape")
        assert seeded_app.screen is screen


async def test_f_follows_new_runs_until_f_again(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        await press(pilot, "j", "j", "f")
        assert screen.following and screen._follow_timer is not None
        assert "following · all runs · row 1 of" in header(seeded_app)
        add_stage_row(seeded_engine, "run-follow-1", 1)
        screen.follow_tick()  # the timer's poll, run now rather than waited for
        await settle(pilot)
        assert screen.table.items[0].run_ref == "run-follow-1"
        assert screen.table.cursor_row == 0
        await press(pilot, "f")
        assert not screen.following and screen._follow_timer is None
        assert "following" not in header(seeded_app)
        add_stage_row(seeded_engine, "run-follow-2", 2)
        screen.follow_tick()
        await settle(pilot)
        assert "run-follow-2" not in {line.run_ref for line in screen.table.items}


async def test_following_stops_polling_while_another_screen_is_shown(
    seeded_app: HotdashApp,
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        await press(pilot, "f", "0")
        assert screen.following and screen._follow_timer is None
        await press(pilot, "5")
        assert screen._follow_timer is not None


async def test_R_requeues_a_failed_system_job_with_an_audit_row(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        await press(pilot, "slash", *"source:system status:failure", "enter")
        await cursor_to(
            pilot, screen.table, lambda line: (line.attempts or 0) < (line.max_attempts or 3)
        )
        line = screen.table.current
        assert line is not None and line.key_uuid is not None
        await press(pilot, "R")
        job = system_job(seeded_engine, line.key_uuid)
        assert (job.status, job.error_message, job.scheduled_for) == ("pending", None, FIXED_NOW)
        assert ours(seeded_engine) == [(line.key_uuid, "retry", REVIEWER)]
        assert any(n.startswith(f"Re-queued {line.name}") for n in notices(seeded_app))
        assert line.key not in {item.key for item in screen.table.items}  # not failed now


@pytest.mark.parametrize(
    ("typed", "wanted", "said"),
    [
        ("source:pipeline", lambda line: True, "Only system jobs can be re-queued"),
        ("source:system status:success", lambda line: True, "Only a failed job"),
        (
            "source:system status:failure",
            lambda line: line.attempts >= line.max_attempts,
            "Not re-queued: the job has used all 3 of its attempts.",
        ),
    ],
    ids=["pipeline", "not-failed", "exhausted"],
)
async def test_R_refuses_with_one_sentence_and_writes_nothing(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine, typed: str, wanted: Any, said: str
) -> None:
    with seeded_engine.connect() as conn:
        before = conn.execute(text("SELECT md5(string_agg(j::text, '')) FROM system.jobs j"))
        jobs_before = before.scalar_one()
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        await press(pilot, "slash", *typed, "enter")
        await cursor_to(pilot, screen.table, wanted)
        await press(pilot, "R")
        assert any(n.startswith(said) for n in notices(seeded_app))
    with seeded_engine.connect() as conn:
        after = conn.execute(text("SELECT md5(string_agg(j::text, '')) FROM system.jobs j"))
        assert after.scalar_one() == jobs_before
    assert ours(seeded_engine) == []


async def test_R_after_someone_else_says_who_and_when(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        await press(pilot, "slash", *"source:system status:failure", "enter")
        await cursor_to(
            pilot, screen.table, lambda line: (line.attempts or 0) < (line.max_attempts or 3)
        )
        line = screen.table.current
        assert line is not None and line.key_uuid is not None
        retry_system_job(seeded_engine, line.key_uuid, "bob", now=FIXED_NOW - timedelta(hours=1))
        state = system_job(seeded_engine, line.key_uuid)
        await press(pilot, "R")
        name = f"{line.name} ({line.run_ref[:8]})"
        assert any(
            n.startswith(f"Not re-queued: {name} is pending now, changed by bob at")
            for n in notices(seeded_app)
        )
        assert system_job(seeded_engine, line.key_uuid) == state
        assert ours(seeded_engine) == [(line.key_uuid, "retry", "bob")]


async def test_slash_filters_in_sql_with_quotes_and_esc_clears(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    typed = 'status:failure since:7d "rejected the script"'
    spec = RunFilter(status="failure", since=timedelta(days=7), text="rejected the script")
    expected = load_runs(seeded_engine, spec, FIXED_NOW, limit=500).lines
    assert expected
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        await press(pilot, "slash", *typed, "enter")
        assert [line.key for line in screen.table.items] == [line.key for line in expected]
        assert all("rejected the script" in (line.error or "") for line in expected)
        # At 80 columns the filter stays whole; "row x of N" gave way.
        assert header(seeded_app).startswith(f"Runs · {typed} │ ")
        await press(pilot, "slash", *" stage:nowhere", "enter")
        assert screen.table.items == []
        empty = screen.query_one("#runs-empty", Static)
        assert "No runs match this filter" in str(empty.render())
        await press(pilot, "escape")
        assert len(screen.table.items) == 100 and "all runs · row 1 of" in header(seeded_app)


async def test_a_bad_filter_is_one_sentence_and_keeps_the_rows(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        before = [line.key for line in screen.table.items]
        await press(pilot, "slash", *"since:yesterday", "enter")
        assert any(
            n.startswith('"since:yesterday" is not a time window') for n in notices(seeded_app)
        )
        assert [line.key for line in screen.table.items] == before


async def test_more_lines_are_read_as_the_cursor_nears_the_end(seeded_app: HotdashApp) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        assert len(screen.table.items) == 100
        await press(pilot, *["pagedown"] * 6)
        items = screen.table.items
        assert len(items) > 100 and len({line.key for line in items}) == len(items)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_runs_snapshot(snap_compare: Any, snapshot_app: HotdashApp, size: tuple[int, int]) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_runs(pilot)

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)


def test_run_details_snapshot(snap_compare: Any, snapshot_app: HotdashApp) -> None:
    async def open_details(pilot: Pilot[Any]) -> None:
        screen = await open_runs(pilot)
        await cursor_to(pilot, screen.table, lambda line: line.status == "failure")
        await press(pilot, "enter")

    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=open_details)
