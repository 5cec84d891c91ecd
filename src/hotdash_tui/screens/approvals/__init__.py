"""The approvals screen (key 1): the screen, its table and rows, details, the per-item report
of a bulk decision, and its messages."""
