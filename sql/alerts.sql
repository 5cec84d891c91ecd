-- The competitor alerts screen (key 3): competitors.alerts with the competitor product.
--
-- A view is one or more statuses, each read as its own phase (new first, then viewed, ...);
-- within a status the order is severity (critical first) then newest first. The severity
-- rank below is written exactly as idx_alerts_window (migration 20251130000100) indexes it,
-- and every part of the order is descending, so the keyset is one row comparison:
--   (<rank>, created_at, id) < (:after_rank, :after_at, :after_id)
-- The first window of a phase starts above every rank (:after_rank 5). Alerts whose
-- created_at is NULL (the column has a default but no NOT NULL) are never shown.
-- The unfiltered window has its own statement so that its plan stays on the index even as a
-- generic prepared plan; the filtered one takes NULL for each term not used.

-- name: alerts_window
-- One window of one status, unfiltered: a range scan of idx_alerts_window in index order.
SELECT a.id, a.competitor_id, a.alert_type, a.previous_value, a.new_value, a.change_pct,
       a.severity, a.status, a.created_at, a.actioned_at, a.actioned_by, a.action_taken,
       CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                       WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END AS severity_rank,
       COALESCE(cardinality(a.affected_listings), 0) AS affected_count,
       (SELECT l.asin FROM catalog.listings AS l
        WHERE l.id = a.affected_listings[1]) AS first_affected_asin,
       p.asin AS competitor_asin, p.title AS competitor_title, p.brand AS competitor_brand
FROM competitors.alerts AS a
JOIN competitors.products AS p ON p.id = a.competitor_id
WHERE a.status = CAST(:status AS text)
  AND (CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                       WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END,
       a.created_at, a.id)
      < (CAST(:after_rank AS integer), CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))
ORDER BY CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                         WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END DESC,
         a.created_at DESC, a.id DESC
LIMIT :limit;

-- name: alerts_window_filtered
-- The window under the `/` filter. :severity_rank narrows the index range; :kind and
-- :pattern (a literal ILIKE pattern from contains_pattern) are checked on the rows walked.
-- :competitor_ids and :listing_ids are resolved first (alerts_find_competitors,
-- alerts_find_listings) and passed as arrays, so the planner sees how selective they are and
-- reads a rare competitor's alerts through idx_alerts_competitor or a listing's through
-- idx_alerts_affected_listings, sorting only those, instead of walking the whole status.
SELECT a.id, a.competitor_id, a.alert_type, a.previous_value, a.new_value, a.change_pct,
       a.severity, a.status, a.created_at, a.actioned_at, a.actioned_by, a.action_taken,
       CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                       WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END AS severity_rank,
       COALESCE(cardinality(a.affected_listings), 0) AS affected_count,
       (SELECT l.asin FROM catalog.listings AS l
        WHERE l.id = a.affected_listings[1]) AS first_affected_asin,
       p.asin AS competitor_asin, p.title AS competitor_title, p.brand AS competitor_brand
FROM competitors.alerts AS a
JOIN competitors.products AS p ON p.id = a.competitor_id
WHERE a.status = CAST(:status AS text)
  AND (CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                       WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END,
       a.created_at, a.id)
      < (CAST(:after_rank AS integer), CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))
  AND (CAST(:severity_rank AS integer) IS NULL
       OR CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                          WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END
          = CAST(:severity_rank AS integer))
  AND (CAST(:kind AS text) IS NULL OR a.alert_type = CAST(:kind AS text))
  AND (CAST(:competitor_ids AS uuid[]) IS NULL
       OR a.competitor_id = ANY (CAST(:competitor_ids AS uuid[])))
  AND (CAST(:listing_ids AS uuid[]) IS NULL
       OR a.affected_listings && CAST(:listing_ids AS uuid[]))
  AND (CAST(:pattern AS text) IS NULL
       OR a.alert_type ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR a.previous_value ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR a.new_value ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR a.action_taken ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR p.asin ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR p.title ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR p.brand ILIKE CAST(:pattern AS text) ESCAPE '\')
ORDER BY CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                         WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END DESC,
         a.created_at DESC, a.id DESC
LIMIT :limit;

-- name: alerts_count
-- "row x of N" without counting a big table: each status stops at :cap rows and so does the
-- sum (the screen shows "10000+"). One status at a time, in the windows' order, so each is a
-- range of idx_alerts_window read in order (without the ORDER BY the planner takes a Seq Scan
-- hoping to meet :cap rows early, which reads most of the table for a rare status).
-- LEFT JOIN: when no text is searched the planner drops the join to the products.
-- The filter terms are alerts_window_filtered's.
SELECT count(*) AS total FROM (
    SELECT 1
    FROM unnest(CAST(:statuses AS text[])) AS s(status)
    CROSS JOIN LATERAL (
        SELECT 1
        FROM competitors.alerts AS a
        LEFT JOIN competitors.products AS p ON p.id = a.competitor_id
        WHERE a.status = s.status
          AND (CAST(:severity_rank AS integer) IS NULL
               OR CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                                  WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END
                  = CAST(:severity_rank AS integer))
          AND (CAST(:kind AS text) IS NULL OR a.alert_type = CAST(:kind AS text))
          AND (CAST(:competitor_ids AS uuid[]) IS NULL
               OR a.competitor_id = ANY (CAST(:competitor_ids AS uuid[])))
          AND (CAST(:listing_ids AS uuid[]) IS NULL
               OR a.affected_listings && CAST(:listing_ids AS uuid[]))
          AND (CAST(:pattern AS text) IS NULL
               OR a.alert_type ILIKE CAST(:pattern AS text) ESCAPE '\'
               OR a.previous_value ILIKE CAST(:pattern AS text) ESCAPE '\'
               OR a.new_value ILIKE CAST(:pattern AS text) ESCAPE '\'
               OR a.action_taken ILIKE CAST(:pattern AS text) ESCAPE '\'
               OR p.asin ILIKE CAST(:pattern AS text) ESCAPE '\'
               OR p.title ILIKE CAST(:pattern AS text) ESCAPE '\'
               OR p.brand ILIKE CAST(:pattern AS text) ESCAPE '\')
        ORDER BY CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                                 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END DESC,
                 a.created_at DESC, a.id DESC
        LIMIT :cap
    ) AS w
    LIMIT :cap
) AS counted;

-- name: alerts_count_plain
-- alerts_count of a view without filter terms, the screen's usual case. Each status is a
-- range of idx_alerts_status (status, created_at DESC) read index-only and in order (the
-- ORDER BY keeps the planner off a Seq Scan, as above); alerts_count's path through
-- idx_alerts_window must visit the table for every row counted (its severity rank is an
-- expression an index-only scan cannot return): 9 ms for 10,000 rows at a million alerts.
SELECT count(*) AS total FROM (
    SELECT 1
    FROM unnest(CAST(:statuses AS text[])) AS s(status)
    CROSS JOIN LATERAL (
        SELECT 1
        FROM competitors.alerts AS a
        WHERE a.status = s.status
        ORDER BY a.created_at DESC
        LIMIT :cap
    ) AS w
    LIMIT :cap
) AS counted;

-- name: alerts_find_competitors
-- competitor: is an ASIN (exact, any letter case) or text in the title, brand or seller.
-- competitors.products is small (one row per tracked rival); at most :cap ids come back.
SELECT id FROM competitors.products
WHERE asin = upper(CAST(:term AS text))
   OR title ILIKE CAST(:pattern AS text) ESCAPE '\'
   OR brand ILIKE CAST(:pattern AS text) ESCAPE '\'
   OR seller_name ILIKE CAST(:pattern AS text) ESCAPE '\'
ORDER BY id
LIMIT :cap;

-- name: alerts_find_listings
-- listing: is one of our listings by ASIN or SKU (both unique), any letter case for the ASIN.
SELECT id FROM catalog.listings
WHERE asin = upper(CAST(:term AS text)) OR sku = CAST(:term AS text);

-- name: alerts_details
-- One alert with everything known about its competitor product.
SELECT a.id, a.competitor_id, a.alert_type, a.previous_value, a.new_value, a.change_pct,
       a.severity, a.status, a.created_at, a.actioned_at, a.actioned_by, a.action_taken,
       CASE a.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
                       WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END AS severity_rank,
       COALESCE(cardinality(a.affected_listings), 0) AS affected_count,
       (SELECT l.asin FROM catalog.listings AS l
        WHERE l.id = a.affected_listings[1]) AS first_affected_asin,
       a.affected_listings,
       p.asin AS competitor_asin, p.title AS competitor_title, p.brand AS competitor_brand,
       p.seller_name, p.current_price, p.current_bsr, p.review_count, p.rating,
       p.buy_box_price, p.buy_box_seller, p.is_amazon_seller, p.threat_score,
       p.tracking_priority, p.last_synced_at
FROM competitors.alerts AS a
JOIN competitors.products AS p ON p.id = a.competitor_id
WHERE a.id = :id;

-- name: alerts_price_history
-- The competitor's price and BSR per day over [:since, :until), averaged in SQL: at most one
-- row per day whatever the sampling. The primary key (competitor_id, time) bounds the read.
SELECT date_trunc('day', h.time, 'UTC') AS day,
       avg(h.price) AS price, avg(h.bsr)::bigint AS bsr
FROM competitors.price_history AS h
WHERE h.competitor_id = :competitor_id
  AND h.time >= CAST(:since AS timestamptz) AND h.time < CAST(:until AS timestamptz)
GROUP BY 1
ORDER BY 1;

-- name: alerts_affected_listings
-- Our listings an alert affects, with their own current price (pricing.current_prices).
SELECT l.id, l.asin, l.sku, l.title, cp.price, cp.sale_price, cp.currency,
       cp.buy_box_price, cp.has_buy_box
FROM catalog.listings AS l
LEFT JOIN pricing.current_prices AS cp ON cp.listing_id = l.id
WHERE l.id = ANY (CAST(:ids AS uuid[]))
ORDER BY l.asin
LIMIT :limit;

-- name: alerts_mark_viewed
-- v: only a new alert becomes viewed. The CTE locks the row and keeps what it was, for the
-- audit row; zero rows back means someone changed it first (or it is gone).
WITH before AS (
    SELECT id, status, actioned_by, actioned_at
    FROM competitors.alerts WHERE id = :id FOR UPDATE
)
UPDATE competitors.alerts AS a
SET status = 'viewed', actioned_by = :actor
FROM before
WHERE a.id = before.id AND before.status = 'new'
RETURNING before.status AS old_status, before.actioned_by AS old_by,
          before.actioned_at AS old_at, a.actioned_at;

-- name: alerts_mark_actioned
-- x: a new or viewed alert is actioned, with what was done, when and by whom.
WITH before AS (
    SELECT id, status, actioned_by, actioned_at
    FROM competitors.alerts WHERE id = :id FOR UPDATE
)
UPDATE competitors.alerts AS a
SET status = 'actioned', action_taken = :action_taken,
    actioned_at = CAST(:now AS timestamptz), actioned_by = :actor
FROM before
WHERE a.id = before.id AND before.status IN ('new', 'viewed')
RETURNING before.status AS old_status, before.actioned_by AS old_by,
          before.actioned_at AS old_at, a.actioned_at;

-- name: alerts_dismiss
-- d: a new or viewed alert is dismissed; actioned_at records when, as the seed does.
WITH before AS (
    SELECT id, status, actioned_by, actioned_at
    FROM competitors.alerts WHERE id = :id FOR UPDATE
)
UPDATE competitors.alerts AS a
SET status = 'dismissed', actioned_at = CAST(:now AS timestamptz), actioned_by = :actor
FROM before
WHERE a.id = before.id AND before.status IN ('new', 'viewed')
RETURNING before.status AS old_status, before.actioned_by AS old_by,
          before.actioned_at AS old_at, a.actioned_at;

-- name: alerts_undo
-- u: an alert changed by :actor goes back to what it was, only while it is still as that
-- change left it (status, who, and when for x and d); zero rows back: someone changed it since.
UPDATE competitors.alerts
SET status = :old_status, actioned_by = :old_by,
    actioned_at = CASE WHEN :with_at THEN CAST(:old_at AS timestamptz) ELSE actioned_at END,
    action_taken = CASE WHEN :clear_taken THEN NULL ELSE action_taken END
WHERE id = :id AND status = :new_status AND actioned_by = :actor
  AND (NOT :with_at OR actioned_at IS NOT DISTINCT FROM CAST(:new_at AS timestamptz))
RETURNING id;

-- name: alerts_state
-- The alert as it is now, for "already dismissed by bob at 10:41".
SELECT status, actioned_by, actioned_at FROM competitors.alerts WHERE id = :id;
