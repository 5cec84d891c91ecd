"""The statement splitter must not cut inside anything that may hold a semicolon."""

from __future__ import annotations

from hotdash_tui.db.sql_split import split_statements


def test_splits_plain_statements_and_records_their_lines() -> None:
    sql = "CREATE TABLE a (x int);\n\n-- a comment; with a semicolon\nCREATE TABLE b (y int);\n"
    statements = split_statements(sql)
    assert [s.text for s in statements] == [
        "CREATE TABLE a (x int)",
        "-- a comment; with a semicolon\nCREATE TABLE b (y int)",
    ]
    assert [s.line for s in statements] == [1, 3]


def test_semicolons_inside_literals_identifiers_and_comments_do_not_split() -> None:
    sql = (
        "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'back\\'slash;');\n"
        'CREATE TABLE "odd;name" (x int);\n'
        "/* block; /* nested; */ still comment; */ SELECT 1;\n"
    )
    texts = [s.text for s in split_statements(sql)]
    assert len(texts) == 3
    assert texts[0].startswith("INSERT") and texts[0].endswith("'back\\'slash;')")
    assert texts[1] == 'CREATE TABLE "odd;name" (x int)'
    assert texts[2].endswith("SELECT 1")


def test_dollar_quoted_bodies_stay_whole() -> None:
    sql = (
        "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\n"
        "BEGIN PERFORM 1; PERFORM 2; END;\n$$;\n"
        "DO $body$ BEGIN RAISE NOTICE 'x;y'; END $body$;\n"
        "SELECT $1;\n"
    )
    texts = [s.text for s in split_statements(sql)]
    assert len(texts) == 3
    assert "PERFORM 2; END;\n$$" in texts[0]
    assert texts[1].startswith("DO $body$") and texts[1].endswith("$body$")
    assert texts[2] == "SELECT $1"


def test_comment_only_and_empty_pieces_are_dropped() -> None:
    assert split_statements("-- nothing here\n;\n  ;\n/* nor here */") == []


def test_line_of_maps_a_statement_position_to_the_file() -> None:
    sql = "SELECT 1;\n\nCREATE TABLE t (\n  x nosuchtype\n);"
    statement = split_statements(sql)[1]
    position = statement.text.index("nosuchtype") + 1
    assert statement.line_of(position) == (4, 5)
