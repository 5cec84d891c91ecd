"""The screens' writes from the shell, each through the screen's own guarded, audited write,
one line per item (:mod:`.items`):

- ``hotdash alerts view|action|dismiss ID... [--what TEXT]`` (key 3's v, x, d);
- ``hotdash runs retry ID...`` (key 5's R: failed system jobs, back in the queue);
- ``hotdash board move ID... --to STAGE`` (key 2's moves; guarded on the stage it was read in);
- ``hotdash price set SKU AMOUNT [--below-floor-ok]`` (key 4's e, with the form's rules).

Every id and value is checked before anything is written; a bad one is exit 2.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from hotdash_tui.cli.common import AsOption, DsnOption, fail, inherited, settings_for
from hotdash_tui.cli.group import HotdashCommand
from hotdash_tui.cli.items import Outcome, ReadOnlyOption, run_items
from hotdash_tui.formatting import as_utc

if TYPE_CHECKING:
    import sqlalchemy

    from hotdash_tui.db.alerts.model import Action
    from hotdash_tui.db.board.read import Stage

AlertIds = Annotated[list[str], typer.Argument(help="Alert ids, as `hotdash alerts` prints them.")]


def _uuids(texts: list[str], what: str) -> list[uuid.UUID]:
    found: list[uuid.UUID] = []
    for text in texts:
        try:
            value = uuid.UUID(text.strip())
        except ValueError:
            fail(f'"{text}" is not {what} id (a UUID, as the listing prints it).')
        if value not in found:
            found.append(value)
    return found


def _stamp(at: datetime | None) -> str:
    return f" at {as_utc(at).isoformat(timespec='seconds')}" if at else ""


def _by(who: str | None, at: datetime | None) -> str:
    return (f" by {who}" if who else "") + _stamp(at)


def change_alerts(
    ctx: typer.Context,
    action: Action,
    ids: list[str],
    what: str | None,
    as_user: str | None,
    read_only: bool,
    dsn: str | None,
) -> None:
    from hotdash_tui.db.alerts.write import ACTION_TAKEN_MAX, change_alert

    alert_ids = _uuids(ids, "an alert")
    taken = (what or "").strip() or None
    if action == "action" and taken is None:
        fail("Say what was done with --what to mark alerts actioned.")
    if taken is not None and len(taken) > ACTION_TAKEN_MAX:
        fail(f"--what must fit in {ACTION_TAKEN_MAX} characters; shorten it.")

    def act(engine: sqlalchemy.Engine, actor: str, alert_id: uuid.UUID) -> Outcome:
        change = change_alert(engine, alert_id, action, actor, action_taken=taken)
        if change.outcome == "missing":
            return Outcome(f"{alert_id} not found", False)
        if change.done:
            return Outcome(f"{alert_id} {change.status}", True)
        return Outcome(f"{alert_id} already {change.status}{_by(change.by, change.at)}", False)

    dsn = inherited(ctx, dsn)
    settings = settings_for(ctx, dsn, as_user=as_user, read_only=read_only)
    done = {"view": "marked viewed", "action": "marked actioned", "dismiss": "dismissed"}
    run_items(settings, dsn, done[action], "change alerts", alert_ids, str, act)


def alerts_view(
    ctx: typer.Context,
    ids: AlertIds,
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Mark new alerts viewed (key 3, v), each in its own guarded transaction."""
    change_alerts(ctx, "view", ids, None, as_user, read_only, dsn)


def alerts_action(
    ctx: typer.Context,
    ids: AlertIds,
    what: Annotated[str, typer.Option("--what", metavar="TEXT", help="What was done (required).")],
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Mark open alerts actioned, saying what was done (key 3, x)."""
    change_alerts(ctx, "action", ids, what, as_user, read_only, dsn)


def alerts_dismiss(
    ctx: typer.Context,
    ids: AlertIds,
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Dismiss open alerts (key 3, d), each in its own guarded transaction."""
    change_alerts(ctx, "dismiss", ids, None, as_user, read_only, dsn)


def runs_retry(
    ctx: typer.Context,
    ids: Annotated[
        list[str], typer.Argument(help="system:<uuid>, as `hotdash runs --source system` prints.")
    ],
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Put failed system jobs back in the queue (key 5, R), guarded and audited."""
    from hotdash_tui.db.runs.retry import retry_system_job

    bare = []
    for text in ids:
        source, sep, rest = text.strip().partition(":")
        if sep and source != "system":
            fail(f'"{text}" is a {source} run; only system jobs (system:<uuid>) can be retried.')
        bare.append(rest if sep else text)
    job_ids = _uuids(bare, "a system job")

    def act(engine: sqlalchemy.Engine, actor: str, job_id: uuid.UUID) -> Outcome:
        result = retry_system_job(engine, job_id, actor)
        head = f"system:{job_id}"
        if result.queued:
            return Outcome(f"{head} queued", True)
        if result.outcome == "missing":
            return Outcome(f"{head} not found", False)
        if result.outcome == "exhausted":
            return Outcome(
                f"{head} used all {result.max_attempts} attempts; it is not queued again", False
            )
        return Outcome(f"{head} already {result.status}{_by(result.by, result.at)}", False)

    dsn = inherited(ctx, dsn)
    settings = settings_for(ctx, dsn, as_user=as_user, read_only=read_only)
    label = "system:{}".format
    run_items(settings, dsn, "retried", "retry jobs", job_ids, label, act)


def board_move(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(help="Task ids, as `hotdash board` prints them.")],
    to: Annotated[
        str, typer.Option("--to", metavar="STAGE", help="The stage to move to (any case).")
    ],
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Move tasks to another stage (key 2), each guarded on the stage it is in now."""
    from hotdash_tui.db.board.read import load_stages
    from hotdash_tui.db.board.write import Moved, move_task
    from hotdash_tui.db.sql import run

    task_ids = _uuids(ids, "a task")
    stages: dict[str, Stage] = {}  # read with the first item, before anything is written

    def act(engine: sqlalchemy.Engine, actor: str, task_id: uuid.UUID) -> Outcome:
        with engine.connect() as conn:
            if not stages:
                stages.update((stage.name.lower(), stage) for stage in load_stages(conn))
            now = run(conn, "board_task_stage", {"task_id": task_id}).one_or_none()
        target = stages.get(to.strip().lower())
        if target is None:
            names = ", ".join(stage.name for stage in stages.values())
            fail(f'There is no stage "{to}"; the stages are {names}.')
        if now is None:
            return Outcome(f"{task_id} not found", False)
        if now.stage_id == target.id:
            return Outcome(f"{task_id} already in {target.name}", False)
        moved = move_task(engine, task_id, now.stage_id, target.id, actor, datetime.now(UTC))
        if isinstance(moved, Moved):
            return Outcome(f"{task_id} moved {moved.from_stage} -> {moved.to_stage}", True)
        if moved.stage is None:
            return Outcome(f"{task_id} not found", False)
        where = f"{moved.stage}{_by(moved.actor, moved.at)}"
        return Outcome(f"{task_id} already moved to {where}", False)

    dsn = inherited(ctx, dsn)
    settings = settings_for(ctx, dsn, as_user=as_user, read_only=read_only)
    run_items(settings, dsn, "moved", "move tasks", task_ids, str, act)


def price_set(
    ctx: typer.Context,
    sku: Annotated[str, typer.Argument(metavar="SKU", help="The listing's SKU.")],
    amount: Annotated[
        str, typer.Argument(metavar="AMOUNT", help="The new price, e.g. 12.99 or £12.99.")
    ],
    below_floor_ok: Annotated[
        bool,
        typer.Option(
            "--below-floor-ok", help="Set it even if its net margin falls under the floor."
        ),
    ] = False,
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Set a listing's price (key 4, e): the form's rules, guarded, audited, in the history."""
    from hotdash_tui.db.prices.form import money
    from hotdash_tui.db.prices.write import (
        NeedsConfirmation,
        PriceLostRace,
        PriceRefused,
        save_price,
    )
    from hotdash_tui.db.sql import run

    def act(engine: sqlalchemy.Engine, actor: str, item: str) -> Outcome:
        with engine.connect() as conn:
            row = run(conn, "prices_listing_by_sku", {"sku": item}).one_or_none()
        if row is None:
            return Outcome(f"{item} not found (no listing with a price has this SKU)", False)
        saved = save_price(
            engine, row.listing_id, row.price, amount, actor, confirmed_below_floor=below_floor_ok
        )
        currency = row.currency or "GBP"
        if isinstance(saved, PriceRefused):
            fail(saved.reason)
        if isinstance(saved, NeedsConfirmation):
            margins = saved.check.margins
            pct = f" ({margins.net_margin_pct}% net)" if margins else ""
            fail(
                f"At {money(saved.check.price, currency)}{pct} {item} would be under its margin "
                "floor; add --below-floor-ok to set it anyway. Nothing was changed."
            )
        if isinstance(saved, PriceLostRace):
            return Outcome(f"{item} not set: {saved.sentence(datetime.now(UTC))}", False)
        net = f", net margin {saved.net_margin_pct}%" if saved.net_margin_pct is not None else ""
        return Outcome(
            f"{item} price {money(saved.old_price, currency)} -> "
            f"{money(saved.price, currency)}{net}",
            True,
        )

    dsn = inherited(ctx, dsn)
    settings = settings_for(ctx, dsn, as_user=as_user, read_only=read_only)
    run_items(settings, dsn, "set", "set prices", [sku.strip()], str, act)


def register_writes(app: typer.Typer) -> None:
    """Under the names users say them; cli.group resolves ``alerts view`` to these."""
    commands: dict[str, tuple[Callable[..., None], str]] = {
        "alerts view": (alerts_view, "hotdash alerts view 0b7d2c4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"),
        "alerts action": (
            alerts_action,
            'hotdash alerts action 0b7d2c4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e --what "matched price"',
        ),
        "alerts dismiss": (
            alerts_dismiss,
            "hotdash alerts --type stock_change --format json | jq -r '.[].id' "
            "| xargs -r hotdash alerts dismiss",
        ),
        "runs retry": (
            runs_retry,
            "hotdash runs retry system:6f1c0a5e-1b2c-4d3e-8f40-5a6b7c8d9e0f",
        ),
        "board move": (
            board_move,
            "hotdash board move 4394e0dd-7cf9-4262-8743-e09dc3780615 --to Review",
        ),
        "price set": (price_set, "hotdash price set HX-FIX-00011 3.49"),
    }
    for name, (command, example) in commands.items():
        app.command(name, cls=HotdashCommand, epilog=f"Example: {example}")(command)
