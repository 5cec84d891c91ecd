"""Prices and margins (key 4): listing windows per sort order (:mod:`.read`), seed 000's
digital listings (:mod:`.digital`), the margin formula (:mod:`.margin`), the price rule
(:mod:`.form`) and the guarded price save (:mod:`.write`)."""
