"""The ROAS screen's SQL aggregates agree with the same figures computed in Python from rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import text

from hotdash_tui.db.overview import load_overview
from hotdash_tui.db.roas.model import WINDOWS, AdsFigures, SubjectKind, Window, next_window
from hotdash_tui.db.roas.read import NO_CHANNEL, load_roas, load_series
from tests.conftest import FIXED_NOW

CENT = Decimal("0.01")


def rows(engine: sqlalchemy.Engine, statement: str) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(statement)))


def rounded(numerator: int | Decimal, denominator: int | Decimal, places: str) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


def expected_ads(engine: sqlalchemy.Engine, window: Window) -> dict[str, dict[str, Any]]:
    """Per subject key: the tile's figures summed and divided in Python."""
    campaigns = rows(engine, "SELECT id, platform, target_roas FROM ads_campaigns")
    metrics = rows(
        engine,
        "SELECT campaign_id, metric_date, spend_cents, revenue_cents, impressions, clicks,"
        " conversions FROM ads_daily_metrics",
    )
    fields = ("spend_cents", "revenue_cents", "impressions", "clicks", "conversions")
    per_campaign: dict[Any, dict[str, int]] = {c.id: dict.fromkeys(fields, 0) for c in campaigns}
    for m in metrics:
        if window.first_day <= m.metric_date <= window.last_day:
            for field in fields:
                per_campaign[m.campaign_id][field] += getattr(m, field)
    groups: dict[str, list[Any]] = defaultdict(list)
    for c in campaigns:
        for key in ("ads:", f"platform:{c.platform}", f"campaign:{c.platform}/{c.id}"):
            groups[key].append(c)
    result = {}
    for key, members in groups.items():
        sums = {f: sum(per_campaign[c.id][f] for c in members) for f in fields}
        spend = sums["spend_cents"]
        weighted = sum(
            (c.target_roas * per_campaign[c.id]["spend_cents"] for c in members if c.target_roas),
            Decimal(0),
        )
        targets = [c.target_roas for c in members if c.target_roas is not None]
        plain = rounded(sum(targets, Decimal(0)), len(targets), "0.01")
        result[key] = sums | {
            "roas": rounded(sums["revenue_cents"], spend, "0.01"),
            "target_roas": rounded(weighted, spend, "0.01") if spend else plain,
            "cpc_cents": rounded(spend, sums["clicks"], "1"),
            "cpa_cents": rounded(spend, sums["conversions"], "1"),
            "ctr": rounded(sums["clicks"], sums["impressions"], "0.0001"),
        }
    return result


def subject_key(key: str) -> str:
    """The test's group keys in the shape of Subject.key."""
    kind, _, rest = key.partition(":")
    if kind == "ads":
        return "ads://///"
    if kind == "platform":
        return f"platform:{rest}/////"
    platform, campaign = rest.split("/")
    return f"campaign:{platform}/{campaign}////"


@pytest.mark.parametrize("days", WINDOWS)
def test_ads_tiles_are_the_sums_and_ratios_of_the_rows(
    seeded_engine: sqlalchemy.Engine, days: int
) -> None:
    board = load_roas(seeded_engine, FIXED_NOW, days)
    expected = {subject_key(k): v for k, v in expected_ads(seeded_engine, board.window).items()}
    shown = {}
    for tile in board.ads:
        f = tile.figure
        shown[tile.subject.key] = {
            "spend_cents": f.spend_cents,
            "revenue_cents": f.revenue_cents,
            "impressions": tile.impressions,
            "clicks": tile.clicks,
            "conversions": tile.conversions,
            "roas": f.roas,
            "target_roas": f.target_roas,
            "cpc_cents": tile.cpc_cents,
            "cpa_cents": tile.cpa_cents,
            "ctr": tile.ctr,
        }
    assert shown == expected
    kinds = [t.subject.kind for t in board.ads]
    assert kinds[0] is SubjectKind.ADS_TOTAL and kinds.count(SubjectKind.ADS_TOTAL) == 1
    verdicts = {t.figure.meets_target for t in board.ads}
    assert {True, False} <= verdicts  # the demo has tiles on both sides of their target


def test_the_30_day_platform_and_total_figures_are_the_overviews(
    seeded_engine: sqlalchemy.Engine,
) -> None:
    overview = {r.platform: r for r in load_overview(seeded_engine, FIXED_NOW).roas}
    board = load_roas(seeded_engine, FIXED_NOW, 30)
    spent = [t for t in board.ads if t.subject.kind is not SubjectKind.CAMPAIGN]
    with_spend = {t.figure.platform: t.figure for t in spent if t.figure.revenue_cents}
    assert set(with_spend) == set(overview)
    for platform, figure in with_spend.items():
        ours = (figure.spend_cents, figure.revenue_cents, figure.roas, figure.meets_target)
        theirs = overview[platform]
        assert ours == (theirs.spend_cents, theirs.revenue_cents, theirs.roas, theirs.meets_target)
        if figure.spend_cents:
            assert figure.target_roas == theirs.target_roas


@pytest.mark.parametrize("days", WINDOWS)
def test_other_systems_are_summed_over_the_same_days(
    seeded_engine: sqlalchemy.Engine, days: int
) -> None:
    board = load_roas(seeded_engine, FIXED_NOW, days)
    window = board.window
    systems: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for r in rows(seeded_engine, "SELECT * FROM metrics_daily"):
        if window.first_day <= r.date <= window.last_day:
            sums = systems[(r.system, (r.metadata or {}).get("currency", "USD"))]
            sums[0] += r.revenue_gross
            sums[1] += r.revenue_net
            sums[2] += r.units_sold
    assert {
        (s.subject.system, s.subject.currency): [s.gross, s.net, s.units] for s in board.systems
    } == systems
    assert {s.subject.currency for s in board.systems} == {"USD", "GBP"}

    store: dict[tuple[Any, ...], Decimal] = defaultdict(Decimal)
    facts = rows(seeded_engine, """SELECT * FROM "DashboardFact" WHERE metric = 'revenue'""")
    for f in facts:
        if window.first_day <= f.fact_date <= window.last_day:
            store[(f.dimension, f.dimension_value, f.unit)] += f.value
    assert {
        (s.subject.dimension, s.subject.dimension_value, s.subject.currency): s.amount
        for s in board.store
    } == store
    assert board.store[0].subject.dimension is None  # the undivided total first

    costs: dict[str | None, Decimal] = defaultdict(Decimal)
    for c in rows(seeded_engine, "SELECT * FROM channel_costs"):
        if window.since <= c.created_at < window.until:
            costs[c.channel_id] += c.cost_usd
    assert {c.subject.channel_id: c.cost for c in board.channels} == costs
    assert len(board.tiles) == len(board.ads) + len(systems) + len(store) + len(costs)


@pytest.mark.parametrize("days", [7, 90])
def test_every_tiles_daily_series_has_one_point_a_day(
    seeded_engine: sqlalchemy.Engine, days: int
) -> None:
    board = load_roas(seeded_engine, FIXED_NOW, days)
    window = board.window
    every_day = [window.first_day + timedelta(days=n) for n in range(days)]
    metrics = rows(
        seeded_engine,
        "SELECT m.metric_date, m.spend_cents, m.revenue_cents, c.platform, c.id"
        " FROM ads_daily_metrics m JOIN ads_campaigns c ON c.id = m.campaign_id",
    )
    for tile in board.tiles:
        series = load_series(seeded_engine, tile.subject, FIXED_NOW, days)
        subject = tile.subject
        if not isinstance(tile, AdsFigures):
            assert [p.day for p in series.amounts] == every_day and not series.ads
            continue
        spend: dict[Any, int] = defaultdict(int)
        revenue: dict[Any, int] = defaultdict(int)
        for m in metrics:
            if subject.platform in (None, m.platform) and subject.campaign_id in (None, m.id):
                spend[m.metric_date] += m.spend_cents
                revenue[m.metric_date] += m.revenue_cents
        assert [(p.day, p.spend_cents, p.revenue_cents, p.roas) for p in series.ads] == [
            (d, spend[d], revenue[d], rounded(revenue[d], spend[d], "0.01")) for d in every_day
        ]
        assert sum(p.spend_cents for p in series.ads) == tile.figure.spend_cents


def test_a_revenue_series_sums_its_own_rows(seeded_engine: sqlalchemy.Engine) -> None:
    board = load_roas(seeded_engine, FIXED_NOW, 30)
    for tile in (board.systems[0], board.store[1], board.channels[0]):
        series = load_series(seeded_engine, tile.subject, FIXED_NOW, 30)
        total = sum((p.amount for p in series.amounts), Decimal(0))
        expected = {"system": "gross", "store": "amount", "channel": "cost"}[tile.subject.kind]
        assert total == getattr(tile, expected) and total > 0


def _campaign(conn: sqlalchemy.Connection, name: str, target: str | None) -> Any:
    return conn.execute(
        text(
            "INSERT INTO ads_campaigns (campaign_id, platform, campaign_name, target_roas,"
            " start_date) VALUES (:name, 'google', :name, :target, DATE '2026-01-01')"
            " RETURNING id"
        ),
        {"name": name, "target": target},
    ).scalar_one()


def _metric(conn: sqlalchemy.Connection, campaign: Any, day: Any, **counts: int) -> None:
    values = {"spend_cents": 0, "impressions": 0, "clicks": 0, "conversions": 0}
    values |= {"revenue_cents": 0} | counts
    conn.execute(
        text(
            "INSERT INTO ads_daily_metrics (campaign_id, metric_date, spend_cents, impressions,"
            " clicks, conversions, revenue_cents) VALUES (:campaign, :day, :spend_cents,"
            " :impressions, :clicks, :conversions, :revenue_cents)"
        ),
        {"campaign": campaign, "day": day} | values,
    )


def test_zero_spend_clicks_and_impressions_divide_nothing(db_engine: sqlalchemy.Engine) -> None:
    today = FIXED_NOW.date()
    with db_engine.begin() as conn:
        idle = _campaign(conn, "Idle", "3.00")
        unclicked = _campaign(conn, "Unclicked", None)
        _metric(conn, idle, today)
        _metric(conn, unclicked, today, spend_cents=500, impressions=1000, revenue_cents=900)
    board = load_roas(db_engine, FIXED_NOW, 7)
    tiles = {t.subject.label: t for t in board.ads}
    assert tiles["Idle"].figure.roas is None and tiles["Idle"].figure.meets_target is None
    assert tiles["Idle"].figure.target_roas == Decimal("3.00")  # no spend: its own target
    assert (tiles["Idle"].cpc_cents, tiles["Idle"].cpa_cents, tiles["Idle"].ctr) == (None,) * 3
    other = tiles["Unclicked"]
    assert (other.figure.roas, other.cpc_cents, other.cpa_cents) == (Decimal("1.80"), None, None)
    assert other.ctr == Decimal(0) and other.figure.target_roas is None
    assert not board.systems and not board.store and not board.channels


def test_the_window_is_the_last_n_days_up_to_today_both_included(
    db_engine: sqlalchemy.Engine,
) -> None:
    window = Window.ending(FIXED_NOW, 7)
    assert (window.last_day - window.first_day).days == 6
    before, after = window.first_day - timedelta(days=1), window.last_day + timedelta(days=1)
    with db_engine.begin() as conn:
        campaign = _campaign(conn, "Edges", "2.00")
        for day, spend in ((before, 1), (window.first_day, 10), (window.last_day, 100)):
            _metric(conn, campaign, day, spend_cents=spend, revenue_cents=3 * spend)
        _metric(conn, campaign, after, spend_cents=1000, revenue_cents=1000)
        for day, gross in ((before, "1"), (window.first_day, "10"), (after, "1000")):
            conn.execute(
                text("INSERT INTO metrics_daily (date, revenue_gross) VALUES (:d, :g)"),
                {"d": day, "g": gross},
            )
        for at, cost in (
            (window.since - timedelta(microseconds=1), "1"),
            (window.since, "10"),
            (window.until - timedelta(microseconds=1), "100"),
            (window.until, "1000"),
        ):
            conn.execute(
                text(
                    "INSERT INTO channel_costs (channel_id, cost_usd, created_at)"
                    " VALUES (NULL, :c, :at)"
                ),
                {"c": cost, "at": at},
            )
    board = load_roas(db_engine, FIXED_NOW, 7)
    assert board.ads[0].figure.spend_cents == 110 and board.ads[0].figure.roas == Decimal(3)
    assert [s.gross for s in board.systems] == [Decimal(10)]
    assert [(c.subject.label, c.cost) for c in board.channels] == [(NO_CHANNEL, Decimal(110))]
    series = load_series(db_engine, board.ads[0].subject, FIXED_NOW, 7)
    assert [p.spend_cents for p in series.ads] == [10, 0, 0, 0, 0, 0, 100]
    costs = load_series(db_engine, board.channels[0].subject, FIXED_NOW, 7)
    assert [p.amount for p in costs.amounts] == [10, 0, 0, 0, 0, 0, 100]


def test_w_cycles_seven_thirty_ninety() -> None:
    assert [next_window(d) for d in (7, 30, 90, 14)] == [30, 90, 7, 7]
