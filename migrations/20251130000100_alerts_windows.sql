-- hotdash: the competitor alerts screen (key 3) reads competitors.alerts as keyset windows:
-- one status at a time (new first, then viewed, ...), most severe first, newest first. With a
-- million alerts each window and the capped count is a range scan of these indexes.
--
-- The severity rank is CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
-- WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END: descending rank is "critical first",
-- so the whole order is descending and the keyset is one row comparison. The expression must
-- stay exactly as sql/alerts.sql writes it for the planner to match it. The seed's partial
-- idx_alerts_new_severity orders severity as text ('critical' < 'high' < 'low' < 'medium'),
-- which is not the order an operator wants; it stays for the overview's tile.

-- sql/alerts.sql alerts_window, alerts_window_filtered and alerts_count:
--   WHERE a.status = :status AND (<rank>, a.created_at, a.id) < (:after_rank, :after_at, :after_id)
--   ORDER BY <rank> DESC, a.created_at DESC, a.id DESC LIMIT :limit
-- A severity: filter is an equality on the second column, so it stays a range scan.
CREATE INDEX idx_alerts_window ON competitors.alerts (
    status,
    (CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                   WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END) DESC,
    created_at DESC,
    id DESC
);

-- competitor: finds the alerts of the few matching competitors through this index (the ids
-- are resolved first and bound as an array) instead of walking a whole status looking for
-- them. It also serves the foreign key to competitors.products.
CREATE INDEX idx_alerts_competitor ON competitors.alerts (competitor_id, created_at DESC);

-- listing: an alert names the listings it affects in an array; this answers
-- a.affected_listings && ARRAY(<ids of the listing's ASIN>).
CREATE INDEX idx_alerts_affected_listings ON competitors.alerts USING gin (affected_listings);
