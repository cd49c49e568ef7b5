"""The team coverage rules (pure, no database): who covers which required function,
what is missing, which business units take part, the committed hours."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from keyplan.accounts.models import TeamFunction
from keyplan.execution.team.domain import MemberFacts, clean_required, team_coverage

REQUIRED = ("sales", "service", "technical", "finance")


def member(name, function="", unit="", hours=None):
    return MemberFacts(name=name, function=function, unit=unit, committed_hours=hours)


def test_missing_functions_in_the_order_of_the_functions():
    members = [member("Ann", "technical", "Engineering", 10), member("Bob", "", "Sales", 4)]

    coverage = team_coverage(members=members, required=REQUIRED, owner_name="Kam")

    assert coverage.missing == ("service", "finance")
    assert coverage.covered == {"sales": ("Kam",), "technical": ("Ann",)}
    assert coverage.covered_required == ("sales", "technical")
    assert not coverage.is_complete


def test_the_owner_covers_sales_and_nobody_else_is_implied():
    assert team_coverage(members=[], required=REQUIRED, owner_name="Kam").missing == (
        "service",
        "technical",
        "finance",
    )
    assert team_coverage(members=[], required=REQUIRED).missing == REQUIRED


def test_a_complete_team():
    members = [
        member("Ann", "service"),
        member("Bob", "technical"),
        member("Cid", "finance"),
        member("Dan", "sales"),
    ]

    coverage = team_coverage(members=members, required=REQUIRED)

    assert coverage.is_complete and coverage.missing == ()


def test_units_hours_and_members_without_function_or_hours():
    members = [
        member("Ann", "service", "Service", 10),
        member("Bob", "service", "Service", 6),
        member("Cid", "", "", None),
        member("Dan", "finance", "Finance", 0),
    ]

    coverage = team_coverage(members=members, required=REQUIRED)

    assert coverage.units == {"Finance": 1, "Service": 2, "": 1}  # no unit comes last
    assert coverage.total_hours == 16
    assert coverage.hours_by_function == {"service": 16, "finance": 0}
    assert coverage.covered["service"] == ("Ann", "Bob")
    assert (coverage.without_function, coverage.without_hours, coverage.size) == (1, 1, 4)


def test_functions_not_required_are_listed_as_covered_but_never_missing():
    coverage = team_coverage(members=[member("Ann", "marketing")], required=("finance",))

    assert coverage.covered == {"marketing": ("Ann",)}
    assert coverage.missing == ("finance",)


def test_clean_required_drops_unknown_codes_and_duplicates_and_orders():
    assert clean_required(["finance", "nope", "sales", "finance", 3, None]) == (
        "sales",
        "finance",
    )
    assert clean_required(None) == ()
    assert team_coverage(members=[], required=["bogus"]).required == ()


FUNCTIONS = st.sampled_from(["", *TeamFunction.values])
MEMBERS = st.lists(
    st.builds(
        MemberFacts,
        name=st.text(min_size=1, max_size=8),
        function=FUNCTIONS,
        unit=st.sampled_from(["", "Sales", "Service", "Finance"]),
        committed_hours=st.one_of(st.none(), st.integers(min_value=0, max_value=744)),
    ),
    max_size=12,
)
REQUIRED_SETS = st.lists(st.sampled_from(TeamFunction.values), unique=True)


@given(MEMBERS, REQUIRED_SETS, st.sampled_from(["", "Owner"]))
def test_required_functions_are_either_covered_or_missing(members, required, owner):
    coverage = team_coverage(members=members, required=required, owner_name=owner)

    assert set(coverage.missing) | set(coverage.covered_required) == set(required)
    assert not set(coverage.missing) & set(coverage.covered)
    assert coverage.is_complete == (not coverage.missing)


@given(MEMBERS, REQUIRED_SETS)
def test_totals_add_up(members, required):
    coverage = team_coverage(members=members, required=required)

    assert coverage.size == len(members) == sum(coverage.units.values())
    assert coverage.total_hours == sum(m.committed_hours or 0 for m in members)
    assert sum(coverage.hours_by_function.values()) <= coverage.total_hours
    assert coverage.without_function == sum(1 for m in members if not m.function)


@given(MEMBERS, REQUIRED_SETS, st.randoms())
def test_order_of_members_does_not_change_what_is_missing(members, required, rnd):
    shuffled = list(members)
    rnd.shuffle(shuffled)

    one = team_coverage(members=members, required=required)
    two = team_coverage(members=shuffled, required=required)

    assert one.missing == two.missing
    assert one.total_hours == two.total_hours
    assert one.units == two.units
    assert {k: set(v) for k, v in one.covered.items()} == {
        k: set(v) for k, v in two.covered.items()
    }


@given(MEMBERS, REQUIRED_SETS, FUNCTIONS)
def test_adding_a_member_never_adds_a_missing_function(members, required, function):
    before = team_coverage(members=members, required=required)
    after = team_coverage(members=[*members, member("New", function)], required=required)

    assert set(after.missing) <= set(before.missing)
