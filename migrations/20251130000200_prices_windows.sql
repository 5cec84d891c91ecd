-- The prices screen (key 4) reads its lists as keyset windows, one named query per sort
-- order (sql/prices.sql). Each index below serves one of those windows in index order, so a
-- window reads a few index pages and never sorts, however many listings there are.
-- current_prices has one row per listing (listing_id is UNIQUE), so listing_id is the
-- tie-breaker of every order and the key of a row on the screen.

-- prices_window_by_margin: lowest net margin first, listings without a margin last.
--   ORDER BY COALESCE(cp.net_margin_pct, 1000), cp.listing_id
-- 1000 is above anything DECIMAL(5,2) holds. The expression must stay exactly as
-- sql/prices.sql writes it for the planner to match it.
CREATE INDEX idx_prices_window_margin
    ON pricing.current_prices ((COALESCE(net_margin_pct, 1000)), listing_id);

-- prices_window_by_price: dearest first.
--   ORDER BY cp.price DESC, cp.listing_id DESC
CREATE INDEX idx_prices_window_price
    ON pricing.current_prices (price DESC, listing_id DESC);

-- prices_window_by_title: A to Z; the window walks the listings and joins each one's price.
--   ORDER BY l.title, l.id
CREATE INDEX idx_listings_title_window ON catalog.listings (title, id);

-- digital_window (the "Digital products" tab): seed 000's listings by their SEO title.
--   ORDER BY COALESCE(l.seo_title, ''), l.id
CREATE INDEX idx_digital_listings_title_window
    ON public.listings ((COALESCE(seo_title, '')), id);

-- digital_window sums each listing's sales of the last 30 days: a range of this index per
-- listing, not a scan of every sale. Seed 000 defines no index on public.sales at all.
CREATE INDEX idx_sales_listing_date ON public.sales (listing_id, sale_date);
