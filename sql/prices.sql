-- The prices screen (key 4): Amazon listings with their current price and margins
-- (catalog.listings, pricing.current_prices), and seed 000's digital listings with 30 days
-- of sales (public.listings, public.products, public.sales).
--
-- Lists are keyset windows, one named query per sort order, each walking its own index of
-- migration 20251130000200 in order (no Sort node; tests/db/test_prices_explain.py). The
-- first window passes a cursor before every row, so every page runs the same statement.
-- :below_floor (the f key) and the `/` terms are filters tested on each row the window
-- walks; a NULL term matches everything. Patterns come from contains_pattern (ESCAPE '\').
--
-- Landed cost: current_prices.landed_cost, else the BOM estimate of the seed's view
-- inventory.listing_landed_costs (COALESCE runs the subquery only for rows without one).
-- Margin floor: the listing's margin_floor_pct, else the setting pricing.default_margin_floor
-- (a fraction, 0.20 = 20%), as the overview's tile counts it.

-- name: prices_window_by_margin
-- Lowest net margin first, listings without a margin last. idx_prices_window_margin.
SELECT l.id AS listing_id, l.sku, l.asin, l.title, cp.price, cp.currency, cp.sale_price,
       cp.buy_box_price, cp.has_buy_box, cp.landed_cost IS NULL AS landed_from_bom,
       COALESCE(cp.landed_cost,
                (SELECT round(v.estimated_landed_cost, 2)
                 FROM inventory.listing_landed_costs AS v WHERE v.listing_id = l.id))
           AS landed_cost,
       cp.referral_fee, cp.fba_fee, cp.gross_margin, cp.gross_margin_pct, cp.net_margin,
       cp.net_margin_pct, cp.min_price, cp.max_price,
       COALESCE(cp.margin_floor_pct,
                (SELECT (s.value #>> '{}')::numeric * 100 FROM system.settings AS s
                 WHERE s.key = 'pricing.default_margin_floor')) AS margin_floor_pct,
       cp.updated_at
FROM pricing.current_prices AS cp
JOIN catalog.listings AS l ON l.id = cp.listing_id
WHERE (COALESCE(cp.net_margin_pct, 1000), cp.listing_id)
      > (CAST(:after_rank AS numeric), CAST(:after_id AS uuid))
  AND (NOT CAST(:below_floor AS boolean)
       OR cp.net_margin_pct < COALESCE(cp.margin_floor_pct,
              (SELECT (s.value #>> '{}')::numeric * 100 FROM system.settings AS s
               WHERE s.key = 'pricing.default_margin_floor')))
  AND (CAST(:pattern AS text) IS NULL
       OR l.sku ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR l.asin ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR l.title ILIKE CAST(:pattern AS text) ESCAPE '\')
  AND (CAST(:sku AS text) IS NULL OR l.sku ILIKE CAST(:sku AS text) ESCAPE '\')
  AND (CAST(:asin AS text) IS NULL OR l.asin ILIKE CAST(:asin AS text) ESCAPE '\')
ORDER BY COALESCE(cp.net_margin_pct, 1000), cp.listing_id
LIMIT :limit;

-- name: prices_window_by_price
-- Dearest first. idx_prices_window_price.
SELECT l.id AS listing_id, l.sku, l.asin, l.title, cp.price, cp.currency, cp.sale_price,
       cp.buy_box_price, cp.has_buy_box, cp.landed_cost IS NULL AS landed_from_bom,
       COALESCE(cp.landed_cost,
                (SELECT round(v.estimated_landed_cost, 2)
                 FROM inventory.listing_landed_costs AS v WHERE v.listing_id = l.id))
           AS landed_cost,
       cp.referral_fee, cp.fba_fee, cp.gross_margin, cp.gross_margin_pct, cp.net_margin,
       cp.net_margin_pct, cp.min_price, cp.max_price,
       COALESCE(cp.margin_floor_pct,
                (SELECT (s.value #>> '{}')::numeric * 100 FROM system.settings AS s
                 WHERE s.key = 'pricing.default_margin_floor')) AS margin_floor_pct,
       cp.updated_at
FROM pricing.current_prices AS cp
JOIN catalog.listings AS l ON l.id = cp.listing_id
WHERE (cp.price, cp.listing_id) < (CAST(:after_price AS numeric), CAST(:after_id AS uuid))
  AND (NOT CAST(:below_floor AS boolean)
       OR cp.net_margin_pct < COALESCE(cp.margin_floor_pct,
              (SELECT (s.value #>> '{}')::numeric * 100 FROM system.settings AS s
               WHERE s.key = 'pricing.default_margin_floor')))
  AND (CAST(:pattern AS text) IS NULL
       OR l.sku ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR l.asin ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR l.title ILIKE CAST(:pattern AS text) ESCAPE '\')
  AND (CAST(:sku AS text) IS NULL OR l.sku ILIKE CAST(:sku AS text) ESCAPE '\')
  AND (CAST(:asin AS text) IS NULL OR l.asin ILIKE CAST(:asin AS text) ESCAPE '\')
ORDER BY cp.price DESC, cp.listing_id DESC
LIMIT :limit;

-- name: prices_window_by_title
-- A to Z by title: walks idx_listings_title_window and joins each listing's price
-- (current_prices.listing_id is unique), so listings without a price are skipped.
SELECT l.id AS listing_id, l.sku, l.asin, l.title, cp.price, cp.currency, cp.sale_price,
       cp.buy_box_price, cp.has_buy_box, cp.landed_cost IS NULL AS landed_from_bom,
       COALESCE(cp.landed_cost,
                (SELECT round(v.estimated_landed_cost, 2)
                 FROM inventory.listing_landed_costs AS v WHERE v.listing_id = l.id))
           AS landed_cost,
       cp.referral_fee, cp.fba_fee, cp.gross_margin, cp.gross_margin_pct, cp.net_margin,
       cp.net_margin_pct, cp.min_price, cp.max_price,
       COALESCE(cp.margin_floor_pct,
                (SELECT (s.value #>> '{}')::numeric * 100 FROM system.settings AS s
                 WHERE s.key = 'pricing.default_margin_floor')) AS margin_floor_pct,
       cp.updated_at
FROM catalog.listings AS l
JOIN pricing.current_prices AS cp ON cp.listing_id = l.id
WHERE (l.title, l.id) > (CAST(:after_title AS text), CAST(:after_id AS uuid))
  AND (NOT CAST(:below_floor AS boolean)
       OR cp.net_margin_pct < COALESCE(cp.margin_floor_pct,
              (SELECT (s.value #>> '{}')::numeric * 100 FROM system.settings AS s
               WHERE s.key = 'pricing.default_margin_floor')))
  AND (CAST(:pattern AS text) IS NULL
       OR l.sku ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR l.asin ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR l.title ILIKE CAST(:pattern AS text) ESCAPE '\')
  AND (CAST(:sku AS text) IS NULL OR l.sku ILIKE CAST(:sku AS text) ESCAPE '\')
  AND (CAST(:asin AS text) IS NULL OR l.asin ILIKE CAST(:asin AS text) ESCAPE '\')
ORDER BY l.title, l.id
LIMIT :limit;

-- name: prices_count
-- "row x of N": the priced listings under the same filter, stopping at :cap rows.
SELECT count(*) AS n
FROM (
    SELECT 1
    FROM pricing.current_prices AS cp
    JOIN catalog.listings AS l ON l.id = cp.listing_id
    WHERE (NOT CAST(:below_floor AS boolean)
           OR cp.net_margin_pct < COALESCE(cp.margin_floor_pct,
                  (SELECT (s.value #>> '{}')::numeric * 100 FROM system.settings AS s
                   WHERE s.key = 'pricing.default_margin_floor')))
      AND (CAST(:pattern AS text) IS NULL
           OR l.sku ILIKE CAST(:pattern AS text) ESCAPE '\'
           OR l.asin ILIKE CAST(:pattern AS text) ESCAPE '\'
           OR l.title ILIKE CAST(:pattern AS text) ESCAPE '\')
      AND (CAST(:sku AS text) IS NULL OR l.sku ILIKE CAST(:sku AS text) ESCAPE '\')
      AND (CAST(:asin AS text) IS NULL OR l.asin ILIKE CAST(:asin AS text) ESCAPE '\')
    LIMIT :cap
) AS w;

-- name: prices_lock_for_edit
-- The price row a save is about, locked, if and only if its price is still the one the user
-- saw (the guard). Landed cost and floor are resolved as the windows resolve them.
SELECT cp.listing_id, cp.price, cp.currency, cp.sale_price, cp.buy_box_price, cp.has_buy_box,
       COALESCE(cp.landed_cost,
                (SELECT round(v.estimated_landed_cost, 2)
                 FROM inventory.listing_landed_costs AS v WHERE v.listing_id = cp.listing_id))
           AS landed_cost,
       cp.referral_fee, cp.fba_fee, cp.gross_margin, cp.gross_margin_pct, cp.net_margin,
       cp.net_margin_pct, cp.min_price, cp.max_price,
       COALESCE(cp.margin_floor_pct,
                (SELECT (s.value #>> '{}')::numeric * 100 FROM system.settings AS s
                 WHERE s.key = 'pricing.default_margin_floor')) AS margin_floor_pct
FROM pricing.current_prices AS cp
WHERE cp.listing_id = :listing_id AND cp.price = CAST(:expected_price AS numeric)
FOR UPDATE OF cp;

-- name: prices_update_price
-- Guarded again on the price, so the statement is safe even on its own. The margins are
-- the ones prices_margin.compute_margins gives for the new price (one formula).
UPDATE pricing.current_prices
SET price = :price,
    referral_fee = :referral_fee,
    gross_margin = :gross_margin,
    gross_margin_pct = :gross_margin_pct,
    net_margin = :net_margin,
    net_margin_pct = :net_margin_pct
WHERE listing_id = :listing_id AND price = CAST(:expected_price AS numeric)
RETURNING updated_at;

-- name: prices_insert_history
-- The manual change as a point of the price series. clock_timestamp(), like the audit row:
-- the primary key is (listing_id, time), and two saves in one second must both fit.
INSERT INTO pricing.price_history
    (time, listing_id, price, sale_price, buy_box_price, has_buy_box, source)
VALUES (clock_timestamp(), :listing_id, :price, :sale_price, :buy_box_price, :has_buy_box,
        'manual')
RETURNING time;

-- name: prices_current_price
-- The price as it is now, for the sentence of a lost race; no row when it was removed.
SELECT price, currency, updated_at FROM pricing.current_prices WHERE listing_id = :listing_id;

-- name: prices_listing_by_sku
-- A listing's id and price by its SKU (unique), for `hotdash price set`.
SELECT l.id AS listing_id, p.price, p.currency
FROM catalog.listings AS l
JOIN pricing.current_prices AS p ON p.listing_id = l.id
WHERE l.sku = :sku;

-- name: prices_latest_history
-- The newest point of one listing's price series: a backward walk of the primary key
-- (listing_id, time), one row however long the history is.
SELECT time, price, source
FROM pricing.price_history
WHERE listing_id = :listing_id
ORDER BY time DESC
LIMIT 1;

-- name: digital_window
-- Seed 000's listings (Gumroad, Etsy) by SEO title, each with its sales of
-- [:since, :until): units and money of the sales kept, refunds counted apart.
-- idx_digital_listings_title_window for the window, idx_sales_listing_date per listing.
-- sale_date is a naive UTC TIMESTAMP; :since and :until are passed the same way.
SELECT l.id, l.platform, l.status, COALESCE(l.seo_title, '') AS title_key,
       COALESCE(p.title, l.seo_title, '') AS title, p.price_usd, p.status AS product_status,
       COALESCE(l.metadata->>'currency', 'USD') AS currency,
       s.units, s.refunds, s.gross, s.fees, s.net
FROM public.listings AS l
LEFT JOIN public.products AS p ON p.id = l.product_id
CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE NOT COALESCE(sa.refunded, FALSE)) AS units,
           count(*) FILTER (WHERE sa.refunded) AS refunds,
           COALESCE(sum(sa.amount_gross) FILTER (WHERE NOT COALESCE(sa.refunded, FALSE)), 0)
               AS gross,
           COALESCE(sum(sa.platform_fee) FILTER (WHERE NOT COALESCE(sa.refunded, FALSE)), 0)
               AS fees,
           COALESCE(sum(sa.amount_net) FILTER (WHERE NOT COALESCE(sa.refunded, FALSE)), 0)
               AS net
    FROM public.sales AS sa
    WHERE sa.listing_id = l.id
      AND sa.sale_date >= CAST(:since AS timestamp)
      AND sa.sale_date < CAST(:until AS timestamp)
) AS s
WHERE (COALESCE(l.seo_title, ''), l.id) > (CAST(:after_title AS text), CAST(:after_id AS uuid))
  AND (CAST(:platform AS text) IS NULL OR l.platform = CAST(:platform AS text))
  AND (CAST(:pattern AS text) IS NULL
       OR l.seo_title ILIKE CAST(:pattern AS text) ESCAPE '\'
       OR p.title ILIKE CAST(:pattern AS text) ESCAPE '\')
ORDER BY COALESCE(l.seo_title, ''), l.id
LIMIT :limit;

-- name: digital_count
-- "row x of N" on the digital tab, stopping at :cap rows.
SELECT count(*) AS n
FROM (
    SELECT 1
    FROM public.listings AS l
    LEFT JOIN public.products AS p ON p.id = l.product_id
    WHERE (CAST(:platform AS text) IS NULL OR l.platform = CAST(:platform AS text))
      AND (CAST(:pattern AS text) IS NULL
           OR l.seo_title ILIKE CAST(:pattern AS text) ESCAPE '\'
           OR p.title ILIKE CAST(:pattern AS text) ESCAPE '\')
    LIMIT :cap
) AS w;
