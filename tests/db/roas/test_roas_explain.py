"""The ROAS screen's windows stay on indexes at scale: EXPLAIN over years of ads and costs.

The fixture fills 120 campaigns with three years of daily metrics (131,400 rows) and
channel_costs with 100,000 runs over the same years, ANALYZEs them, and each test asserts
the planner reads the window of each big table through an index, never by a Seq Scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.roas.model import WINDOWS, Window
from hotdash_tui.db.sql import sql_text
from tests.conftest import FIXED_NOW
from tests.db.plans import plan_nodes

CAMPAIGNS = 120
DAYS = 3 * 365
COSTS = 100_000
DATE_INDEX = "idx_ads_daily_metrics_date"
CAMPAIGN_INDEXES = (
    "idx_ads_daily_metrics_campaign_date",
    "ads_daily_metrics_campaign_id_metric_date_key",
    "idx_ads_daily_metrics_campaign",
)
COSTS_INDEX = "idx_channel_costs_created_cover"


def explain(engine: sqlalchemy.Engine, name: str, params: dict[str, Any]) -> list[Any]:
    with engine.connect() as conn:
        statement = text("EXPLAIN (FORMAT JSON) " + sql_text(name))
        document = conn.execute(statement, params).scalar_one()
    return list(plan_nodes(document[0]["Plan"]))


def assert_reads_by_index(nodes: list[Any], table: str, *indexes: str) -> None:
    on_table = [n for n in nodes if n.get("Relation Name") == table]
    assert on_table, nodes
    assert all(n["Node Type"] != "Seq Scan" for n in on_table), on_table
    # A Bitmap Index Scan names its index but not its table: every index of the table counts.
    prefixes = ("idx_" + table, table)
    used = {n["Index Name"] for n in nodes if n.get("Index Name", "").startswith(prefixes)}
    assert used and used <= set(indexes), used


@pytest.fixture(scope="module")
def big_ads(pg_admin_url: str, migrated_template: str) -> Iterator[sqlalchemy.Engine]:
    """One filled database for the module: the fill is the slow part, the plans are read-only."""
    from hotdash_tui.db.engine import create_db_engine
    from tests.conftest import create_database, database_url, drop_database

    name = create_database(pg_admin_url, migrated_template)
    engine = create_db_engine(database_url(pg_admin_url, name))
    last = FIXED_NOW.date()
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO ads_campaigns (campaign_id, platform, campaign_name,"
                    " target_roas, budget_cents, start_date)"
                    " SELECT 'C-' || g,"
                    "  (ARRAY['meta','google','tiktok','pinterest','organic'])[1 + g % 5],"
                    "  'Campaign ' || g, 2 + (g % 20) / 10.0, 100000, :last - :days"
                    " FROM generate_series(1, :n) g"
                ),
                {"n": CAMPAIGNS, "last": last, "days": DAYS},
            )
            conn.execute(
                text(
                    "INSERT INTO ads_daily_metrics (campaign_id, metric_date, spend_cents,"
                    " impressions, clicks, conversions, revenue_cents)"
                    " SELECT c.id, :last - d, 1000 + d % 700, 5000, 60 + d % 9, d % 4,"
                    "  3000 + d % 1100"
                    " FROM ads_campaigns c, generate_series(0, :days - 1) d"
                ),
                {"last": last, "days": DAYS},
            )
            conn.execute(
                text(
                    "INSERT INTO channel_costs (channel_id, run_id, provider, cost_usd, tokens,"
                    " created_at)"
                    " SELECT 'ch_' || (g % 6), 'run-' || g, 'openai', (g % 90) / 100.0, g % 5000,"
                    "  CAST(:now AS timestamptz) - (g * interval '1 second') * :spread"
                    " FROM generate_series(1, :n) g"
                ),
                {"now": FIXED_NOW, "n": COSTS, "spread": DAYS * 86_400 // COSTS},
            )
        with engine.connect() as conn:
            autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.exec_driver_sql("VACUUM ANALYZE public.ads_campaigns")
            autocommit.exec_driver_sql("VACUUM ANALYZE public.ads_daily_metrics")
            autocommit.exec_driver_sql("VACUUM ANALYZE public.channel_costs")
        yield engine
    finally:
        engine.dispose()
        drop_database(pg_admin_url, name)


def window(days: int) -> dict[str, Any]:
    return Window.ending(FIXED_NOW, days).params()


@pytest.mark.parametrize("days", WINDOWS)
def test_the_ads_tiles_read_the_window_through_the_date_index(
    big_ads: sqlalchemy.Engine, days: int
) -> None:
    nodes = explain(big_ads, "roas_ads_tiles", window(days))
    assert_reads_by_index(nodes, "ads_daily_metrics", DATE_INDEX)


@pytest.mark.parametrize("days", WINDOWS)
def test_the_total_and_platform_series_read_the_window_by_index(
    big_ads: sqlalchemy.Engine, days: int
) -> None:
    total = explain(big_ads, "roas_daily_total", window(days))
    assert_reads_by_index(total, "ads_daily_metrics", DATE_INDEX)
    platform = explain(big_ads, "roas_daily_platform", window(days) | {"platform": "meta"})
    assert_reads_by_index(platform, "ads_daily_metrics", DATE_INDEX, *CAMPAIGN_INDEXES)


def test_a_campaign_series_reads_its_own_days_by_the_campaign_index(
    big_ads: sqlalchemy.Engine,
) -> None:
    with big_ads.connect() as conn:
        campaign = conn.execute(text("SELECT id FROM ads_campaigns LIMIT 1")).scalar_one()
    nodes = explain(big_ads, "roas_daily_campaign", window(90) | {"campaign_id": campaign})
    assert_reads_by_index(nodes, "ads_daily_metrics", *CAMPAIGN_INDEXES)


@pytest.mark.parametrize("days", WINDOWS)
def test_channel_costs_are_summed_over_an_index_range(
    big_ads: sqlalchemy.Engine, days: int
) -> None:
    tiles = explain(big_ads, "roas_channel_costs", window(days))
    assert_reads_by_index(tiles, "channel_costs", COSTS_INDEX)
    # The index carries every column the sums need: the table itself is not read.
    scans = [n for n in tiles if n.get("Index Name") == COSTS_INDEX]
    assert scans and all(n["Node Type"] == "Index Only Scan" for n in scans), scans
    series = explain(big_ads, "roas_daily_channel", window(days) | {"channel_id": "ch_1"})
    assert_reads_by_index(series, "channel_costs", COSTS_INDEX)
