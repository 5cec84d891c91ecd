"""Demo data for ``hotdash seed`` and the embedded default: coherent rows for every area of
the five systems, generated deterministically and bulk-loaded with COPY (no Textual here)."""
