"""The `/` filter language: terms, free text, quotes, and one clear sentence when it is wrong."""

from __future__ import annotations

import pytest

from hotdash_tui.filters import FilterError, FilterSpec, ParsedFilter, parse_filter, tokenize

SPEC = FilterSpec({"source": frozenset({"tasks", "agents"}), "type": None})


@pytest.mark.parametrize(
    ("line", "tokens"),
    [
        ("a b  c", ["a", "b", "c"]),
        ('type:"update price" late', ["type:update price", "late"]),
        ("it's here", ["it's", "here"]),
        ('"unclosed quote runs on', ["unclosed quote runs on"]),
        ('""', [""]),
        ("   ", []),
    ],
)
def test_tokens_split_on_spaces_and_double_quotes_group(line: str, tokens: list[str]) -> None:
    assert tokenize(line) == tokens


def test_terms_and_free_text_are_separated() -> None:
    parsed = parse_filter('source:AGENTS late  type:"send reply" delivery', SPEC)
    assert parsed.terms == {"source": "agents", "type": "send reply"}
    assert parsed.text == "late delivery"
    assert parsed.get("source") == "agents" and parsed.get("status") is None
    assert parsed.describe() == 'source:agents type:"send reply" "late delivery"'


def test_text_that_only_looks_like_a_term_stays_text() -> None:
    parsed = parse_filter('at 10:41 50% off_by_one "\'; DROP TABLE x; --"', SPEC)
    assert parsed.terms == {}
    assert parsed.text == "at 10:41 50% off_by_one '; DROP TABLE x; --"


def test_an_empty_line_is_an_empty_filter() -> None:
    assert parse_filter("  ", SPEC) == ParsedFilter()
    assert ParsedFilter().is_empty and not parse_filter("x", SPEC).is_empty


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("colour:red", 'There is no filter "colour:" here; use source:, type: or text.'),
        ("source:", 'The filter "source:" needs a value after the colon.'),
        ("source:robots", '"source:robots" is not one of source: agents, tasks.'),
        ("type:a type:b", 'The filter names "type:" twice; keep one.'),
    ],
)
def test_a_filter_that_cannot_mean_anything_says_why_in_one_sentence(
    line: str, message: str
) -> None:
    with pytest.raises(FilterError) as raised:
        parse_filter(line, SPEC)
    assert str(raised.value) == message
