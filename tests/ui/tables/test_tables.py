"""The schema browser (key 7) driven by the Pilot on a real demo database: the list of every
table, a table's rows in keyset windows, filters, orders, a row whole, links and exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from hotdash_tui.app import HotdashApp
from hotdash_tui.screens.tables.browse import RowsTable, TableRowsScreen
from hotdash_tui.screens.tables.details import RowDetailsScreen
from hotdash_tui.screens.tables.screen import EntriesTable, TablesScreen
from tests.ui.support import header, notices, press, settle


def sql(engine: sqlalchemy.Engine, statement: str, **params: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(statement), params))


async def open_tables(pilot: Pilot[Any]) -> TablesScreen:
    await settle(pilot)
    await press(pilot, "7")
    screen = pilot.app.screen
    assert isinstance(screen, TablesScreen)
    return screen


async def open_table(pilot: Pilot[Any], name: str) -> TableRowsScreen:
    screen = await open_tables(pilot)
    table = screen.query_one(EntriesTable)
    names = [e.qualified for e in table.items]
    table.move_cursor(row=names.index(name))
    await press(pilot, "enter")
    await settle(pilot)
    rows = pilot.app.screen
    assert isinstance(rows, TableRowsScreen), type(rows)
    return rows


def column(screen: TableRowsScreen, name: str) -> list[Any]:
    return [row[name] for row in screen.query_one(RowsTable).items]


async def filter_with(pilot: Pilot[Any], line: str) -> None:
    await press(pilot, "slash")
    for char in line:
        await pilot.press(char if char != " " else "space")
    await press(pilot, "enter")


async def test_key_7_lists_every_table_and_view_with_rights(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    wanted = {
        f"{r.nspname}.{r.relname}"
        for r in sql(
            seeded_engine,
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'v', 'm', 'p')"
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
        )
    }
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_tables(pilot)
        shown = {e.qualified for e in screen.query_one(EntriesTable).items}
        assert shown == wanted
        assert len(shown) >= 59
        assert f"row 1 of {len(wanted)}" in header(seeded_app)
        await filter_with(pilot, "seed:003")
        assert {e.qualified for e in screen.query_one(EntriesTable).items} == {
            "public.jobs",
            "public.job_events",
            "public.artifacts",
            "public.prompts",
        }


async def test_a_table_opens_in_key_order_and_g_reads_to_its_last_row(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    ids = [r.id for r in sql(seeded_engine, "SELECT id FROM public.observability_logs ORDER BY id")]
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_table(pilot, "public.observability_logs")
        assert column(screen, "id") == ids[:100]
        assert "public.observability_logs · by id" in header(seeded_app)
        await press(pilot, "G")
        assert column(screen, "id") == ids
        assert screen.query_one(RowsTable).cursor_row == len(ids) - 1


async def test_a_filter_is_typed_by_the_columns_and_counted(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    errors = sql(
        seeded_engine,
        "SELECT id FROM public.observability_logs WHERE level = 'ERROR' AND id > 100 ORDER BY id",
    )
    async with seeded_app.run_test(size=(120, 24)) as pilot:
        screen = await open_table(pilot, "public.observability_logs")
        await filter_with(pilot, "level:ERROR id>100")
        assert column(screen, "id") == [r.id for r in errors][:100]
        assert f"of {len(errors)}" in header(seeded_app)
        await filter_with(pilot, "id:abc")
        assert '"id:abc" does not read as a whole number.' in notices(seeded_app)
        assert column(screen, "id") == [r.id for r in errors][:100]  # the old filter stays
        await press(pilot, "escape")  # clears the filter
        assert len(column(screen, "id")) == 100
        await press(pilot, "escape")  # then goes back to the list
        assert isinstance(seeded_app.screen, TablesScreen)


async def test_o_orders_by_an_indexed_column_and_capital_o_reverses(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    rows = sql(seeded_engine, "SELECT id, created_at FROM public.observability_logs")
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_table(pilot, "public.observability_logs")
        for _ in range(len(screen.orders())):  # bounded: o must reach it within one round
            if screen.order.column == "created_at":
                break
            await press(pilot, "o")
        assert screen.order.column == "created_at"
        rising = sorted(rows, key=lambda r: (r.created_at, r.id))
        assert column(screen, "id") == [r.id for r in rising][:100]
        await press(pilot, "O")
        assert column(screen, "id") == [r.id for r in reversed(rising)][:100]
        assert "by created_at desc" in header(seeded_app)


async def test_a_row_shows_whole_with_its_bytes_as_their_length(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    first = sql(
        seeded_engine,
        "SELECT id, octet_length(encrypted_value) AS n, encode(encrypted_value, 'hex') AS hex"
        " FROM public.creds_meta ORDER BY id LIMIT 1",
    )[0]
    async with seeded_app.run_test(size=(80, 40)) as pilot:
        await open_table(pilot, "public.creds_meta")
        await press(pilot, "enter")
        details = seeded_app.screen
        assert isinstance(details, RowDetailsScreen)
        body = str(details.query_one("#row-details-body", Static).render())
        assert str(first.id) in body
        assert f"<{first.n} bytes>" in body
        assert first.hex[:16] not in body


async def test_a_foreign_key_opens_the_row_it_references_and_esc_comes_back(
    seeded_app: HotdashApp, seeded_engine: sqlalchemy.Engine
) -> None:
    first = sql(
        seeded_engine,
        'SELECT f.id, f.approval_id, a.status FROM public."AgentFeedback" f'
        ' JOIN public."AgentApproval" a ON a.id = f.approval_id ORDER BY f.id LIMIT 1',
    )[0]
    async with seeded_app.run_test(size=(80, 40)) as pilot:
        await open_table(pilot, "public.AgentFeedback")
        await press(pilot, "enter")
        details = seeded_app.screen
        assert isinstance(details, RowDetailsScreen)
        assert details.row["id"] == first.id
        links = details.query_one(OptionList)
        index = next(n for n, fk in enumerate(details.links) if fk.table == "AgentApproval")
        links.highlighted = index
        await press(pilot, "enter")
        target = seeded_app.screen
        assert isinstance(target, RowDetailsScreen)
        assert target.shape.entry.name == "AgentApproval"
        assert target.row["id"] == first.approval_id
        assert target.row["status"] == first.status
        await press(pilot, "escape")
        assert seeded_app.screen is details


@pytest.mark.parametrize("key", ["e", "E"])
async def test_e_exports_every_matching_row_not_only_those_read(
    seeded_app: HotdashApp,
    seeded_engine: sqlalchemy.Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    wanted = [
        str(r.id)
        for r in sql(
            seeded_engine,
            "SELECT id FROM public.pipeline_runs WHERE status = 'success' ORDER BY id",
        )
    ]
    assert len(wanted) > 1_000  # more than one window of the screen and of the export
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        await open_table(pilot, "public.pipeline_runs")
        await filter_with(pilot, "status:success")
        await press(pilot, key)
        await settle(pilot)
    files = list(tmp_path.glob("hotdash-public.pipeline_runs-*"))
    assert len(files) == 1
    if key == "e":
        with files[0].open(encoding="utf-8") as handle:
            got = [r["id"] for r in csv.DictReader(handle)]
    else:
        got = [r["id"] for r in json.loads(files[0].read_text(encoding="utf-8"))]
    assert got == wanted
    assert f"Exported {len(wanted):,} rows to {files[0]}." in notices(seeded_app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_tables_snapshot(
    snap_compare: Any, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_tables(pilot)

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_table_rows_snapshot(
    snap_compare: Any, snapshot_app: HotdashApp, size: tuple[int, int]
) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_table(pilot, "public.AgentFeedback")

    assert snap_compare(snapshot_app, terminal_size=size, run_before=open_it)


def test_row_details_snapshot(snap_compare: Any, snapshot_app: HotdashApp) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await open_table(pilot, "public.AgentFeedback")
        await press(pilot, "enter")

    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=open_it)


async def test_help_on_a_table_teaches_its_own_filter_terms(seeded_app: HotdashApp) -> None:
    from hotdash_tui.screens.help import HelpScreen
    from tests.ui.test_palette import help_rows

    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await open_table(pilot, "public.observability_logs")
        await press(pilot, "question_mark")
        assert isinstance(seeded_app.screen, HelpScreen)
        rows = help_rows(seeded_app.screen)
        assert ("since:", "created_at in the last 30m, 24h, 7d or 2w") in rows
        assert any(term == "column:value" and "e.g. id:3" in m for term, m in rows), rows
        assert ("o", "Order") in rows


async def test_the_palette_opens_a_table_by_name_once_the_browser_has_listed_it(
    seeded_app: HotdashApp,
) -> None:
    from tests.ui.test_palette import run_command

    async with seeded_app.run_test(size=(120, 40)) as pilot:
        await open_tables(pilot)
        assert "public.support_curated_replies" in seeded_app.known_tables
        await press(pilot, "0")
        await run_command(pilot, "support_curated")
        await settle(pilot)
        screen = seeded_app.screen
        assert isinstance(screen, TableRowsScreen)
        assert screen.shape.entry.qualified == "public.support_curated_replies"


async def test_the_schema_under_a_resting_cursor_is_reflected_and_no_other(
    seeded_app: HotdashApp,
) -> None:
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_tables(pilot)
        first = screen.query_one(EntriesTable).items[0]
        await pilot.pause(0.6)  # the cursor rests on the first row
        await settle(pilot)
        assert screen.shapes.has(first.schema)
        assert not screen.shapes.has("workflow")


async def test_leaving_before_the_cursor_rests_reflects_nothing(seeded_app: HotdashApp) -> None:
    # The reflection is a prefetch for the screen in view: 20 statements, which at a database
    # 30 ms away kept a connection busy 0.6 s after the user had gone to another screen.
    async with seeded_app.run_test(size=(80, 24)) as pilot:
        screen = await open_tables(pilot)
        first = screen.query_one(EntriesTable).items[0]
        await press(pilot, "0")
        await pilot.pause(0.6)  # longer than the rest that starts a reflection
        await settle(pilot)
        assert not screen.shapes.has(first.schema)
        await press(pilot, "7", "j", "k")  # back, and the cursor moves again: it reflects
        await pilot.pause(0.6)
        await settle(pilot)
        assert screen.shapes.has(first.schema)
