-- Stock-out risk (key 8, `hotdash stock`, the overview's Stock tile): seed 004's inventory
-- tables (inventory_snapshots, reorder_points, supplier_lead_times) joined with seed 001's
-- supplier data where they meet by SKU (catalog.listings.sku -> bill_of_materials ->
-- components.default_supplier_id -> inventory.suppliers).
--
-- One row per SKU and location with a snapshot in the last :recent_days: its latest
-- snapshot, read through the unique (sku, location, snapshot_date) index, so the history's
-- length never matters. Its lead time is the SKU's own supplier_lead_times row (the slowest
-- supplier when several), else reorder_points.lead_time_days, else the slowest default
-- supplier of its components (that supplier's general supplier_lead_times row, else
-- inventory.suppliers.lead_time_days). days_of_supply = on_hand / avg_daily_sales.
-- Ordered most urgent first: the fewest days of supply beyond the lead time (negative: it
-- runs out before a new order could arrive), then the furthest below its reorder point.

-- name: stock_positions
-- :sku NULL for every SKU; one SKU for an approval's reorder (its unique index leads by sku).
WITH recent AS (
    SELECT DISTINCT sku, location
    FROM public.inventory_snapshots
    WHERE snapshot_date >= CAST(:today AS date) - CAST(:recent_days AS integer)
      AND (CAST(:sku AS text) IS NULL OR sku = CAST(:sku AS text))
), latest AS (
    SELECT s.*
    FROM recent AS r
    CROSS JOIN LATERAL (
        SELECT i.sku, i.location, i.snapshot_date, i.on_hand, i.available, i.inbound,
               i.reserved, i.avg_daily_sales, i.weeks_of_supply
        FROM public.inventory_snapshots AS i
        WHERE i.sku = r.sku AND i.location = r.location
        ORDER BY i.snapshot_date DESC
        LIMIT 1
    ) AS s
), positions AS (
    SELECT l.*,
           rp.reorder_point,
           rp.reorder_quantity,
           rp.safety_stock,
           coalesce(own.lead_time_days, rp.lead_time_days, bom.lead_time_days) AS lead_time_days,
           coalesce(own.supplier_name, bom.supplier_name) AS supplier,
           round(l.on_hand / nullif(l.avg_daily_sales, 0), 1) AS days_of_supply
    FROM latest AS l
    LEFT JOIN public.reorder_points AS rp ON rp.sku = l.sku
    LEFT JOIN LATERAL (
        SELECT t.supplier_name, t.lead_time_days
        FROM public.supplier_lead_times AS t
        WHERE t.sku = l.sku
        ORDER BY t.lead_time_days DESC
        LIMIT 1
    ) AS own ON true
    LEFT JOIN LATERAL (
        SELECT s.name AS supplier_name,
               coalesce(general.lead_time_days, s.lead_time_days) AS lead_time_days
        FROM catalog.listings AS cl
        JOIN inventory.bill_of_materials AS b ON b.listing_id = cl.id
        JOIN inventory.components AS c ON c.id = b.component_id
        JOIN inventory.suppliers AS s ON s.id = c.default_supplier_id
        LEFT JOIN public.supplier_lead_times AS general
               ON general.supplier_name = s.name AND general.sku IS NULL
        WHERE cl.sku = l.sku
        ORDER BY 2 DESC NULLS LAST
        LIMIT 1
    ) AS bom ON true
)
SELECT *
FROM positions
ORDER BY days_of_supply - lead_time_days ASC NULLS LAST,
         on_hand - reorder_point ASC NULLS LAST,
         sku, location
LIMIT :limit;

-- name: stock_history
-- The stock plot of one SKU (every location): a snapshot a day, the last :days days.
SELECT location, snapshot_date, on_hand, inbound
FROM public.inventory_snapshots
WHERE sku = :sku AND snapshot_date >= CAST(:today AS date) - CAST(:days AS integer)
ORDER BY location, snapshot_date;

-- name: stock_supplier
-- The suppliers behind one SKU: its own lead-time rows, and its components' default
-- suppliers with their contact and terms.
SELECT 'lead time' AS how, t.supplier_name AS supplier, t.lead_time_days,
       t.lead_time_stddev_days, NULL::text AS component, NULL::text AS email,
       NULL::text AS country, NULL::text AS payment_terms
FROM public.supplier_lead_times AS t
WHERE t.sku = :sku
UNION ALL
SELECT 'component', s.name, coalesce(g.lead_time_days, s.lead_time_days), g.lead_time_stddev_days,
       c.name, s.email, s.country, s.payment_terms
FROM catalog.listings AS cl
JOIN inventory.bill_of_materials AS b ON b.listing_id = cl.id
JOIN inventory.components AS c ON c.id = b.component_id
JOIN inventory.suppliers AS s ON s.id = c.default_supplier_id
LEFT JOIN public.supplier_lead_times AS g ON g.supplier_name = s.name AND g.sku IS NULL
WHERE cl.sku = :sku
ORDER BY 1 DESC, 3 DESC NULLS LAST;
