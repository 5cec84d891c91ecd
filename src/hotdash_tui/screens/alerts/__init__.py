"""The competitor alerts screen (key 3): the screen, its table and rows, details with the
competitor's plot, the per-item report of a bulk change, and its messages."""
