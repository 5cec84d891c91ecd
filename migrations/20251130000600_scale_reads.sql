-- Reads that stay cheap at a million rows (issue 6, benchmarks/RESULTS.md).
--
-- The ROAS screen sums channel_costs per channel over its 7/30/90-day window
-- (sql/roas.sql roas_channel_costs; roas_daily_channel per day). Through the time index of
-- 20251130000400 every row of the window was also read from the table, for its channel,
-- cost and tokens. With them carried in the index the window is an index-only scan: 85
-- pages instead of 262 for a 30-day window of 13,000 runs. It replaces that index (the
-- same leading key), so a write to channel_costs maintains one index on its time, not two.
CREATE INDEX idx_channel_costs_created_cover
    ON public.channel_costs (created_at) INCLUDE (channel_id, cost_usd, tokens);
DROP INDEX public.idx_channel_costs_created_at;
