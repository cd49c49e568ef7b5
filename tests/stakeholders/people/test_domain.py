"""The pure people rules: the influence/interest quadrants, buying-centre coverage and
the org tree (cycles, missing managers, deep chains)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyplan.accounts.models import BuyingRole
from keyplan.stakeholders.people import domain

ROLES = BuyingRole.values


@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [
        (5, 5, domain.MANAGE_CLOSELY),
        (3, 3, domain.MANAGE_CLOSELY),  # 3 of 5 is already high (the documented cut)
        (5, 2, domain.KEEP_SATISFIED),
        (3, 1, domain.KEEP_SATISFIED),
        (2, 5, domain.KEEP_INFORMED),
        (1, 3, domain.KEEP_INFORMED),
        (2, 2, domain.MONITOR),
        (1, 1, domain.MONITOR),
        (None, 5, None),
        (5, None, None),
        (None, None, None),
    ],
)
def test_quadrant(influence, interest, expected):
    assert domain.quadrant(influence, interest) == expected


@given(st.integers(1, 5), st.integers(1, 5))
def test_every_scored_contact_lands_in_exactly_one_named_quadrant(influence, interest):
    found = domain.quadrant(influence, interest)

    assert found in domain.QUADRANT_LABELS
    assert (found in (domain.MANAGE_CLOSELY, domain.KEEP_SATISFIED)) == (influence >= domain.HIGH)
    assert (found in (domain.MANAGE_CLOSELY, domain.KEEP_INFORMED)) == (interest >= domain.HIGH)


def test_quadrants_are_the_four_named_ones_in_grid_order():
    assert [key for key, _l, _h in domain.QUADRANTS] == [
        "keep_satisfied",
        "manage_closely",
        "monitor",
        "keep_informed",
    ]


def test_coverage_lists_holders_and_missing_roles():
    result = domain.coverage(
        [(1, ["economic_buyer", "user"]), (2, ["user", "user"]), (3, ["nonsense"])], ROLES
    )

    by_role = {r.role: r for r in result.roles}
    assert by_role["economic_buyer"].holders == (1,)
    assert by_role["user"].holders == (1, 2)  # a role listed twice counts the person once
    assert "decision_maker" in result.missing
    assert result.missing_essential == ("decision_maker",)
    assert not result.covered
    assert [r.role for r in result.roles] == ROLES  # display order kept


def test_coverage_is_covered_with_both_essential_roles():
    result = domain.coverage([(1, ["economic_buyer"]), (2, ["decision_maker"])], ROLES)

    assert result.covered
    assert set(result.filled) == {"economic_buyer", "decision_maker"}
    assert len(result.missing) == len(ROLES) - 2


def test_coverage_of_nobody():
    result = domain.coverage([], ROLES)

    assert result.missing == tuple(ROLES)
    assert set(result.missing_essential) == set(domain.ESSENTIAL_ROLES)


@given(st.lists(st.tuples(st.integers(1, 50), st.lists(st.sampled_from([*ROLES, "x"])))))
def test_coverage_filled_and_missing_partition_the_roles(contacts):
    result = domain.coverage(contacts, ROLES)

    assert set(result.filled) | set(result.missing) == set(ROLES)
    assert not set(result.filled) & set(result.missing)
    assert result.covered == (not result.missing_essential)


def _flatten(roots):
    out, stack = [], [(r, None) for r in roots]
    while stack:
        node, parent = stack.pop()
        out.append((node.id, parent))
        stack.extend((c, node.id) for c in node.children)
    return out


def test_tree_from_reports_to():
    roots = domain.build_tree([(1, None), (2, 1), (3, 1), (4, 2)])

    assert [r.id for r in roots] == [1]
    assert [c.id for c in roots[0].children] == [2, 3]
    assert [c.id for c in roots[0].children[0].children] == [4]
    assert domain.tree_depth(roots) == 3


def test_manager_outside_the_set_makes_a_root():
    roots = domain.build_tree([(1, 99), (2, 1)])

    assert [r.id for r in roots] == [1]


def test_cycle_is_broken_at_its_smallest_member():
    roots = domain.build_tree([(5, 7), (7, 6), (6, 5), (8, 6)])

    assert [r.id for r in roots] == [5]
    assert sorted(_flatten(roots)) == [(5, None), (6, 5), (7, 6), (8, 6)]


def test_deep_chain_has_no_recursion_limit():
    pairs = [(1, None)] + [(i, i - 1) for i in range(2, 5001)]

    roots = domain.build_tree(pairs)

    assert domain.tree_depth(roots) == 5000


@given(
    st.dictionaries(
        st.integers(1, 30), st.one_of(st.none(), st.integers(1, 35)), min_size=0, max_size=30
    )
)
def test_tree_holds_every_node_exactly_once_whatever_the_links(links):
    pairs = list(links.items())

    roots = domain.build_tree(pairs)

    flat = _flatten(roots)
    assert sorted(node for node, _p in flat) == sorted(links)
    for node, parent in flat:
        if parent is not None:  # a kept link is a real one
            assert links[node] == parent
