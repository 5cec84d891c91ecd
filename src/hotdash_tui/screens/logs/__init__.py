"""The error log (key 9): observability_logs newest first, and one line with its trace."""
