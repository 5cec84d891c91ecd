"""The performance harness of issue 6: ``uv run python -m benchmarks --help``.

It seeds a private embedded database, drives the dashboard headless with Textual's Pilot,
times the named queries beside plain psycopg, and writes ``benchmarks/RESULTS.md``.
"""
