"""The approvals queue (key 1) over both approval sources of the seeds: approvals_queue
(seed 000, agent tasks held because their confidence is below 7) and AgentApproval (seed 004,
human-in-the-loop approvals of agent actions).

Reads are keyset windows (:mod:`.read`); decisions are guarded single transactions
with an audit row (:mod:`.decide`); the shapes live in :mod:`.model`.
"""

from __future__ import annotations

from hotdash_tui.db.approvals.decide import (
    ENTITY_TYPES,
    ReasonRequired,
    approve_item,
    decide_item,
    decide_items,
    reject_item,
    undo_decision,
)
from hotdash_tui.db.approvals.model import (
    COUNT_CAP,
    FILTER_SPEC,
    Action,
    ApprovalDetails,
    ApprovalFilter,
    ApprovalItem,
    ApprovalKey,
    ApprovalWindow,
    Cursor,
    Decision,
    Outcome,
    Source,
    Touched,
    UndoResult,
    UndoToken,
)
from hotdash_tui.db.approvals.read import (
    count_approvals,
    describe_count,
    load_approvals,
    load_details,
)

__all__ = [
    "COUNT_CAP",
    "ENTITY_TYPES",
    "FILTER_SPEC",
    "Action",
    "ApprovalDetails",
    "ApprovalFilter",
    "ApprovalItem",
    "ApprovalKey",
    "ApprovalWindow",
    "Cursor",
    "Decision",
    "Outcome",
    "ReasonRequired",
    "Source",
    "Touched",
    "UndoResult",
    "UndoToken",
    "approve_item",
    "count_approvals",
    "decide_item",
    "decide_items",
    "describe_count",
    "load_approvals",
    "load_details",
    "reject_item",
    "undo_decision",
]
