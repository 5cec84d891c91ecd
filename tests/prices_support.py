"""What a price save may touch, read back so a refused save can be shown to touch nothing;
shared by the data-layer and the screen tests of the prices screen."""

from __future__ import annotations

from typing import Any

import sqlalchemy
from sqlalchemy import text


def price_state(engine: sqlalchemy.Engine, listing_id: Any) -> dict[str, Any]:
    """The listing's price row, its history length and the audit log's length."""
    with engine.connect() as conn:
        price = conn.execute(
            text("SELECT * FROM pricing.current_prices WHERE listing_id = :id"), {"id": listing_id}
        ).one()
        history = conn.execute(
            text("SELECT count(*) FROM pricing.price_history WHERE listing_id = :id"),
            {"id": listing_id},
        ).scalar_one()
        audit = conn.execute(text("SELECT count(*) FROM system.audit_log")).scalar_one()
    return {"row": price._asdict(), "history": history, "audit": audit}
