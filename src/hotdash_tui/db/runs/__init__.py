"""The pipeline runs screen (key 5): one log, newest first, over every run record of the seeds:
pipeline_runs (seed 002, stage rows per run_id), the bot jobs of seed 003 with their events
and artifacts, system.jobs (seed 001) and agent_run (seed 004).

Reads are keyset windows over the four sources (:mod:`.read`), details per source
(:mod:`.details`), and the one write, re-queuing a failed system job, is a guarded
transaction with an audit row (:mod:`.retry`); the shapes live in :mod:`.model`.
"""

from __future__ import annotations

from hotdash_tui.db.runs.details import load_run_details, millis, money
from hotdash_tui.db.runs.model import (
    COUNT_CAP,
    FILTER_SPEC,
    SOURCES,
    STATUSES,
    Artifact,
    Check,
    RetryResult,
    RunCursor,
    RunDetails,
    RunFilter,
    RunKey,
    RunLine,
    RunWindow,
    Source,
    Step,
)
from hotdash_tui.db.runs.read import count_runs, describe_count, load_runs
from hotdash_tui.db.runs.retry import ENTITY_TYPE, retry_system_job
from hotdash_tui.filters import parse_since

__all__ = [
    "COUNT_CAP",
    "ENTITY_TYPE",
    "FILTER_SPEC",
    "SOURCES",
    "STATUSES",
    "Artifact",
    "Check",
    "RetryResult",
    "RunCursor",
    "RunDetails",
    "RunFilter",
    "RunKey",
    "RunLine",
    "RunWindow",
    "Source",
    "Step",
    "count_runs",
    "describe_count",
    "load_run_details",
    "load_runs",
    "millis",
    "money",
    "parse_since",
    "retry_system_job",
]
