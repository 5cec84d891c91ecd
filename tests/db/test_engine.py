"""Connection settings that depend on where the connection goes."""

from __future__ import annotations

from hotdash_tui.db.engine import ConnectionTarget, password_of, uses_transaction_pooler


def test_the_transaction_pooler_port_is_seen_in_the_conninfo_and_in_pgport() -> None:
    assert uses_transaction_pooler("postgresql://u@pooler.example.com:6543/db", environ={})
    assert uses_transaction_pooler("host=pooler.example.com port=6543", environ={})
    assert uses_transaction_pooler("", environ={"PGPORT": "6543"})
    assert not uses_transaction_pooler("postgresql://u@db.example.com:5432/db", environ={})
    # An explicit port wins over the environment, as in libpq.
    assert not uses_transaction_pooler("port=5432", environ={"PGPORT": "6543"})


def test_password_of_reads_both_conninfo_forms() -> None:
    assert password_of("postgresql://u:s3cret@h/db") == "s3cret"
    assert password_of("host=h password=s3cret") == "s3cret"
    assert password_of("host=h") is None


def test_the_header_label_never_shows_a_socket_path_or_password() -> None:
    socket = ConnectionTarget(host="/var/run/postgresql", port="5432", dbname="shop", user="me")
    remote = ConnectionTarget(host="db.example.com", port="5432", dbname="shop", user="me")
    assert socket.label == "shop@local"
    assert remote.label == "shop@db.example.com"
