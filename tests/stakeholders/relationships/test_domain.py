"""The zipper's pure rules: our level, coverage matrix, risks (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.stakeholders.relationships import domain
from keyplan.stakeholders.relationships.domain import (
    ContactFacts,
    LinkFacts,
    Participations,
    Thresholds,
)

TODAY = date(2026, 6, 30)
LIMITS = Thresholds()


def contact(pk, level="manager", authority=None, influence=None, last=TODAY, name=None):
    return ContactFacts(
        id=pk,
        name=name or f"Contact {pk}",
        level=level,
        authority=authority,
        influence=influence,
        last_contact_on=last,
    )


def link(contact_id, user_id, strength=3, our_level="manager"):
    return LinkFacts(contact_id=contact_id, user_id=user_id, strength=strength, our_level=our_level)


def codes(risks):
    return [risk.code for risk in risks]


# --- our level -------------------------------------------------------------------------------


def test_our_level_follows_the_role():
    assert domain.our_level("director") == "executive"
    assert domain.our_level("admin") == "executive"
    assert domain.our_level("kam") == "senior_manager"
    assert domain.our_level("team") == "manager"
    assert domain.our_level("viewer") == "specialist"
    assert domain.our_level("anything else") == "specialist"


# --- coverage --------------------------------------------------------------------------------


def test_coverage_counts_links_per_level_pair_and_strong_ones():
    contacts = [contact(1, "executive"), contact(2, "manager"), contact(3, "manager")]
    links = [
        link(1, 10, strength=4, our_level="executive"),
        link(2, 11, strength=1, our_level="senior_manager"),
        link(2, 12, strength=3, our_level="manager"),
    ]

    matrix = domain.coverage(contacts, links, strong_link_strength=3)

    rows = {row.level: row for row in matrix.rows}
    assert [row.level for row in matrix.rows] == list(domain.LEVELS)  # no "not set" row
    assert rows["executive"].peer.links == 1 and rows["executive"].peer.strong == 1
    manager_cells = {cell.our_level: cell for cell in rows["manager"].cells}
    assert manager_cells["senior_manager"].links == 1
    assert manager_cells["senior_manager"].strong == 0
    assert manager_cells["manager"].links == 1 and manager_cells["manager"].is_peer
    assert rows["manager"].contacts == 2 and rows["manager"].reached == 1
    assert matrix.links == 3 and matrix.contacts == 3 and matrix.reached == 2


def test_a_level_with_people_and_no_peer_link_is_a_gap():
    contacts = [contact(1, "executive"), contact(2, "specialist")]
    links = [link(1, 10, our_level="manager")]  # an exec reached only by a manager

    matrix = domain.coverage(contacts, links, strong_link_strength=3)

    rows = {row.level: row for row in matrix.rows}
    assert rows["executive"].is_gap and not rows["executive"].is_unreached
    assert rows["specialist"].is_gap and rows["specialist"].is_unreached
    assert not rows["manager"].is_gap  # nobody there: nothing to cover
    assert [row.level for row in matrix.gaps] == ["executive", "specialist"]


def test_contacts_without_level_get_their_own_row_never_a_gap():
    matrix = domain.coverage([contact(1, "")], [], strong_link_strength=3)

    assert matrix.rows[-1].level == domain.NOT_SET
    assert matrix.rows[-1].peer is None
    assert not matrix.rows[-1].is_gap and matrix.rows[-1].is_unreached


def test_coverage_ignores_links_to_unknown_contacts():
    matrix = domain.coverage([contact(1)], [link(99, 10)], strong_link_strength=3)

    assert matrix.links == 0 and matrix.reached == 0


levels = st.sampled_from([*domain.LEVELS, ""])


@given(
    st.lists(st.tuples(levels), min_size=0, max_size=8),
    st.lists(
        st.tuples(
            st.integers(0, 9), st.integers(1, 4), st.integers(0, 5), st.sampled_from(domain.LEVELS)
        ),
        max_size=20,
    ),
)
def test_coverage_cells_add_up_to_the_links(contact_levels, raw_links):
    contacts = [contact(index, level) for index, (level,) in enumerate(contact_levels)]
    links = [link(c, u, s, lvl) for c, u, s, lvl in raw_links]
    known = [one for one in links if one.contact_id < len(contacts)]

    matrix = domain.coverage(contacts, links, strong_link_strength=3)

    assert sum(row.links for row in matrix.rows) == matrix.links == len(known)
    assert sum(row.contacts for row in matrix.rows) == len(contacts)
    assert all(cell.strong <= cell.links for row in matrix.rows for cell in row.cells)
    assert all(row.reached <= row.contacts for row in matrix.rows)


# --- shares ----------------------------------------------------------------------------------


@given(st.dictionaries(st.integers(1, 50), st.integers(0, 1000), max_size=10))
def test_shares_sum_to_a_hundred(counts):
    found = domain.shares(counts)

    if sum(counts.values()) == 0:
        assert found == {}
    else:
        assert abs(sum(found.values()) - 100) < Decimal("1E-20")
        assert all(0 < share <= 100 for share in found.values())


# --- risks -----------------------------------------------------------------------------------


def test_an_account_without_links_is_at_risk():
    risks = domain.assess([contact(1)], [], thresholds=LIMITS, today=TODAY)

    assert codes(risks) == ["no_links"]
    assert risks[0].severity == "high"
    assert "Nobody of ours" in risks[0].message


def test_healthy_account_has_no_risk():
    contacts = [contact(1, authority=5), contact(2)]
    links = [link(1, 10, 4), link(2, 11, 3)]

    assert domain.assess(contacts, links, thresholds=LIMITS, today=TODAY) == []


def test_one_of_ours_holding_most_links_is_a_single_thread():
    contacts = [contact(1), contact(2), contact(3)]
    links = [link(1, 10), link(2, 10), link(3, 10), link(3, 11)]  # user 10: 75% > 70%

    risks = domain.assess(
        contacts, links, thresholds=LIMITS, today=TODAY, our_names={10: "Anna Nowak"}
    )

    assert codes(risks) == ["single_thread"]
    risk = risks[0]
    assert (risk.side, risk.basis, risk.person_id, risk.count, risk.total) == (
        "ours",
        "links",
        10,
        3,
        4,
    )
    assert risk.share == Decimal(75)
    assert "Anna Nowak" in risk.message and "75 percent" in risk.message


def test_share_exactly_at_the_threshold_is_not_a_single_thread():
    contacts = [contact(1), contact(2)]
    links = [link(1, 10), link(2, 11)]  # 50% each
    limits = Thresholds(single_thread_share=Decimal(50))

    assert domain.assess(contacts, links, thresholds=limits, today=TODAY) == []


def test_their_single_thread_on_links():
    contacts = [contact(1), contact(2)]
    links = [link(1, 10), link(1, 11)]  # both of ours know only contact 1

    risks = domain.assess(contacts, links, thresholds=LIMITS, today=TODAY)

    assert [(r.code, r.side, r.person_id) for r in risks] == [("single_thread", "theirs", 1)]


def test_one_link_is_too_little_to_judge_a_single_thread():
    risks = domain.assess([contact(1)], [link(1, 10)], thresholds=LIMITS, today=TODAY)

    assert risks == []


def test_single_thread_on_interactions_needs_two_interactions():
    contacts = [contact(1), contact(2)]
    links = [link(1, 10), link(2, 11)]
    one = Participations(interactions=1, ours={10: 1}, theirs={1: 1})
    three = Participations(interactions=3, ours={10: 3, 11: 1}, theirs={1: 2, 2: 2})

    assert domain.assess(contacts, links, thresholds=LIMITS, today=TODAY, participations=one) == []
    risks = domain.assess(contacts, links, thresholds=LIMITS, today=TODAY, participations=three)
    assert [(r.code, r.side, r.basis, r.person_id) for r in risks] == [
        ("single_thread", "ours", "interactions", 10)
    ]
    assert "took part in 75 percent" in risks[0].message


def test_a_person_flagged_on_links_and_interactions_is_reported_once():
    contacts = [contact(1), contact(2)]
    links = [link(1, 10), link(2, 10)]
    talks = Participations(interactions=4, ours={10: 4})

    risks = domain.assess(contacts, links, thresholds=LIMITS, today=TODAY, participations=talks)

    assert [(r.side, r.basis) for r in risks] == [("ours", "links")]


def test_key_stakeholder_without_strong_link():
    contacts = [
        contact(1, authority=4, name="Ewa Kowalczyk"),
        contact(2, influence=5),
        contact(3, authority=3, influence=3),  # not key
    ]
    links = [link(1, 10, 2), link(3, 11, 0), link(3, 12, 0)]

    risks = domain.assess(contacts, links, thresholds=LIMITS, today=TODAY)

    unlinked = [r for r in risks if r.code == "key_unlinked"]
    assert [(r.person_id, r.best_strength) for r in unlinked] == [(2, None), (1, 2)]
    by_id = {r.person_id: r for r in unlinked}
    assert "has no link to anyone" in by_id[2].message
    assert "best is 2 of 5" in by_id[1].message and "Ewa Kowalczyk" in by_id[1].message


def test_key_stakeholder_level_is_configurable():
    contacts = [contact(1, authority=3), contact(2)]
    links = [link(1, 10, 1), link(2, 11, 4)]

    assert domain.assess(contacts, links, thresholds=LIMITS, today=TODAY) == []
    lower = Thresholds(key_stakeholder_level=3)
    assert codes(domain.assess(contacts, links, thresholds=lower, today=TODAY)) == ["key_unlinked"]


def test_stale_and_never_reached_key_stakeholders():
    contacts = [
        contact(1, authority=5, last=TODAY - timedelta(days=91), name="A"),
        contact(2, authority=5, last=TODAY - timedelta(days=90), name="B"),  # exactly 90: fresh
        contact(3, influence=4, last=None, name="C"),
        contact(4, authority=1, last=None, name="D"),  # not key: never judged
    ]
    links = [link(1, 10, 5), link(2, 11, 5), link(3, 12, 5), link(4, 13, 5)]

    risks = domain.assess(contacts, links, thresholds=LIMITS, today=TODAY)

    stale = [r for r in risks if r.code == "key_stale"]
    assert [(r.person, r.days) for r in stale] == [("A", 91), ("C", None)]
    assert all(r.severity == "medium" for r in stale)
    assert "91 days" in stale[0].message
    assert "never reached" in stale[1].message


def test_risks_sorted_high_first_then_code_then_person():
    contacts = [
        contact(1, authority=5, last=None, name="Zed"),
        contact(2, name="Amy"),
        contact(3, authority=5, last=None, name="Bob"),
    ]
    links = [link(1, 10, 1), link(2, 10, 1), link(3, 10, 5)]

    risks = domain.assess(contacts, links, thresholds=LIMITS, today=TODAY)

    assert codes(risks) == ["single_thread", "key_unlinked", "key_stale"]
    assert domain.worst_severity(risks) == "high"
    assert domain.worst_severity([]) is None


@given(
    st.lists(st.tuples(st.integers(1, 5) | st.none(), st.integers(1, 5) | st.none()), max_size=6),
    st.lists(st.tuples(st.integers(0, 5), st.integers(1, 3), st.integers(0, 5)), max_size=12),
    st.integers(1, 5),
    st.integers(0, 5),
)
def test_risks_are_consistent_with_the_thresholds(people, raw_links, key_level, strong):
    contacts = [contact(i, authority=a, influence=f) for i, (a, f) in enumerate(people)]
    links = [link(c, u, s) for c, u, s in raw_links if c < len(contacts)]
    limits = Thresholds(key_stakeholder_level=key_level, strong_link_strength=strong)

    risks = domain.assess(contacts, links, thresholds=limits, today=TODAY)

    assert ("no_links" in codes(risks)) == (not links)
    for risk in risks:
        assert risk.message  # every risk explains itself
        if risk.code == "key_unlinked":
            key = contacts[risk.person_id]
            assert key.is_key(key_level)
            assert all(one.strength < strong for one in links if one.contact_id == key.id)
        if risk.code == "single_thread":
            assert risk.share > limits.single_thread_share and risk.total >= 2
    assert risks == sorted(risks, key=lambda r: r.sort_key)


def test_a_share_just_above_the_threshold_is_not_shown_as_the_threshold():
    contacts = [contact(i) for i in range(1, 11)]
    # user 10 took part 5 times of 7 participations: 71.43 percent
    talks = Participations(interactions=5, ours={10: 5, 11: 1, 12: 1}, theirs={})
    links = [link(1, 10), link(2, 11)]
    limits = Thresholds(single_thread_share=Decimal(71))

    risks = domain.assess(contacts, links, thresholds=limits, today=TODAY, participations=talks)

    assert "71.4 percent" in risks[0].message


def test_an_unreached_key_stakeholder_is_listed_once():
    """Issue #16: a key person with no strong link who was never (or long ago) reached was
    listed twice, as key_unlinked and key_stale; now once, the unlinked risk carrying the
    days since the last contact."""
    contacts = [
        contact(1, authority=5, last=None, name="Never"),
        contact(2, influence=5, last=TODAY - timedelta(days=200), name="Long ago"),
        contact(3, authority=5, last=TODAY - timedelta(days=200), name="Linked"),
    ]
    links = [link(2, 10, 1), link(3, 11, 5)]

    risks = domain.assess(contacts, links, thresholds=LIMITS, today=TODAY)

    per_person = [(r.code, r.person, r.days) for r in risks if r.person_id]
    assert per_person == [
        ("key_unlinked", "Long ago", 200),
        ("key_unlinked", "Never", None),
        ("key_stale", "Linked", 200),
    ]
    assert next(r for r in risks if r.person == "Long ago").last_contact_on == TODAY - timedelta(
        days=200
    )
