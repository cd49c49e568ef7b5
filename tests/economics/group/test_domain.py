"""Groups of accounts without a database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.pnl.group.domain import group_ids, group_of, top_parent

#        1
#      /   \
#     2     3
#    / \     \
#   4   5     6        7 alone
PARENTS = {2: 1, 3: 1, 4: 2, 5: 2, 6: 3, 7: None}


def test_the_top_parent_from_any_member():
    assert {top_parent(pk, PARENTS) for pk in (1, 2, 3, 4, 5, 6)} == {1}
    assert top_parent(7, PARENTS) == 7
    assert top_parent(99, PARENTS) == 99


def test_the_group_in_tree_order_with_levels():
    assert group_ids(5, PARENTS) == [1, 2, 4, 5, 3, 6]
    group = group_of(6, PARENTS, {1, 2, 3, 4, 5, 6})
    assert [(m.account_id, m.depth, m.level) for m in group.members] == [
        (1, 0, 0),
        (2, 1, 1),
        (4, 2, 2),
        (5, 2, 2),
        (3, 1, 1),
        (6, 2, 2),
    ]
    assert group.shown_top == 1


def test_hidden_accounts_are_walked_through_but_never_listed():
    group = group_of(4, PARENTS, {4, 5, 6})  # the top parent and the middle ones hidden
    assert group.top == 1
    assert group.ids == [4, 5, 6]
    assert [m.level for m in group.members] == [0, 0, 0]  # no shown parent above them
    assert group.shown_top == 4  # the nearest the top; ties: the first in tree order


def test_siblings_follow_the_names_and_a_cycle_stops_the_walk():
    group = group_of(1, PARENTS, {1, 2, 3}, {1: "a", 2: "zeta", 3: "alpha"})
    assert group.ids == [1, 3, 2]
    looped = {1: 2, 2: 1}
    assert group_ids(1, looped) in ([2, 1], [1, 2])


forests = st.dictionaries(
    st.integers(min_value=1, max_value=30),
    st.one_of(st.none(), st.integers(min_value=1, max_value=30)),
    max_size=30,
)


@given(forests, st.integers(min_value=1, max_value=30), st.sets(st.integers(1, 30)))
def test_members_are_the_shown_accounts_of_the_group_once_each(parents, start, shown):
    parents = {child: parent for child, parent in parents.items() if child != parent}
    everyone = group_ids(start, parents)
    assert len(everyone) == len(set(everyone)) and start in everyone
    group = group_of(start, parents, shown)
    assert group.ids == [pk for pk in everyone if pk in shown]
