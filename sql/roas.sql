-- The ROAS screen (key 6): ads tiles per platform and campaign, the revenue and cost tiles
-- of the other systems, and the daily series behind the plot of the selected tile.
-- Every window is the calendar days :first_day to :last_day (UTC dates, both included), the
-- same days the overview's ROAS tile means by "the last N days".

-- name: roas_ads_tiles
-- One row for all campaigns (level 3), one per platform (level 1), one per campaign
-- (level 0). Campaigns without metrics in the window are kept (LEFT JOIN) so a paused or
-- draft campaign still has its tile. ROAS and its target are the overview's definitions
-- (overview_roas): revenue over spend, and the spend-weighted target; the plain target
-- stands in only where nothing was spent, where no verdict is possible anyway. CPC and
-- CPA are whole cents and CTR a fraction to four places, as the table's trigger rounds them.
WITH spent AS (
    SELECT m.campaign_id,
           sum(m.spend_cents) AS spend_cents,
           sum(m.revenue_cents) AS revenue_cents,
           sum(m.impressions) AS impressions,
           sum(m.clicks) AS clicks,
           sum(m.conversions) AS conversions
    FROM public.ads_daily_metrics AS m
    WHERE m.metric_date BETWEEN :first_day AND :last_day
    GROUP BY m.campaign_id
)
SELECT GROUPING(c.platform, c.id) AS level,
       c.platform, c.id AS campaign_id, c.campaign_name, c.status,
       count(c.id) AS campaigns,
       COALESCE(sum(s.spend_cents), 0) AS spend_cents,
       COALESCE(sum(s.revenue_cents), 0) AS revenue_cents,
       COALESCE(sum(s.impressions), 0) AS impressions,
       COALESCE(sum(s.clicks), 0) AS clicks,
       COALESCE(sum(s.conversions), 0) AS conversions,
       round(sum(s.revenue_cents)::numeric / NULLIF(sum(s.spend_cents), 0), 2) AS roas,
       COALESCE(
           round(sum(c.target_roas * s.spend_cents) / NULLIF(sum(s.spend_cents), 0), 2),
           round(avg(c.target_roas), 2)
       ) AS target_roas,
       round(sum(s.spend_cents)::numeric / NULLIF(sum(s.clicks), 0)) AS cpc_cents,
       round(sum(s.spend_cents)::numeric / NULLIF(sum(s.conversions), 0)) AS cpa_cents,
       round(sum(s.clicks)::numeric / NULLIF(sum(s.impressions), 0), 4) AS ctr
FROM public.ads_campaigns AS c
LEFT JOIN spent AS s ON s.campaign_id = c.id
GROUP BY GROUPING SETS ((), (c.platform), (c.platform, c.id, c.campaign_name, c.status))
ORDER BY level DESC, c.platform, c.campaign_name, c.id;

-- name: roas_system_revenue
-- Seed 000's metrics_daily: one row per day and system, money in decimal units. The
-- currency is the row's own where its metadata names one (Amazon UK sells in GBP).
SELECT system,
       COALESCE(metadata ->> 'currency', 'USD') AS currency,
       sum(revenue_gross) AS gross,
       sum(revenue_net) AS net,
       sum(units_sold) AS units,
       count(*) AS days
FROM public.metrics_daily
WHERE date BETWEEN :first_day AND :last_day
GROUP BY system, COALESCE(metadata ->> 'currency', 'USD')
ORDER BY system, currency;

-- name: roas_store_revenue
-- Seed 004's revenue tile ("DashboardFact" WHERE metric = 'revenue'), decimal units in
-- the row's unit: the undivided total first, then each dimension's values.
SELECT dimension, dimension_value, unit, sum(value) AS amount, count(*) AS days
FROM public."DashboardFact"
WHERE metric = 'revenue' AND fact_date BETWEEN :first_day AND :last_day
GROUP BY dimension, dimension_value, unit
ORDER BY dimension NULLS FIRST, dimension_value NULLS FIRST, unit;

-- name: roas_channel_costs
-- Seed 002's channel_costs (cost_usd in decimal dollars) per channel, over the window's
-- days in UTC; :since and :until are the window's first midnight and the one after it.
SELECT channel_id, sum(cost_usd) AS cost, sum(tokens) AS tokens, count(*) AS runs
FROM public.channel_costs
WHERE created_at >= :since AND created_at < :until
GROUP BY channel_id
ORDER BY channel_id NULLS LAST;

-- name: roas_daily_total
-- Daily spend and revenue of every campaign, one row per day of the window (zero when
-- nothing ran), read through the date index.
WITH daily AS (
    SELECT m.metric_date, sum(m.spend_cents) AS spend_cents, sum(m.revenue_cents) AS revenue_cents
    FROM public.ads_daily_metrics AS m
    WHERE m.metric_date BETWEEN :first_day AND :last_day
    GROUP BY m.metric_date
)
SELECT d.day::date AS day,
       COALESCE(daily.spend_cents, 0) AS spend_cents,
       COALESCE(daily.revenue_cents, 0) AS revenue_cents,
       round(daily.revenue_cents::numeric / NULLIF(daily.spend_cents, 0), 2) AS roas
FROM generate_series(CAST(:first_day AS date), CAST(:last_day AS date), interval '1 day') AS d(day)
LEFT JOIN daily ON daily.metric_date = d.day::date
ORDER BY d.day;

-- name: roas_daily_platform
-- The same for one platform's campaigns.
WITH daily AS (
    SELECT m.metric_date, sum(m.spend_cents) AS spend_cents, sum(m.revenue_cents) AS revenue_cents
    FROM public.ads_daily_metrics AS m
    JOIN public.ads_campaigns AS c ON c.id = m.campaign_id
    WHERE c.platform = :platform AND m.metric_date BETWEEN :first_day AND :last_day
    GROUP BY m.metric_date
)
SELECT d.day::date AS day,
       COALESCE(daily.spend_cents, 0) AS spend_cents,
       COALESCE(daily.revenue_cents, 0) AS revenue_cents,
       round(daily.revenue_cents::numeric / NULLIF(daily.spend_cents, 0), 2) AS roas
FROM generate_series(CAST(:first_day AS date), CAST(:last_day AS date), interval '1 day') AS d(day)
LEFT JOIN daily ON daily.metric_date = d.day::date
ORDER BY d.day;

-- name: roas_daily_campaign
-- The same for one campaign, through its (campaign_id, metric_date) index.
SELECT d.day::date AS day,
       COALESCE(m.spend_cents, 0) AS spend_cents,
       COALESCE(m.revenue_cents, 0) AS revenue_cents,
       round(m.revenue_cents::numeric / NULLIF(m.spend_cents, 0), 2) AS roas
FROM generate_series(CAST(:first_day AS date), CAST(:last_day AS date), interval '1 day') AS d(day)
LEFT JOIN public.ads_daily_metrics AS m
       ON m.campaign_id = :campaign_id AND m.metric_date = d.day::date
ORDER BY d.day;

-- name: roas_daily_system
-- One system's gross revenue per day (metrics_daily), in its currency.
SELECT d.day::date AS day, COALESCE(sum(r.revenue_gross), 0) AS amount
FROM generate_series(CAST(:first_day AS date), CAST(:last_day AS date), interval '1 day') AS d(day)
LEFT JOIN public.metrics_daily AS r
       ON r.date = d.day::date AND r.system = :system
      AND COALESCE(r.metadata ->> 'currency', 'USD') = :currency
GROUP BY d.day
ORDER BY d.day;

-- name: roas_daily_store
-- One "DashboardFact" revenue series per day: the total (no dimension) or one value.
SELECT d.day::date AS day, COALESCE(sum(f.value), 0) AS amount
FROM generate_series(CAST(:first_day AS date), CAST(:last_day AS date), interval '1 day') AS d(day)
LEFT JOIN public."DashboardFact" AS f
       ON f.metric = 'revenue' AND f.fact_date = d.day::date AND f.unit = :unit
      AND f.dimension IS NOT DISTINCT FROM CAST(:dimension AS text)
      AND f.dimension_value IS NOT DISTINCT FROM CAST(:dimension_value AS text)
GROUP BY d.day
ORDER BY d.day;

-- name: roas_daily_channel
-- One channel's cost per UTC day, read through the created_at index.
WITH daily AS (
    SELECT (created_at AT TIME ZONE 'UTC')::date AS day, sum(cost_usd) AS cost
    FROM public.channel_costs
    WHERE created_at >= :since AND created_at < :until
      AND channel_id IS NOT DISTINCT FROM CAST(:channel_id AS text)
    GROUP BY 1
)
SELECT d.day::date AS day, COALESCE(daily.cost, 0) AS amount
FROM generate_series(CAST(:first_day AS date), CAST(:last_day AS date), interval '1 day') AS d(day)
LEFT JOIN daily ON daily.day = d.day::date
ORDER BY d.day;
