"""The pure allocation and profile maths (keyplan.stakeholders.selling.domain)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.stakeholders.selling import domain as a

NORMS = a.Norms(
    strategic=Decimal(60), regular=Decimal(30), prospect=Decimal(10), tolerance=Decimal(10)
)
RULE = a.ProfileRule(hunter_share=Decimal(50), farmer_share=Decimal(70), min_hours=20)

minutes_st = st.fixed_dictionaries({cls: st.integers(0, 10**6) for cls in a.CLASSES})


@given(minutes_st)
def test_shares_sum_to_one_or_are_all_zero(minutes):
    shares = a.shares(minutes)
    assert set(shares) == set(a.CLASSES)
    assert all(0 <= value <= 1 for value in shares.values())
    if sum(minutes.values()):
        assert abs(sum(shares.values()) - 1) < Decimal("1e-20")
    else:
        assert all(value == 0 for value in shares.values())


@given(minutes_st, st.integers(1, 1000))
def test_shares_do_not_depend_on_scale(minutes, factor):
    scaled = {cls: value * factor for cls, value in minutes.items()}
    left, right = a.shares(minutes), a.shares(scaled)
    assert all(abs(left[c] - right[c]) < Decimal("1e-20") for c in a.CLASSES)


@given(minutes_st)
def test_deviation_is_share_minus_norm(minutes):
    alloc = a.allocate("k", "label", minutes, NORMS)
    for dev in alloc.deviations:
        assert dev.deviation == dev.share - dev.norm
        if dev.account_class == "strategic":  # a minimum: only a shortfall is flagged
            assert dev.minimum and dev.flagged == (dev.deviation < -NORMS.tolerance)
        elif dev.deviation >= 0 or alloc.deviations[0].deviation <= 0:
            assert dev.flagged == (abs(dev.deviation) > NORMS.tolerance)
        else:  # below its norm because the strategic accounts got more: not a fault
            assert not dev.flagged
    prospects = next(d for d in alloc.deviations if d.account_class == "prospect")
    assert prospects.share == alloc.prospect_share * 100


@given(st.lists(minutes_st, max_size=6))
def test_combine_adds_the_minutes(parts):
    allocs = [a.allocate(str(i), "", m, NORMS) for i, m in enumerate(parts)]
    total = a.combine("all", "", allocs, NORMS)
    assert total.total == sum(sum(m.values()) for m in parts)
    for cls in a.CLASSES:
        assert total.minutes[cls] == sum(m[cls] for m in parts)


def test_suspects_count_with_prospects_and_the_flag():
    on_norm = a.allocate(
        "k", "", {"strategic": 60, "regular": 30, "prospect": 5, "suspect": 5}, NORMS
    )
    assert not on_norm.hunting_instead_of_farming
    assert not any(d.flagged for d in on_norm.deviations)
    # prospects 20% = 10 + 10: on the bound, not flagged; strategic 50% = 60 - 10: idem
    bound = a.allocate(
        "k", "", {"strategic": 50, "regular": 30, "prospect": 10, "suspect": 10}, NORMS
    )
    assert not bound.hunting_instead_of_farming
    hunting = a.allocate("k", "", {"strategic": 55, "regular": 24, "suspect": 21}, NORMS)
    assert hunting.hunting_instead_of_farming  # prospects 21% > 20%
    neglect = a.allocate("k", "", {"strategic": 49, "regular": 51}, NORMS)
    assert neglect.hunting_instead_of_farming  # strategic 49% < 50%
    assert not a.allocate("k", "", {}, NORMS).hunting_instead_of_farming


def test_hours():
    assert a.allocate("k", "", {"strategic": 90}, NORMS).hours == Decimal("1.5")


def test_derive_profile_rules():
    assert a.derive_profile(0, 0, RULE).profile == "unknown"
    assert a.derive_profile(19 * 60, 0, RULE).reason == "too_little_time"
    assert a.derive_profile(10 * 60, 10 * 60, RULE).profile == "hunter"  # 50% on the bound
    assert a.derive_profile(6 * 60, 14 * 60, RULE).profile == "farmer"  # 70% on the bound
    mixed = a.derive_profile(7 * 60, 13 * 60, RULE)
    assert (mixed.profile, mixed.reason) == ("unknown", "mixed")
    assert mixed.evidence()["hunting_share"] == "35.0"


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_derived_profile_is_consistent(hunting, farming):
    result = a.derive_profile(hunting, farming, RULE)
    assert result.total_minutes == hunting + farming
    if result.total_minutes:
        assert result.hunting_share + result.farming_share == 100
    if result.profile == "hunter":
        assert result.hunting_share >= RULE.hunter_share
    if result.profile == "farmer":
        assert result.farming_share >= RULE.farmer_share
    if result.total_minutes < RULE.min_hours * 60:
        assert result.profile == "unknown"


people_st = st.lists(
    st.builds(
        a.Person,
        id=st.integers(1, 50),
        name=st.text(max_size=5),
        profile=st.sampled_from(["hunter", "farmer", "unknown"]),
        strategic_owned=st.integers(0, 10),
    ),
    max_size=12,
    unique_by=lambda p: p.id,
)


@given(people_st, st.integers(1, 8))
def test_a_hunter_is_never_suggested(people, max_strategic):
    accounts = [a.OwnedAccount(id=i, name=f"A{i}", owner_id=p.id) for i, p in enumerate(people)]
    for suggestion in a.reassignments(accounts, people, max_strategic=max_strategic, limit=None):
        owner = next(p for p in people if p.id == suggestion.owner_id)
        assert owner.profile == "hunter"
        profiles = [c.profile for c in suggestion.candidates]
        assert "hunter" not in profiles
        assert suggestion.owner_id not in [c.user_id for c in suggestion.candidates]
        # farmers first, then those below the maximum, then the fewest owned
        keys = [
            (c.profile != "farmer", not c.below_max, c.strategic_owned)
            for c in suggestion.candidates
        ]
        assert keys == sorted(keys)
    hunters = {p.id for p in people if p.profile == "hunter"}
    assert {
        s.owner_id for s in a.reassignments(accounts, people, max_strategic=max_strategic)
    } == hunters


def test_ranking_example():
    people = [
        a.Person(1, "Hunter", "hunter", 2),
        a.Person(2, "Busy farmer", "farmer", 6),
        a.Person(3, "Free farmer", "farmer", 1),
        a.Person(4, "Newcomer", "unknown", 0),
    ]
    accounts = [a.OwnedAccount(10, "Big", owner_id=1), a.OwnedAccount(11, "Other", owner_id=3)]
    [only] = a.reassignments(accounts, people, max_strategic=5)
    assert only.account_id == 10
    assert [c.user_id for c in only.candidates] == [3, 2, 4]
    assert [c.below_max for c in only.candidates] == [True, False, True]
    limited = a.reassignments(accounts, people, max_strategic=5, candidates=people[3:], limit=1)
    assert [c.user_id for c in limited[0].candidates] == [4]


def test_all_time_on_strategic_accounts_is_not_a_fault():
    alloc = a.allocate(
        "k", "", {"strategic": 100, "regular": 0, "prospect": 0, "suspect": 0}, NORMS
    )
    assert not any(d.flagged for d in alloc.deviations)
    assert not alloc.hunting_instead_of_farming
    short = a.allocate(
        "k", "", {"strategic": 40, "regular": 50, "prospect": 10, "suspect": 0}, NORMS
    )
    flagged = {d.account_class: d.flagged for d in short.deviations}
    assert flagged == {"strategic": True, "regular": True, "prospect": False}
