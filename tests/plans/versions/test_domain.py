"""The version diff: items matched on their origin key, field by field. No database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from keyplan.plans.versions.domain import ItemSnapshot, diff_versions


def snap(kind: str, origin: str, label: str, **values: str) -> ItemSnapshot:
    return ItemSnapshot(kind, origin, label, tuple(values.items()))


def test_items_are_matched_on_their_origin_key():
    old = [
        snap("swot", "a", "Strong cash", Text="Strong cash", Importance="3"),
        snap("swot", "b", "Old brand", Text="Old brand"),
        snap("goal", "c", "Grow", Target="100"),
    ]
    new = [
        snap("swot", "a", "Strong cash flow", Text="Strong cash flow", Importance="3"),
        snap("goal", "c", "Grow", Target="100"),
        snap("goal", "d", "Enter R&D", Target=""),
    ]

    diff = diff_versions(old, new, kind_order=["swot", "goal"])

    assert [(d.kind, d.origin, d.change) for d in diff.items] == [
        ("swot", "a", "changed"),
        ("swot", "b", "removed"),
        ("goal", "d", "added"),
    ]
    (change,) = diff.items[0].fields
    assert (change.field, change.old, change.new) == ("Text", "Strong cash", "Strong cash flow")
    assert diff.unchanged == 1
    assert (diff.count("added"), diff.count("removed"), diff.count("changed")) == (1, 1, 1)


def test_the_same_origin_in_another_kind_is_another_item():
    diff = diff_versions([snap("swot", "x", "A")], [snap("value", "x", "A")])

    assert sorted(d.change for d in diff.items) == ["added", "removed"]


def test_identical_versions_have_an_empty_diff():
    items = [snap("swot", "a", "A", Text="A"), snap("goal", "b", "B", Target="1")]

    diff = diff_versions(
        items, list(items), old_header=(("Period", "FY"),), new_header=(("Period", "FY"),)
    )

    assert diff.is_empty
    assert diff.unchanged == 2


def test_header_changes_are_listed():
    diff = diff_versions([], [], old_header=(("Summary", "old"),), new_header=(("Summary", "new"),))

    assert [(f.field, f.old, f.new) for f in diff.header] == [("Summary", "old", "new")]


@given(
    st.lists(
        st.tuples(st.sampled_from(["swot", "goal"]), st.text("abcdef", min_size=1, max_size=3)),
        unique=True,
        max_size=8,
    ),
    st.lists(
        st.tuples(st.sampled_from(["swot", "goal"]), st.text("abcdef", min_size=1, max_size=3)),
        unique=True,
        max_size=8,
    ),
)
def test_every_item_is_added_removed_changed_or_unchanged_once(old_keys, new_keys):
    old = [snap(k, o, o, Text="old") for k, o in old_keys]
    new = [snap(k, o, o, Text="new" if i % 2 else "old") for i, (k, o) in enumerate(new_keys)]

    diff = diff_versions(old, new)

    assert diff.count("added") == len(set(new_keys) - set(old_keys))
    assert diff.count("removed") == len(set(old_keys) - set(new_keys))
    assert diff.count("changed") + diff.unchanged == len(set(new_keys) & set(old_keys))
