"""The task form (``n`` new, ``e`` edit on the board): every field checked, errors beside them.

Nothing is written while a field is invalid: a refused save focuses the first invalid field,
and an error line clears once its field is fixed. A due date in the past is asked about once.
A valid form is saved in a thread worker; an ASIN no listing has comes back as that field's
error. A task changed meanwhile keeps the form open with what was typed and names who changed
what; saving again then saves over their change, esc drops the edit.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from hotdash_tui.db.board.form import FIELDS, draft_of_card, past_due, validate_task_form
from hotdash_tui.db.board.read import TASK_TYPES, TaskCard
from hotdash_tui.db.board.write import (
    LostRace,
    Saved,
    TaskDraft,
    UnknownListing,
    create_task,
    update_task,
)
from hotdash_tui.db.errors import describe_error
from hotdash_tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from hotdash_tui.app import HotdashApp

LABELS = {
    "title": "Title",
    "task_type": "Type",
    "priority": "Priority",
    "due_date": "Due date",
    "asin": "ASIN",
    "tags": "Tags",
    "description": "Notes",
}
PLACEHOLDERS = {
    "title": "what needs doing (required)",
    "priority": "0 to 100, empty for none",
    "due_date": "YYYY-MM-DD, empty for none",
    "asin": "listing, e.g. B08N5WRWNW",
    "tags": "comma separated",
    "description": "optional",
}


def _flat(text: str | None) -> str:
    """A one-line form field cannot hold line breaks; the form shows them as spaces."""
    return " ".join((text or "").split())


def initial_values(card: TaskCard | None) -> dict[str, str]:
    if card is None:
        return {}
    return {
        "title": card.title,
        "task_type": card.task_type,
        "priority": "" if card.priority is None else str(card.priority),
        "due_date": "" if card.due_date is None else card.due_date.isoformat(),
        "asin": card.asin or "",
        "tags": ", ".join(card.tags),
        "description": _flat(card.description),
    }


class TaskFormScreen(ModalScreen[Saved | None]):
    """A new task (``card`` None) or an edit of ``card``; dismissed with what was saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    class Done(Message):
        """The save worker's outcome, or why there is none."""

        def __init__(self, outcome: Saved | LostRace | UnknownListing | None, error: str) -> None:
            super().__init__()
            self.outcome = outcome
            self.error = error

    def __init__(self, card: TaskCard | None = None) -> None:
        super().__init__()
        self.card = card
        self.saving = False
        self._past_due_asked: str = ""  # the due date the form has asked about

    @property
    def hotdash(self) -> HotdashApp:
        return cast("HotdashApp", self.app)

    def compose(self) -> ComposeResult:
        values = initial_values(self.card)
        with VerticalScroll(id="task-form", can_focus=False):
            title = "Edit task" if self.card else "New task"
            yield Static(title, classes="form-title")
            for field in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(LABELS[field], classes="form-label")
                    if field == "task_type":
                        yield Select(
                            [(t, t) for t in TASK_TYPES],
                            prompt="choose a type",
                            value=values.get(field, Select.NULL),
                            compact=True,
                            id="field-task_type",
                        )
                    else:
                        yield Input(
                            values.get(field, ""),
                            placeholder=PLACEHOLDERS[field],
                            compact=True,
                            id=f"field-{field}",
                        )
                yield Static("", id=f"error-{field}", classes="form-error")
            yield Static("", id="error-form", classes="form-error")
            yield Static("enter or ctrl+s saves · esc cancels", classes="form-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#field-title", Input).focus()

    def raw_values(self) -> dict[str, str]:
        raw = {f: self.query_one(f"#field-{f}", Input).value for f in FIELDS if f != "task_type"}
        chosen = self.query_one("#field-task_type", Select).value
        raw["task_type"] = "" if chosen is Select.NULL else str(chosen)
        return raw

    def show_errors(self, errors: dict[str, str]) -> None:
        for field in (*FIELDS, "form"):
            line = self.query_one(f"#error-{field}", Static)
            line.update(errors.get(field, ""))
            line.set_class(field in errors, "-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._clear_if_fixed(event.input.id)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._clear_if_fixed(event.select.id)

    def _clear_if_fixed(self, widget_id: str | None) -> None:
        field = (widget_id or "").removeprefix("field-")
        line = self.query_one(f"#error-{field}", Static) if field in FIELDS else None
        if line is None or not line.has_class("-shown"):
            return
        result = validate_task_form(self.raw_values())
        if isinstance(result, TaskDraft) or field not in result:
            line.update("")
            line.remove_class("-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if self.saving:
            return
        result = validate_task_form(self.raw_values())
        if not isinstance(result, TaskDraft):
            self.show_errors(result)
            first = next(field for field in FIELDS if field in result)
            self.query_one(f"#field-{first}").focus()
            return
        draft = result
        read_due = self.card.due_date if self.card else None
        question = past_due(draft.due_date, self.hotdash.clock().date(), read_due)
        if question and self._past_due_asked != str(draft.due_date):
            self._past_due_asked = str(draft.due_date)  # asked once: saving again keeps it
            self.show_errors({"due_date": question})
            self.query_one("#field-due_date").focus()
            return
        if self.card and draft.description == _flat(self.card.description):
            # Unchanged notes keep their line breaks, which the one-line field cannot show.
            draft = replace(draft, description=self.card.description)
        self.show_errors({})
        self.saving = True
        self.save(draft)

    @work(thread=True, exclusive=True, exit_on_error=False, group="task-form")
    def save(self, draft: TaskDraft) -> None:
        app = self.hotdash
        actor = app.database.settings.identity
        try:
            if self.card is None:
                outcome: Saved | LostRace | UnknownListing = create_task(
                    app.database.engine, draft, actor
                )
            else:
                outcome = update_task(
                    app.database.engine,
                    self.card.id,
                    self.card.updated_at,
                    draft,
                    actor,
                    read=draft_of_card(self.card),
                )
        except Exception as exc:
            self.post_message(self.Done(None, describe_error(exc)))
        else:
            self.post_message(self.Done(outcome, ""))

    def on_task_form_screen_done(self, message: Done) -> None:
        self.saving = False
        outcome = message.outcome
        if outcome is None:
            self.show_errors({"form": message.error})
        elif isinstance(outcome, UnknownListing):
            self.show_errors({"asin": outcome.sentence()})
        elif isinstance(outcome, LostRace) and outcome.updated_at and self.card is not None:
            # Kept open with what was typed: saving again saves over their change.
            self.card = replace(self.card, updated_at=outcome.updated_at)
            who = outcome.who(self.hotdash.clock())
            keep = "Your edit is still here: save again to write it over theirs, or esc to drop it."
            self.show_errors({"form": f"{who}. {keep}"})
        elif isinstance(outcome, LostRace):
            now = self.hotdash.clock()
            self.app.notify(outcome.sentence(now), title="Not saved", severity="warning", timeout=8)
            self.dismiss(None)
        else:
            self.dismiss(outcome)
