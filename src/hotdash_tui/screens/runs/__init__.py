"""The pipeline runs screen (key 5): the screen, its table and rows, a run's details, the
re-queue report, and its messages."""
