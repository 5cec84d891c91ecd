"""ROAS and revenue (key 6): window aggregates and daily series summed in SQL (:mod:`.read`),
their shapes and ratios (:mod:`.model`)."""
