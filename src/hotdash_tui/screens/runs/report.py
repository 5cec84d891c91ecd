"""The one sentence R answers with: what was re-queued, or why nothing was written."""

from __future__ import annotations

from datetime import datetime

from hotdash_tui.db.runs import RetryResult, RunLine
from hotdash_tui.formatting import when

_KINDS = {
    "pipeline": "a pipeline stage", "jobs": "a bot job", "agents": "an agent run",
    "tasks": "a failed task",
}  # fmt: skip


def refusal(line: RunLine) -> str | None:
    """Why R cannot act on this line as shown, or None when it may try."""
    if line.source != "system":
        return f"Only system jobs can be re-queued; this is {_KINDS[line.source]}."
    if line.status != "failure":
        return f"Only a failed job can be re-queued; this one is {line.status}."
    limit = 3 if line.max_attempts is None else line.max_attempts
    if (line.attempts or 0) >= limit:
        return f"Not re-queued: the job has used all {limit} of its attempts."
    return None


def retry_report(line: RunLine, result: RetryResult, now: datetime) -> str:
    name = f"{line.name} ({line.run_ref[:8]})"
    if result.outcome == "queued":
        return f"Re-queued {name} to run now; attempt {(result.attempts or 0) + 1} next."
    if result.outcome == "missing":
        return f"Not re-queued: {name} no longer exists."
    if result.outcome == "exhausted":
        return f"Not re-queued: {name} has used all {result.max_attempts} of its attempts."
    status = result.status or "changed"
    if result.by and result.at:
        changed = f"changed by {result.by} at {when(now, result.at)}"
        return f"Not re-queued: {name} is {status} now, {changed}."
    if result.at:
        return f"Not re-queued: {name} is {status} now (since {when(now, result.at)})."
    return f"Not re-queued: {name} is {status} now."
