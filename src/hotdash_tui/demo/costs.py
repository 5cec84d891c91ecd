"""Seed 001's costs: suppliers, components, component prices and bills of materials.

Landed costs are the ones ``inventory.listing_landed_costs`` computes from the BOM (component
cost x quantity, plus 10% overhead), so the view and ``pricing.current_prices`` agree.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from hotdash_tui.demo.base import DAY, Row, SeedContext, Table, new_uuid
from hotdash_tui.demo.catalog import Listing
from hotdash_tui.demo.text import COMPONENTS, SUPPLIERS

SUPPLIERS_T = Table.of(
    "inventory.suppliers",
    "id name code contact_name email phone country is_domestic payment_terms lead_time_days"
    " min_order_value quality_score reliability_score notes is_active created_at updated_at",
)
COMPONENTS_T = Table.of(
    "inventory.components",
    "id name sku description component_type default_supplier_id stock_quantity"
    " reorder_point reorder_quantity unit_of_measure created_at updated_at",
)
COMPONENT_PRICES = Table.of(
    "inventory.component_prices",
    "id component_id supplier_id unit_cost currency min_quantity valid_from valid_to"
    " import_duty_pct shipping_cost is_current created_at",
)
BOM = Table.of(
    "inventory.bill_of_materials",
    "id listing_id component_id quantity cost_override notes created_at updated_at",
)
TABLES = (
    SUPPLIERS_T,
    COMPONENTS_T,
    COMPONENT_PRICES,
    BOM,
)  # the tables this module fills, parents first
OVERHEAD = Decimal("1.1")  # the view's 10% overhead on component cost
_CENT = Decimal("0.01")


def seed_costs(ctx: SeedContext, listings: list[Listing]) -> list[Decimal]:
    """Suppliers, components, their prices and BOMs; return each listing's landed cost."""
    rng = ctx.rng("costs")
    clock = ctx.clock
    supplier_ids = {code: new_uuid(rng) for code, *_ in SUPPLIERS}
    ctx.writer.copy(
        SUPPLIERS_T,
        (
            (
                supplier_ids[code],
                name,
                code,
                f"{name.split()[0]} Sales Desk",
                f"orders@{name.split()[0].lower()}.example",
                f"+44 20 7946 0{n:03d}",
                country,
                country == "GB",
                terms,
                lead,
                Decimal(250 + 250 * (n % 4)),
                round(rng.uniform(70, 98), 2),
                round(rng.uniform(65, 99), 2),
                "Preferred supplier" if n < 3 else None,
                code != "PLX",
                clock.ago((800 - n * 40) * DAY),
                clock.ago((n + 3) * DAY),
            )
            for n, (code, name, country, lead, terms) in enumerate(SUPPLIERS)
        ),
    )
    component_ids = {sku: new_uuid(rng) for sku, *_ in COMPONENTS}
    unit_costs = {sku: Decimal(cost) for sku, _, _, cost, _, _ in COMPONENTS}
    ctx.writer.copy(
        COMPONENTS_T,
        (
            (
                component_ids[sku],
                name,
                sku,
                f"{name} for in-house assembly and kitting",
                kind,
                supplier_ids[supplier],
                rng.randint(0, 4000),
                rng.randint(100, 600),
                rng.randint(500, 5000),
                unit,
                clock.ago(700 * DAY),
                clock.ago(rng.randint(1, 60) * DAY),
            )
            for sku, name, kind, _, unit, supplier in COMPONENTS
        ),
    )
    ctx.writer.copy(COMPONENT_PRICES, _component_prices(ctx, rng, component_ids, supplier_ids))

    bom_rows: list[Row] = []
    landed: list[Decimal] = []
    for listing in listings:
        component_cost = Decimal(0)
        for sku, quantity in listing.template.bom:
            override = None
            if rng.random() < 0.08:  # a negotiated price for this product only
                override = (unit_costs[sku] * Decimal("0.9")).quantize(Decimal("0.0001"))
            component_cost += (override or unit_costs[sku]) * Decimal(quantity)
            bom_rows.append(
                (
                    new_uuid(rng),
                    listing.id,
                    component_ids[sku],
                    Decimal(quantity),
                    override,
                    "Negotiated cost" if override else None,
                    clock.ago(listing.age_days * DAY),
                    clock.ago(rng.randint(1, 90) * DAY),
                )
            )
        landed.append((component_cost * OVERHEAD).quantize(_CENT, ROUND_HALF_UP))
    ctx.writer.copy(BOM, bom_rows)
    return landed


def _component_prices(
    ctx: SeedContext,
    rng: random.Random,
    components: dict[str, uuid.UUID],
    suppliers: dict[str, uuid.UUID],
) -> Iterator[Row]:
    """Exactly one current price per component (the view sums every current one)."""
    for sku, _, _, cost, _, supplier in COMPONENTS:
        domestic = supplier in {"BHF", "MID"}
        current = Decimal(cost)
        old = (current * Decimal(rng.uniform(0.88, 0.99))).quantize(Decimal("0.0001"))
        for unit_cost, valid_from, valid_to, is_current in (
            (old, ctx.clock.day(420), ctx.clock.day(61), False),
            (current, ctx.clock.day(60), None, True),
        ):
            yield (
                new_uuid(rng),
                components[sku],
                suppliers[supplier],
                unit_cost,
                "GBP",
                1,
                valid_from,
                valid_to,
                Decimal(0) if domestic else Decimal("4.00"),
                Decimal(0) if domestic else Decimal("0.35"),
                is_current,
                ctx.clock.ago((ctx.clock.today - valid_from).days * DAY),
            )
