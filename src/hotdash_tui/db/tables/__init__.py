"""The schema browser (key 7, ``hotdash tables`` and ``hotdash table``): every table and view of
the shared schema, with its rows in keyset windows.

The list is one catalog query and a table's shape comes from reflection (:mod:`.catalog`);
filters are typed by the reflected columns (:mod:`.filter`); windows, counts, one row and
exports are Core statements over the reflected table (:mod:`.read`). Shapes: :mod:`.model`."""
