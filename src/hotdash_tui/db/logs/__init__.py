"""The error log (key 9, ``hotdash logs``): observability_logs at ERROR and FATAL (lower
levels on request), newest first, in keyset windows (:mod:`.read`, sql/logs.sql)."""
