"""Seed 004's human-in-the-loop side: the AgentApproval queue (pending and decided), the
operators' AgentFeedback, and a DecisionLog row for every decided approval."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

from hotdash_tui.demo.agents import AGENTS, AgentRun
from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid, pick
from hotdash_tui.demo.catalog import Listing
from hotdash_tui.demo.text import OPERATORS, SUPPLIERS

APPROVALS = Table.of(
    "public.AgentApproval",
    "id agent_name action_type summary action_payload reason confidence_score entity_type"
    " entity_id agent_run_id status requested_at expires_at decided_at decided_by"
    " decision_reason created_at updated_at",
)
FEEDBACK = Table.of(
    "public.AgentFeedback",
    "id agent_name approval_id agent_run_id feedback_type rating comment corrected_output"
    " given_by created_at",
)
DECISIONS = Table.of(
    "public.DecisionLog",
    "id decided_at domain decision rationale actor actor_type entity_type entity_id"
    " approval_id payload created_at",
)
TABLES = (APPROVALS, FEEDBACK, DECISIONS)  # the tables this module fills, parents first

_DOMAINS = {
    "support-agent": "cx",
    "pricing-agent": "pricing",
    "inventory-agent": "inventory",
    "ads-agent": "ads",
    "content-agent": "growth",
}


def seed_approvals(
    ctx: SeedContext, runs: list[AgentRun], listings: list[Listing], campaigns: list[str]
) -> None:
    rng = ctx.rng("approvals")
    approvals: list[Row] = list(_approvals(ctx, rng, runs, listings, campaigns))
    ctx.writer.copy(APPROVALS, approvals)
    ctx.writer.copy(FEEDBACK, _feedback(ctx, rng, approvals))
    ctx.writer.copy(DECISIONS, _decisions(ctx, rng, approvals))


def _action(
    rng: random.Random, agent: str, listings: list[Listing], campaigns: list[str]
) -> tuple[str, str, dict[str, Any], str, str]:
    """(action_type, summary, payload, entity_type, entity_id) of one proposal by ``agent``."""
    listing = listings[rng.randrange(len(listings))]
    if agent == "support-agent":
        order = rng.randint(1001, 9999)
        return (
            "send_reply",
            f"Reply to order #{order} about a late delivery with a 10% code",
            {
                "conversation_id": rng.randint(5000, 9000),
                "channel": "email",
                "reply": "Sorry for the wait - here is 10% off your next order.",
            },
            "order",
            str(order),
        )
    if agent == "pricing-agent":
        old = rng.randint(800, 9000)
        new = old * rng.randint(90, 98) // 100
        return (
            "update_price",
            f"Lower {listing.sku} from £{old / 100:.2f} to £{new / 100:.2f}",
            {"sku": listing.sku, "old_price": old / 100, "new_price": new / 100},
            "listing",
            listing.sku,
        )
    if agent == "inventory-agent":
        quantity, supplier = rng.randint(50, 800), rng.choice(SUPPLIERS)[1]
        return (
            "reorder_stock",
            f"Reorder {quantity} x {listing.sku} from {supplier}",
            {"sku": listing.sku, "quantity": quantity, "supplier": supplier},
            "product",
            listing.sku,
        )
    if agent == "ads-agent":
        campaign, pct = rng.choice(campaigns), rng.choice((-30, -15, 15, 25))
        return (
            "adjust_budget",
            f"Change the daily budget of {campaign} by {pct:+d}%",
            {"campaign": campaign, "change_pct": pct},
            "campaign",
            campaign,
        )
    return (
        "publish_ad",
        f"Publish a new carousel ad for {listing.sku}",
        {"sku": listing.sku, "format": "carousel"},
        "listing",
        listing.sku,
    )


def _approvals(
    ctx: SeedContext,
    rng: random.Random,
    runs: list[AgentRun],
    listings: list[Listing],
    campaigns: list[str],
) -> Iterator[Row]:
    count = ctx.sizes.agent_approvals
    spacing = 45 * DAY // count
    for i in range(count):
        run = runs[(i * 3) % len(runs)]
        action, summary, payload, entity_type, entity_id = _action(
            rng, run.agent, listings, campaigns
        )
        # The newest third waits for a decision; the rest were decided, expired or withdrawn.
        pending = i < count // 3
        age = 300 + (i * 2 * DAY // count if pending else i * spacing + rng.randrange(spacing))
        status = (
            "pending"
            if pending
            else pick(rng, [("approved", 50), ("rejected", 25), ("expired", 15), ("cancelled", 10)])
        )
        decided = status in {"approved", "rejected", "cancelled"}
        decided_at = ctx.clock.ago(age - rng.randint(60, 6 * 3600)) if decided else None
        decided_by = (
            ("system" if status == "cancelled" else rng.choice(OPERATORS[:4])) if decided else None
        )
        reason = (
            {
                "rejected": "Margin would drop below the floor",
                "cancelled": "Superseded by a newer proposal",
            }.get(status)
            if decided
            else None
        )
        yield (
            new_uuid(rng),
            run.agent,
            action,
            summary,
            json.dumps(payload),
            f"{run.agent} expects this to help; see the run for evidence",
            rng.randint(3, 9),
            entity_type,
            entity_id,
            run.id,
            status,
            ctx.clock.ago(age),
            ctx.clock.ago(age - 2 * DAY),
            decided_at,
            decided_by,
            reason,
            ctx.clock.ago(age),
            decided_at or ctx.clock.ago(age),
        )


def _feedback(ctx: SeedContext, rng: random.Random, approvals: list[Row]) -> Iterator[Row]:
    for row in approvals:
        if row[13] is None or rng.random() < 0.5:  # only some decided ones get feedback
            continue
        kind = (
            "thumbs_up"
            if row[10] == "approved"
            else rng.choice(("thumbs_down", "correction", "comment"))
        )
        yield (
            new_uuid(rng),
            row[1],
            row[0],
            row[9],
            kind,
            rng.randint(4, 5) if kind == "thumbs_up" else rng.randint(1, 3),
            None if kind == "thumbs_up" else "Check the margin floor before proposing",
            json.dumps({"summary": row[3] + " (edited)"}) if kind == "correction" else None,
            row[14],
            row[13],
        )


def _decisions(ctx: SeedContext, rng: random.Random, approvals: list[Row]) -> Iterator[Row]:
    for row in approvals:
        if row[10] not in {"approved", "rejected"}:
            continue
        yield (
            new_uuid(rng),
            row[13],
            _DOMAINS[row[1]],
            f"{row[10]}: {row[3]}",
            row[15],
            row[14],
            "human",
            row[7],
            row[8],
            row[0],
            row[4],
            row[13],
        )
    for n in range(12):  # credential reads are logged as decisions too
        stamp = ctx.clock.ago(n * 2 * DAY + rng.randrange(DAY))
        yield (
            new_uuid(rng),
            stamp,
            "credentials",
            "read shopify/admin_api_token",
            "Scheduled sync needed the Admin API",
            AGENTS[n % len(AGENTS)],
            "agent",
            "creds_meta",
            "shopify/admin_api_token",
            None,
            "{}",
            stamp,
        )
