"""Stock-out risk (key 8, ``hotdash stock``, the overview's Stock tile): each SKU and
location's latest stock against its reorder point and its supplier's lead time. The shapes
and risk rules live in :mod:`.model`, the reads in :mod:`.read` (sql/stock.sql)."""
