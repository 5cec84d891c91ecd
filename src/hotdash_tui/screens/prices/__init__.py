"""Prices and margins (key 4): the screen, its two tabs' rows and reading, the price form, and
its messages."""
