"""What the approvals and alerts screens share when they write: a queue of jobs run one at a
time, in the order they were asked for, in a thread worker.

Pressing a key on fifty rows in a row asks for fifty writes: each row shows … while its job
waits or runs and the cursor moves on at once. A job's outcome is reported as it arrives;
when the last one is done the window is read again (a refresh in between would redraw rows
still waiting)."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

from textual import on
from textual.message import Message

from hotdash_tui.db.errors import describe_error
from hotdash_tui.screens.windowed import C, S, T, WindowedScreen
from hotdash_tui.widgets.markable_table import MarkableTable


class WriteJob(Protocol):
    """A write the user asked for; ``keys`` are the rows it changes (none for an undo)."""

    @property
    def keys(self) -> tuple[Hashable, ...]: ...


J = TypeVar("J", bound=WriteJob)  # a job
R = TypeVar("R")  # what a job's write returns


class QueuedWritesScreen(WindowedScreen[T, C, S], Generic[T, C, S, J, R]):
    """A subclass says how a job is written (:meth:`write`, in a worker) and how its outcome
    is reported (:meth:`report`); :meth:`prepare` may settle a job when its turn comes."""

    class Written(Message):
        """A job's outcome, or why it failed (then nothing of it was saved)."""

        def __init__(self, job: Any, outcome: Any = None, error: str = "") -> None:
            super().__init__()
            self.job = job
            self.outcome = outcome
            self.error = error

    def __init__(self, spec: S) -> None:
        super().__init__(spec)
        self._jobs: deque[J] = deque()
        self._busy = False
        self._undo_stack: list[tuple[Any, ...]] = []  # our writes still to undo, newest last

    @property
    def table(self) -> MarkableTable[T, Any]:
        raise NotImplementedError

    # What each screen says -----------------------------------------------------------------

    def prepare(self, job: J) -> J | None:
        """The job to run now that its turn has come; None skips it."""
        return job

    def write(self, job: J) -> R:
        """Runs in a worker: writes the job and returns its outcome."""
        raise NotImplementedError

    def report(self, job: J, outcome: R) -> None:
        """Tells the user what a job did."""
        raise NotImplementedError

    # Shared --------------------------------------------------------------------------------

    def remember_for_undo(self, made: tuple[Any, ...]) -> None:
        """Writes of ours that u may undo (a bulk write is one entry)."""
        if made:
            self._undo_stack.append(made)

    def take_undo(self) -> tuple[Any, ...] | None:
        """The newest writes of ours still to undo, or None (and the user is told)."""
        if not self._undo_stack:
            self.notify("Nothing of yours to undo on this screen.")
            return None
        return self._undo_stack.pop()

    def marks_gone(self) -> tuple[Any, ...]:
        """Marked rows a refresh took off the list (decided elsewhere): a key still acts on
        them, and their guarded writes report who got there first."""
        return tuple(sorted(self.table.marked_gone - self.table.in_flight, key=str))

    def action_toggle_mark(self) -> None:
        self.table.toggle_mark()
        self.table.action_cursor_down()
        self._show_position()  # the header counts the marks

    def marks_label(self) -> str:
        marked = len(self.table.marked)
        if not marked:
            return ""
        gone = len(self.table.marked_gone)
        return f"{marked} marked" + (f" ({gone} no longer listed)" if gone else "")

    def _apply(self, spec: S, label: str) -> None:
        self.table.forget_marks()  # a new view: marks on the old one would act unseen
        super()._apply(spec, label)

    def submit(self, job: J) -> None:
        """Queues a job on rows: they show … and the cursor (or the marks) move on."""
        table = self.table
        table.in_flight |= set(job.keys)
        if len(job.keys) == 1 and not table.marked:
            table.action_cursor_down()  # on to the next row while this one is written
        else:
            table.marked -= set(job.keys)
        table.redraw(job.keys)
        self._show_position()
        self.enqueue(job)

    def enqueue(self, job: J) -> None:
        self._jobs.append(job)
        self._pump()

    def _pump(self) -> None:
        while not self._busy and self._jobs:
            job = self.prepare(self._jobs.popleft())
            if job is not None:
                self._busy = True
                self.run_worker(
                    partial(self._write, job),
                    name=f"{self.AREA}-write",
                    thread=True,
                    exit_on_error=False,
                    group=f"{self.AREA}-write",
                )

    def _write(self, job: J) -> None:
        try:
            outcome = self.write(job)
        except Exception as exc:
            self.post_message(self.Written(job, error=describe_error(exc)))
        else:
            self.post_message(self.Written(job, outcome))

    @on(Written)
    def _written(self, message: Written) -> None:
        self._busy = False
        job: J = message.job
        table = self.table
        table.in_flight -= set(job.keys)
        if message.error:
            self.notify(message.error, title="Not saved", severity="error", timeout=8)
        else:
            self.report(job, message.outcome)
        if self._jobs:
            table.redraw(job.keys)
            self._pump()
        else:
            self.reload()
