"""The tour's writes (:mod:`benchmarks.tour`): decisions and their undo, the task and price
forms, alerts handled, and each race lost to a :class:`~benchmarks.touring.Rival`."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text
from textual.pilot import Pilot

from benchmarks.touring import (
    RIVAL,
    Rival,
    clear_field,
    cursor_to,
    execute,
    filter_by,
    press,
    screen_of,
    type_text,
)
from hotdash_tui.db.audit import record_audit
from hotdash_tui.db.board.form import validate_task_form
from hotdash_tui.db.board.write import TaskDraft, update_task
from hotdash_tui.db.prices.form import PriceCheck, check_price
from hotdash_tui.db.prices.read import PriceRow
from hotdash_tui.db.prices.write import save_price
from hotdash_tui.screens.alerts.screen import AlertsScreen
from hotdash_tui.screens.approvals.details import ApprovalDetailsScreen
from hotdash_tui.screens.approvals.screen import ApprovalsScreen
from hotdash_tui.screens.board.screen import BoardScreen
from hotdash_tui.screens.prices.form import PriceFormScreen
from hotdash_tui.screens.prices.screen import PricesScreen

# What the rival does first. Plain statements: the App's guards only need the row changed.
RIVAL_APPROVES_TASK = """
UPDATE public.approvals_queue
SET status = 'approved', reviewed_by = :actor, reviewed_at = now() AT TIME ZONE 'UTC'
WHERE id = :id AND status = 'pending'"""
RIVAL_REJECTS_AGENT = """
UPDATE public."AgentApproval"
SET status = 'rejected', decided_by = :actor, decided_at = now(),
    decision_reason = 'handled elsewhere'
WHERE id = :id AND status = 'pending'"""
RIVAL_VIEWS_ALERT = """
UPDATE competitors.alerts SET status = 'viewed', actioned_by = :actor
WHERE id = :id AND status = 'new'"""
DETAILS_TRIED = 40  # task approvals opened at most, looking for one whose product is a draft


def _now() -> datetime:
    return datetime.now(UTC)


# Approvals ---------------------------------------------------------------------------------


async def approvals(pilot: Pilot[Any], rival: Rival) -> None:
    await press(pilot, "1")
    screen = screen_of(pilot, ApprovalsScreen)
    for status in ("decided", "approved", "rejected"):
        await filter_by(pilot, f"status:{status}")
    await filter_by(pilot, "source:tasks")
    await approve_draft_product_then_undo(pilot, screen)
    await press(pilot, "r")  # the cursor's task approval, with a reason
    await type_text(pilot, "duplicate of an earlier request")
    await press(pilot, "enter")
    await lose_race(pilot, rival, screen, RIVAL_APPROVES_TASK)
    await filter_by(pilot, "source:agents type:update_price")  # names a listing by SKU
    await press(pilot, "enter")  # details: the run, the listing, the decision log
    await press(pilot, "escape")
    # Two approved, the second undone: the first decision stays, so its DecisionLog insert
    # (captured first) still finds a decided request when the queries section replays it.
    for undone in (False, True):
        if await cursor_to(pilot, screen.table, lambda i: not i.is_expired(_now())) is None:
            raise RuntimeError("no agent request is still open to approve")
        await press(pilot, "a")
        if undone:
            await press(pilot, "u")
    await filter_by(pilot, "source:agents")
    await lose_race(pilot, rival, screen, RIVAL_REJECTS_AGENT)
    await press(pilot, "escape")


async def approve_draft_product_then_undo(pilot: Pilot[Any], screen: ApprovalsScreen) -> None:
    """Opens task approvals one by one until one's product is still a draft, approves it from
    its details (which approves the product too), then undoes that (back to draft)."""
    for _ in range(min(DETAILS_TRIED, len(screen.table.items))):
        await press(pilot, "enter")
        details = screen_of(pilot, ApprovalDetailsScreen).details
        touched = details.touched
        if touched is not None and touched.kind == "product" and touched.status == "draft":
            await press(pilot, "a")
            await press(pilot, "u")
            return
        await press(pilot, "escape", "j")
    raise RuntimeError(f"none of {DETAILS_TRIED} task approvals is about a draft product")


async def lose_race(pilot: Pilot[Any], rival: Rival, screen: ApprovalsScreen, sql: str) -> None:
    """The rival decides the cursor's item first; `a` then finds it decided."""
    item = screen.table.current
    if item is None:
        raise RuntimeError("no approval under the cursor to race for")
    async with rival.first(execute(sql, id=item.id, actor=RIVAL)):
        await pilot.press("a")
    await press(pilot)


# Board -------------------------------------------------------------------------------------


async def board(pilot: Pilot[Any], rival: Rival) -> None:
    """n a new task with a listing, e an edit, e lost to a rival's edit, L a move; filters."""
    await press(pilot, "2")
    screen = screen_of(pilot, BoardScreen)
    cards = [card for column in screen.columns() for card in column.cards]
    with_listing = next((c for c in cards if c.asin), None)
    tagged = next((c for c in cards if c.tags), None)
    if with_listing is None or with_listing.asin is None or tagged is None:
        raise RuntimeError("no card on the board has a listing and none has a tag")
    await press(pilot, "n")
    await type_text(pilot, "Tour: check the main image")
    await pilot.press("tab", "enter", "down", "enter")  # the type: the first one offered
    await pilot.press("tab", "tab", "tab")  # past priority and due date to the ASIN
    await type_text(pilot, with_listing.asin)
    await press(pilot, "enter")
    await press(pilot, "e")  # the new card is under the cursor
    await type_text(pilot, " again")
    await press(pilot, "enter")
    column = screen.focused_column()
    card = column.highlighted_card if column else None
    if card is None:
        raise RuntimeError("the saved task is not under the cursor")
    await press(pilot, "e")
    draft = validate_task_form({"title": "Tour: the rival's title", "task_type": card.task_type})
    assert isinstance(draft, TaskDraft)
    update_task(rival.engine, card.id, card.updated_at, draft, RIVAL)
    await type_text(pilot, " and mine")
    await press(pilot, "enter")  # lost: the rival saved first
    await press(pilot, "L")
    # "e" is in nearly every title: a stage with more than SPARSE_MATCHES matches is read by
    # walking it in rank order, a smaller one by sorting its matches (sql/board.sql).
    for line in ("type:pricing", "e", f"tag:{tagged.tags[0]}", f"listing:{with_listing.asin}"):
        await filter_by(pilot, line)
    await press(pilot, "escape")


# Alerts ------------------------------------------------------------------------------------


async def alerts(pilot: Pilot[Any], rival: Rival) -> None:
    """x with what was done, d, and v lost to a rival who viewed the alert first."""
    await press(pilot, "3")
    table = screen_of(pilot, AlertsScreen).table
    await press(pilot, "x")
    await type_text(pilot, "matched the rival's price")
    await press(pilot, "enter")
    await press(pilot, "d")
    alert = await cursor_to(pilot, table, lambda a: a.status == "new")
    if alert is None:
        raise RuntimeError("no new alert to race for")

    def viewed(conn: Connection) -> None:
        conn.execute(text(RIVAL_VIEWS_ALERT), {"id": alert.id, "actor": RIVAL})
        changes = {"status": ("new", "viewed"), "actioned_by": (None, RIVAL)}
        record_audit(conn, entity_type="competitor_alert", entity_id=alert.id,
                     action="viewed", actor=RIVAL, changes=changes)  # fmt: skip

    async with rival.first(viewed):
        await pilot.press("v")
    await press(pilot)


# Prices ------------------------------------------------------------------------------------


def new_prices(row: PriceRow) -> list[Decimal]:
    """Prices the form accepts without asking (within limits, above the margin floor)."""
    prices = []
    for step in ("0.01", "-0.01", "0.10", "-0.10", "1.00", "0.02", "-0.02"):
        price = row.price + Decimal(step)
        check = check_price(str(price), row.context)
        if isinstance(check, PriceCheck) and not check.below_floor:
            prices.append(price)
    return prices


def new_price(row: PriceRow) -> Decimal | None:
    return next(iter(new_prices(row)), None)


async def prices(pilot: Pilot[Any], rival: Rival) -> None:
    """e and a valid price saved; e again, lost to a rival who saved another price first."""
    await press(pilot, "4")
    table = screen_of(pilot, PricesScreen).listings
    row = await cursor_to(pilot, table, lambda r: new_price(r) is not None)
    other = next((r for r in table.items if r != row and new_price(r) is not None), None)
    if row is None or other is None:
        raise RuntimeError("fewer than two listings take a new price without a warning")
    await edit_price(pilot, row)
    await press(pilot)
    await cursor_to(pilot, table, lambda r: r.listing_id == other.listing_id)
    await press(pilot, "e")
    theirs, *mine = new_prices(other)
    save_price(rival.engine, other.listing_id, other.price, str(theirs), RIVAL)
    await clear_field(pilot, len(str(other.price)))
    await type_text(pilot, str(mine[0] if mine else theirs))
    await press(pilot, "enter")  # lost: the rival's price is in
    if isinstance(pilot.app.screen, PriceFormScreen):
        # The form stayed open (it asks or refuses on this data): nothing saved, go on.
        await press(pilot, "escape")


async def edit_price(pilot: Pilot[Any], row: PriceRow) -> None:
    await press(pilot, "e")
    await clear_field(pilot, len(str(row.price)))
    await type_text(pilot, str(new_price(row)))
    await press(pilot, "enter")
    if isinstance(pilot.app.screen, PriceFormScreen):
        raise RuntimeError(f"the price form did not take {new_price(row)} for {row.sku}")
