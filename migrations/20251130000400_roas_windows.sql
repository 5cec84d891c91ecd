-- The ROAS screen (key 6) sums seed 002's channel_costs per channel over the last 7, 30 or
-- 90 days. channel_costs grows with the pipeline's runs (a row per run) and had no index on
-- its time, so every window read the whole table. With this one a window is a range scan:
--   sql/roas.sql roas_channel_costs / roas_daily_channel:
--     WHERE created_at >= :since AND created_at < :until
-- The ads tables already carry the seed's (metric_date) and (campaign_id, metric_date)
-- indexes, metrics_daily its (date, system) key and "DashboardFact" (metric, fact_date).
CREATE INDEX idx_channel_costs_created_at ON public.channel_costs (created_at);
