"""``hotdash approve ID...`` and ``hotdash reject ID... --reason TEXT``.

They decide through the approvals screen's own writes (:func:`decide_item`): one transaction
per item, guarded on ``status = 'pending'``, one audit row, the identity of ``--as``. Each item
gets one line on stdout: decided, already decided (by whom, when), expired or not found.
Exit 0 when this call decided every item, 1 when any was not decided by it, 2 for a bad id, a
missing reason, ``--read-only`` or a connection failure (nothing is written then).

An id is ``tasks:<uuid>`` or ``agents:<uuid>`` as ``hotdash approvals`` prints it; a bare
``<uuid>`` is tried as a task approval, then as an agent approval.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from hotdash_tui.cli.common import AsOption, DsnOption, fail, inherited, settings_for
from hotdash_tui.cli.group import HotdashCommand
from hotdash_tui.cli.items import Outcome, ReadOnlyOption, run_items

if TYPE_CHECKING:
    import sqlalchemy

    from hotdash_tui.db.approvals import Action, Decision

IdsArgument = Annotated[
    list[str], typer.Argument(help="tasks:<uuid> or agents:<uuid>, as `hotdash approvals` shows.")
]


def _keys(ids: list[str]) -> list[tuple[str | None, uuid.UUID]]:
    from hotdash_tui.cli.records import parse_approval_id

    keys: list[tuple[str | None, uuid.UUID]] = []
    for text in ids:
        try:
            key = parse_approval_id(text)
        except ValueError as exc:
            fail(str(exc))
        if key not in keys:
            keys.append(key)
    return keys


def _stamp(decision: Decision) -> str:
    from hotdash_tui.formatting import as_utc

    if decision.at is None:
        return ""
    return f" at {as_utc(decision.at).isoformat(timespec='seconds')}"


def describe(decision: Decision) -> str:
    """One line per item, the id first so a script can pick its outcome out."""
    head = f"{decision.source}:{decision.id}"
    if decision.decided:
        return f"{head} {decision.status}"
    if decision.outcome == "missing":
        return f"{head} not found"
    if decision.outcome == "expired":
        return f"{head} expired{_stamp(decision)}; reject it instead"
    by = f" by {decision.by}" if decision.by else ""
    return f"{head} already {decision.status}{by}{_stamp(decision)}"


def _decide_one(
    engine: sqlalchemy.Engine,
    key: tuple[str | None, uuid.UUID],
    action: Action,
    actor: str,
    reason: str | None,
) -> Outcome:
    from hotdash_tui.db.approvals import decide_items

    def decide(source: Literal["tasks", "agents"]) -> Decision:
        return decide_items(engine, [(source, item_id)], action, actor, reason=reason)[0]

    source, item_id = key
    if source is not None:
        decision = decide("tasks" if source == "tasks" else "agents")
    else:  # a bare id: a task approval, else an agent approval; a miss in tasks wrote nothing
        decision = decide("tasks")
        if decision.outcome == "missing":
            decision = decide("agents")
            if decision.outcome == "missing":
                return Outcome(f"{item_id} not found", False)
    return Outcome(describe(decision), decision.decided)


def run_decide(
    ctx: typer.Context,
    action: Action,
    ids: list[str],
    reason: str | None,
    *,
    as_user: str | None,
    read_only: bool,
    dsn: str | None,
) -> None:
    keys = _keys(ids)
    reason = (reason or "").strip() or None
    if action == "reject" and reason is None:
        fail("A reason is required to reject; give one with --reason.")
    dsn = inherited(ctx, dsn)
    settings = settings_for(ctx, dsn, as_user=as_user, read_only=read_only)
    run_items(
        settings,
        dsn,
        "approved" if action == "approve" else "rejected",
        "make decisions",
        keys,
        lambda key: f"{key[0]}:{key[1]}" if key[0] else str(key[1]),
        lambda engine, actor, key: _decide_one(engine, key, action, actor, reason),
    )


def approve(
    ctx: typer.Context,
    ids: IdsArgument,
    reason: Annotated[str | None, typer.Option(help="Why (kept with the decision).")] = None,
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Approve pending approvals, each in its own guarded transaction with an audit row."""
    run_decide(ctx, "approve", ids, reason, as_user=as_user, read_only=read_only, dsn=dsn)


def reject(
    ctx: typer.Context,
    ids: IdsArgument,
    reason: Annotated[str, typer.Option(help="Why (required; kept with the decision).")],
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Reject pending (or expired) approvals, each in its own guarded transaction."""
    run_decide(ctx, "reject", ids, reason, as_user=as_user, read_only=read_only, dsn=dsn)


def register_decisions(app: typer.Typer) -> None:
    app.command(
        cls=HotdashCommand,
        epilog="Example: hotdash approve tasks:6f1c0a5e-1b2c-4d3e-8f40-5a6b7c8d9e0f --as alice",
    )(approve)
    app.command(
        cls=HotdashCommand,
        epilog="Example: hotdash reject agents:0b7d2c4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"
        ' --reason "wrong price" --as alice',
    )(reject)
