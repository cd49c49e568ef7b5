"""The search's pure rules: the query, its words, the recent items list."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.search import domain


def test_clean_query_drops_control_characters_and_collapses_spaces():
    assert domain.clean_query("  Pol\x00met \t sp\n z o.o. ") == "Pol met sp z o.o."
    assert domain.clean_query(None) == ""
    assert len(domain.clean_query("x" * 500)) == domain.MAX_LENGTH


def test_minimum_length():
    assert not domain.is_searchable("")
    assert not domain.is_searchable("a")
    assert domain.is_searchable("ab")


def test_terms_are_distinct_and_bounded():
    assert domain.terms("jan Jan kowalski") == ["jan", "kowalski"]
    assert len(domain.terms("a b c d e f g")) == domain.MAX_TERMS


def test_parse_kind():
    assert domain.parse_kind("plan") == "plan"
    assert domain.parse_kind("users") == ""
    assert domain.parse_kind(None) == ""


def test_remember_puts_the_item_first_once():
    entries = [["plan", 3], ["account", 1], ["account", 2]]
    assert domain.remember(entries, "account", 1) == [["account", 1], ["plan", 3], ["account", 2]]


def test_remember_drops_malformed_entries():
    entries = [["user", 1], "x", ["account", "2"], ["account", -1], ["plan", 5], ["plan", 5]]
    assert domain.remember(entries, "account", 1) == [["account", 1], ["plan", 5]]


entry = st.tuples(st.sampled_from(["account", "plan"]), st.integers(1, 30)).map(list)


@given(st.lists(entry, max_size=40), st.sampled_from(["account", "plan"]), st.integers(1, 30))
def test_remember_is_bounded_distinct_and_leads_with_the_item(entries, kind, pk):
    result = domain.remember(entries, kind, pk)
    assert result[0] == [kind, pk]
    assert len(result) <= domain.RECENT_LIMIT
    assert len({tuple(e) for e in result}) == len(result)


def test_clean_recent():
    stored = [["account", 1], ["plan", 2], ["account", 1], ["bad"], ["contact", 3]]
    assert domain.clean_recent(stored) == [("account", 1), ("plan", 2)]
    assert domain.clean_recent("nonsense") == []
