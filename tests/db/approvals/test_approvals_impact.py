"""An agent approval's details say what its action touches, computed here by hand from the
rows it names: a price change's margin against the floor, a budget change's campaign ROAS, a
reorder's stock. Demo data, with the rows each test sets to known values."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.approvals.read import load_details
from hotdash_tui.db.stock.read import load_positions
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()


def sql(engine: sqlalchemy.Engine, statement: str, **params: Any) -> list[Any]:
    with engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return list(result) if result.returns_rows else []


def request(engine: sqlalchemy.Engine, kind: str, payload: dict[str, Any]) -> uuid.UUID:
    rows = sql(
        engine,
        'INSERT INTO public."AgentApproval" (agent_name, action_type, summary, action_payload)'
        " VALUES ('test-agent', :kind, 'a test', CAST(:payload AS jsonb)) RETURNING id",
        kind=kind,
        payload=json.dumps(payload),
    )
    return uuid.UUID(str(rows[0].id))


def lines(engine: sqlalchemy.Engine, approval: uuid.UUID) -> tuple[dict[str, str], bool]:
    details = load_details(engine, "agents", approval, TODAY)
    assert details is not None and details.impact is not None
    return dict(details.impact.lines), details.impact.warning


def test_a_price_change_shows_the_margin_at_the_proposed_price_against_the_floor(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    sku = sql(seeded_engine, "SELECT sku FROM catalog.listings ORDER BY sku LIMIT 1")[0].sku
    sql(
        seeded_engine,
        "UPDATE pricing.current_prices SET price = 30, sale_price = NULL, landed_cost = 12,"
        " fba_fee = 3, margin_floor_pct = 25, net_margin_pct = 25"
        " WHERE listing_id = (SELECT id FROM catalog.listings WHERE sku = :sku)",
        sku=sku,
    )
    # At 20: referral 3.00, net 20 - 12 - 3.00 - 3 = 2.00, 10.00% of 20: below a 25% floor.
    paid = Decimal(20)
    net = paid - 12 - (paid * Decimal("0.15")).quantize(Decimal("0.01"), ROUND_HALF_UP) - 3
    pct = (net * 100 / paid).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert pct == Decimal("10.00")
    shown, warning = lines(
        seeded_engine,
        request(seeded_engine, "update_price", {"sku": sku, "new_price": 20, "old_price": 30}),
    )
    assert shown["Price"] == f"{sku}: £30.00 now, £20.00 proposed"
    assert (
        shown["Net margin"]
        == f"25.00% now, {pct}% at the proposed price, BELOW its floor of 25.00%"
    )
    assert warning
    assert "Note" not in shown  # the agent saw the price that holds
    above, warning = lines(
        seeded_engine,
        request(seeded_engine, "update_price", {"sku": sku, "new_price": 40, "old_price": 35}),
    )
    assert above["Net margin"].endswith("above its floor of 25.00%")
    assert above["Note"] == "the agent saw £35.00; the price changed since"
    assert not warning


def test_a_budget_change_shows_the_campaigns_roas_over_30_days(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    campaign = sql(
        seeded_engine,
        "SELECT id, campaign_name, budget_cents, target_roas FROM public.ads_campaigns"
        " ORDER BY campaign_id LIMIT 1",
    )[0]
    totals = sql(
        seeded_engine,
        "SELECT sum(spend_cents) AS spend, sum(revenue_cents) AS revenue"
        " FROM public.ads_daily_metrics WHERE campaign_id = :id"
        " AND metric_date > :first AND metric_date <= :today",
        id=campaign.id, first=TODAY - timedelta(days=30), today=TODAY,
    )[0]  # fmt: skip
    roas = Decimal(totals.revenue) / Decimal(totals.spend)
    payload = {"campaign": campaign.campaign_name, "change_pct": 20}
    shown, warning = lines(seeded_engine, request(seeded_engine, "adjust_budget", payload))
    missed = roas < campaign.target_roas
    verdict = "missed" if missed else "met"
    assert shown["ROAS 30 days"] == (
        f"{roas:.2f}x against a target of {campaign.target_roas:.2f}x ({verdict})"
    )
    budget = Decimal(campaign.budget_cents) / 100
    assert shown["Budget"] == f"{budget:,.2f} now, {budget * Decimal('1.2'):,.2f} after +20%"
    assert warning == missed


def test_a_reorder_shows_the_skus_stock_and_other_actions_show_nothing(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    position = load_positions(seeded_engine, TODAY)[0]
    shown, warning = lines(
        seeded_engine,
        request(seeded_engine, "reorder_stock", {"sku": position.sku, "quantity": 10}),
    )
    assert shown[f"Stock at {position.location}"].startswith(f"{position.on_hand:,} on hand")
    assert warning == (position.risk != "ok")
    other = load_details(
        seeded_engine, "agents", request(seeded_engine, "send_reply", {"reply": "hi"}), TODAY
    )
    assert other is not None and other.impact is None
