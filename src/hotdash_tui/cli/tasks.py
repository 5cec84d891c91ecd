"""``hotdash board new`` and ``hotdash board edit ID``: the task form (key 2, ``n`` and ``e``)
from the shell, with its rules (:func:`~hotdash_tui.db.board.form.validate_task_form`): every
field is checked before anything is written, and each bad one is named in the one sentence.
A due date in the past needs ``--past-due-ok``, as the form asks to save again. An edit
starts from the task as it is, changes only the fields given (an empty value clears one) and
is guarded on the version it read, so a change made meanwhile is reported, not overwritten.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from hotdash_tui.cli.common import AsOption, DsnOption, fail, inherited, settings_for
from hotdash_tui.cli.group import HotdashCommand
from hotdash_tui.cli.items import Outcome, ReadOnlyOption, run_items

if TYPE_CHECKING:
    import sqlalchemy

    from hotdash_tui.db.board.write import TaskDraft

OPTIONS = {  # the form's field -> the option that gives it
    "title": "--title",
    "task_type": "--type",
    "priority": "--priority",
    "due_date": "--due",
    "asin": "--asin",
    "tags": "--tags",
    "description": "--description",
}

Title = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="What to do.")]
Kind = Annotated[
    str | None,
    typer.Option(
        "--type",
        metavar="TYPE",
        help="optimization, pricing, competitive, compliance, launch or other.",
    ),
]
Priority = Annotated[
    str | None, typer.Option("--priority", metavar="0-100", help="Higher comes first.")
]
Due = Annotated[str | None, typer.Option("--due", metavar="YYYY-MM-DD", help="The due date.")]
Asin = Annotated[
    str | None, typer.Option("--asin", metavar="ASIN", help="The listing it is about.")
]
Tags = Annotated[str | None, typer.Option("--tags", metavar="A,B", help="Tags, comma separated.")]
Description = Annotated[
    str | None, typer.Option("--description", metavar="TEXT", help="More about it.")
]
PastDueOk = Annotated[
    bool, typer.Option("--past-due-ok", help="Keep a due date that is already past.")
]


def _checked(raw: dict[str, str], read_due: date | None, past_due_ok: bool) -> TaskDraft:
    """The form's draft of ``raw``, or exit 2 naming every bad field by its option."""
    from hotdash_tui.db.board.form import past_due, validate_task_form

    draft = validate_task_form(raw)
    if isinstance(draft, dict):
        problems = [f"{OPTIONS[field]}: {text.rstrip('.')}" for field, text in draft.items()]
        fail("; ".join(problems) + "; nothing was written.")
    if past_due(draft.due_date, datetime.now(UTC).date(), read_due) and not past_due_ok:
        fail(f"--due {draft.due_date} is in the past; add --past-due-ok to keep it.")
    return draft


def _given(**options: str | None) -> dict[str, str]:
    return {field: value for field, value in options.items() if value is not None}


def board_new(
    ctx: typer.Context,
    title: Title = None,
    kind: Kind = None,
    priority: Priority = None,
    due: Due = None,
    asin: Asin = None,
    tags: Tags = None,
    description: Description = None,
    past_due_ok: PastDueOk = False,
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Add a task to the board's first stage (key 2, n), with the form's rules, audited."""
    from hotdash_tui.db.board.write import UnknownListing, create_task

    raw = _given(title=title, task_type=kind, priority=priority, due_date=due, asin=asin)
    raw |= _given(tags=tags, description=description)
    draft = _checked(raw, None, past_due_ok)

    def act(engine: sqlalchemy.Engine, actor: str, item: TaskDraft) -> Outcome:
        saved = create_task(engine, item, actor)
        if isinstance(saved, UnknownListing):
            fail(f"--asin: {saved.sentence().rstrip('.')}; nothing was written.")
        return Outcome(f"{saved.task_id} created", True)

    dsn = inherited(ctx, dsn)
    settings = settings_for(ctx, dsn, as_user=as_user, read_only=read_only)
    run_items(settings, dsn, "created", "add tasks", [draft], lambda d: d.title, act)


def board_edit(
    ctx: typer.Context,
    task: Annotated[str, typer.Argument(metavar="ID", help="The task, as `hotdash board` prints.")],
    title: Title = None,
    kind: Kind = None,
    priority: Priority = None,
    due: Due = None,
    asin: Asin = None,
    tags: Tags = None,
    description: Description = None,
    past_due_ok: PastDueOk = False,
    as_user: AsOption = None,
    read_only: ReadOnlyOption = False,
    dsn: DsnOption = None,
) -> None:
    """Change a task's fields (key 2, e): only those given; an empty value clears one."""
    from hotdash_tui.db.board.write import LostRace, TaskDraft, UnknownListing, update_task
    from hotdash_tui.db.sql import run

    try:
        task_id = uuid.UUID(task.strip())
    except ValueError:
        fail(f'"{task}" is not a task id (a UUID, as `hotdash board` prints it).')
    changes = _given(title=title, task_type=kind, priority=priority, due_date=due, asin=asin)
    changes |= _given(tags=tags, description=description)
    if not changes:
        fail("Give at least one field to change, such as --title or --due.")

    def act(engine: sqlalchemy.Engine, actor: str, item: uuid.UUID) -> Outcome:
        with engine.connect() as conn:
            now = run(conn, "board_task_now", {"task_id": item}).one_or_none()
        if now is None:
            return Outcome(f"{item} not found", False)
        read = {
            "title": now.title,
            "task_type": now.task_type,
            "priority": "" if now.priority_score is None else str(now.priority_score),
            "due_date": now.due_date.isoformat() if now.due_date else "",
            "asin": now.asin or "",
            "tags": ",".join(now.tags or ()),
            "description": now.description or "",
        }
        draft = _checked(read | changes, now.due_date, past_due_ok)
        stored = TaskDraft.stored(now)
        saved = update_task(engine, item, now.updated_at, draft, actor, read=stored)
        if isinstance(saved, UnknownListing):
            fail(f"--asin: {saved.sentence().rstrip('.')}; nothing was written.")
        if isinstance(saved, LostRace):
            who = f" by {saved.actor}" if saved.actor else ""
            return Outcome(f"{item} changed{who} meanwhile; nothing was saved", False)
        if not saved.changed:
            return Outcome(f"{item} unchanged", False)
        return Outcome(f"{item} saved: {', '.join(saved.changed)}", True)

    dsn = inherited(ctx, dsn)
    settings = settings_for(ctx, dsn, as_user=as_user, read_only=read_only)
    run_items(settings, dsn, "edited", "edit tasks", [task_id], str, act)


def register_tasks(app: typer.Typer) -> None:
    app.command(
        "board new",
        cls=HotdashCommand,
        epilog='Example: hotdash board new --title "Reprice HX-FIX-00011" --type pricing '
        "--due 2026-12-20 --tags repricing,q4",
    )(board_new)
    app.command(
        "board edit",
        cls=HotdashCommand,
        epilog="Example: hotdash board edit 4394e0dd-7cf9-4262-8743-e09dc3780615 --priority 90",
    )(board_edit)
