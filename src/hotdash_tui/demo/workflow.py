"""Seed 001's workflow: automation rules and the kanban task board."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid, pick
from hotdash_tui.demo.catalog import Listing
from hotdash_tui.demo.text import LISTING_TAGS

RULES = Table.of(
    "workflow.automation_rules",
    "id name description trigger_type trigger_config conditions action_type action_config"
    " cooldown_minutes max_daily_triggers is_active last_triggered_at trigger_count"
    " created_at updated_at",
)
BOARD_TASKS = Table.of(
    "workflow.tasks",
    "id title description task_type listing_id listing_ids stage_id priority_score"
    " priority_breakdown created_by source_rule_id due_date scheduled_for completed_at"
    " outcome tags created_at updated_at",
)
TABLES = (RULES, BOARD_TASKS)  # the tables this module fills, parents first


@dataclass(frozen=True)
class Stage:
    """A kanban stage as the migrations created it (the seed never inserts stages)."""

    id: uuid.UUID
    name: str
    is_terminal: bool


_RULE_SPECS = (
    (
        "Low score review",
        "threshold",
        '{"metric": "score", "operator": "lt", "value": 70}',
        "create_task",
        '{"task_type": "optimization", "title_template": "Review {asin}"}',
    ),
    (
        "Competitor undercut",
        "competitive",
        '{"event": "competitor_price_drop", "threshold_pct": 5}',
        "send_alert",
        '{"severity": "high", "message": "Competitor undercut!"}',
    ),
    (
        "Monday pricing sweep",
        "time_based",
        '{"cron": "0 9 * * 1"}',
        "create_task",
        '{"task_type": "pricing", "title_template": "Weekly price check {sku}"}',
    ),
    (
        "New listing synced",
        "event",
        '{"event_type": "listing.synced"}',
        "tag_listing",
        '{"tag": "new_launch"}',
    ),
    (
        "Below margin floor",
        "threshold",
        '{"metric": "net_margin_pct", "operator": "lt", "value": 20}',
        "create_task",
        '{"task_type": "pricing", "title_template": "Fix margin on {sku}"}',
    ),
    (
        "Rival out of stock",
        "competitive",
        '{"event": "competitor_out_of_stock"}',
        "update_price",
        '{"change_type": "percentage", "value": 5}',
    ),
    (
        "Suppressed listing",
        "event",
        '{"event_type": "listing.suppressed"}',
        "create_task",
        '{"task_type": "compliance", "title_template": "Unsuppress {asin}"}',
    ),
    (
        "Apply winter template",
        "time_based",
        '{"cron": "0 6 1 11 *"}',
        "apply_template",
        '{"template": "winter-bullets"}',
    ),
)

# (task_type, title pattern, description)
_TASK_KINDS = (
    (
        "optimization",
        "Optimise title keywords for {sku}",
        "Search volume moved; lead the title with the primary keyword.",
    ),
    (
        "pricing",
        "Review price against buy box on {sku}",
        "Buy box share fell; check the margin floor before matching.",
    ),
    (
        "competitive",
        "Respond to rival price drop on {asin}",
        "A tracked competitor undercut us; decide to match or hold.",
    ),
    (
        "compliance",
        "Upload safety documents for {sku}",
        "Amazon requested a UKCA declaration for this listing.",
    ),
    ("launch", "Prepare launch of {sku}", "Images, A+ content and a launch price."),
    (
        "other",
        "Refresh images for {count} listings",
        "Bulk task: replace the main image with the new white-background shots.",
    ),
)
_OUTCOMES = (
    "Completed; conversion up 0.8 pts",
    "Done, no measurable change",
    "Price matched and buy box regained",
    "Documents accepted by Amazon",
)


def seed_rules(ctx: SeedContext) -> list[uuid.UUID]:
    rng = ctx.rng("rules")
    ids = [new_uuid(rng) for _ in _RULE_SPECS]
    conditions = json.dumps(
        [
            {"field": "listing.custom_category", "operator": "in", "value": ["power_tools"]},
            {"field": "listing.lifecycle_stage", "operator": "eq", "value": "growth"},
        ]
    )
    ctx.writer.copy(
        RULES,
        (
            (
                ids[n],
                name,
                f"{name}: {trigger} trigger, {action.replace('_', ' ')}",
                trigger,
                trigger_config,
                conditions if n % 3 == 0 else None,
                action,
                action_config,
                rng.choice((30, 60, 240, 1440)),
                rng.choice((None, 10, 50)),
                n != 7,
                ctx.clock.ago(rng.randint(1, 72) * 3600),
                rng.randint(0, 400),
                ctx.clock.ago((400 - n * 30) * DAY),
                ctx.clock.ago(rng.randint(1, 20) * DAY),
            )
            for n, (name, trigger, trigger_config, action, action_config) in enumerate(_RULE_SPECS)
        ),
    )
    return ids


def seed_board(
    ctx: SeedContext, stages: list[Stage], listings: list[Listing], rule_ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    rng = ctx.rng("board")
    clock = ctx.clock
    open_weights = [max(1.0, 8.0 - n) for n, s in enumerate(stages) if not s.is_terminal]
    weighted = [
        (s, w) for s, w in zip([s for s in stages if not s.is_terminal], open_weights, strict=True)
    ]
    weighted += [(s, 6.0) for s in stages if s.is_terminal]
    rows: list[Row] = []
    ids: list[uuid.UUID] = []
    for i in range(ctx.sizes.board_tasks):
        # The first tasks visit every stage once, so no column starts empty.
        stage: Stage = stages[i] if i < len(stages) else pick(rng, weighted)
        kind, pattern, description = _TASK_KINDS[
            5 if i % 17 == 5 else rng.randrange(len(_TASK_KINDS) - 1)
        ]
        listing = listings[rng.randrange(len(listings))]
        bulk = kind == "other"
        group = rng.sample(listings, min(len(listings), rng.randint(3, 12))) if bulk else []
        impact, ease, urgency = (round(rng.uniform(1, 10), 1) for _ in range(3))
        score = round(impact * 5 + urgency * 3 + ease * 2, 2)
        created_by = pick(rng, [("system", 50), ("user", 30), ("rule", 20)])
        age = rng.randint(1, 120) * DAY // 2
        completed = clock.ago(rng.randint(0, age)) if stage.is_terminal else None
        due: date | None = None
        if not stage.is_terminal and i % 9 == 4:  # overdue: due before today, still open
            due = clock.day(rng.randint(1, 10))
        elif rng.random() < 0.7:
            due = clock.day(-rng.randint(1, 30))
        task_id = new_uuid(rng)
        ids.append(task_id)
        rows.append(
            (
                task_id,
                pattern.format(sku=listing.sku, asin=listing.asin, count=len(group)),
                description,
                kind,
                None if bulk else listing.id,
                [g.id for g in group] or None,
                stage.id,
                score,
                json.dumps({"impact_score": impact, "ease_score": ease, "urgency_score": urgency}),
                created_by,
                rng.choice(rule_ids) if created_by == "rule" else None,
                due,
                clock.ago(-rng.randint(1, 96) * 3600) if rng.random() < 0.15 else None,
                completed,
                rng.choice(_OUTCOMES) if completed else None,
                rng.sample(LISTING_TAGS, rng.randint(0, 2))
                + ([kind] if rng.random() < 0.5 else []),
                clock.ago(age),
                completed or clock.ago(rng.randint(0, age)),
            )
        )
    ctx.writer.copy(BOARD_TASKS, rows)
    return ids
