-- An agent's adjust_budget names its campaign by name (seed 004's payloads); the approval's
-- details find the campaign by it (sql/approvals.sql, approvals_campaign_roas).
CREATE INDEX idx_ads_campaigns_name ON public.ads_campaigns (campaign_name);
