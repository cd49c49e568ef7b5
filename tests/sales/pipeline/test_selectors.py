"""The pipeline's reads (keyplan.sales.pipeline.selectors): scoped by the one access
rule, filtered, sorted, and totalled exactly per currency."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404

from keyplan.sales.pipeline import selectors
from keyplan.sales.pipeline.selectors import OpportunityFilters
from tests.factories import AccountFactory, OpportunityFactory, UserFactory

TODAY = date(2026, 3, 15)


def names(user, **filters) -> list[str]:
    qs = selectors.opportunity_list(user=user, filters=OpportunityFilters(**filters), today=TODAY)
    return [o.name for o in qs]


@pytest.fixture
def deals(world):
    """Two open deals at the world's account, one at the other account, one won, one lost."""
    return {
        "polmet-a": OpportunityFactory(
            account=world.account, name="Press line", close_date=date(2026, 4, 1)
        ),
        "polmet-b": OpportunityFactory(
            account=world.account, name="Spare parts", close_date=date(2026, 3, 1)
        ),
        "other": OpportunityFactory(
            account=world.other_account,
            name="Conveyor",
            currency="EUR",
            close_date=date(2026, 5, 1),
            owner=world.outsider,
        ),
        "won": OpportunityFactory(
            account=world.account, name="Service contract", status="won", close_date=TODAY
        ),
        "lost": OpportunityFactory(
            account=world.other_account, name="Robot cell", status="lost", close_date=TODAY
        ),
    }


# --- scope ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("admin", ["Spare parts", "Press line", "Conveyor"]),
        ("director", ["Spare parts", "Press line", "Conveyor"]),
        ("owner", ["Spare parts", "Press line"]),
        ("member", ["Spare parts", "Press line"]),
        ("viewer", ["Spare parts", "Press line"]),
        ("outsider", ["Conveyor"]),
        ("portal", []),
    ],
)
def test_list_is_scoped_by_the_access_rule(world, deals, user, expected):
    assert names(world.users()[user]) == expected


def test_an_outsider_sees_none_of_the_accounts_opportunities(world, deals):
    stranger = UserFactory(role="kam")

    assert names(stranger, status="all") == []
    assert selectors.has_opportunities(user=stranger) is False
    assert selectors.pipeline_totals(user=stranger, filters=OpportunityFilters()) == []


def test_no_filter_widens_the_scope(world, deals):
    owner = world.owner

    assert names(owner, account=world.other_account.pk) == []
    assert names(owner, q="Other Customer") == []
    assert names(owner, owner=world.outsider.pk) == []
    assert selectors.filter_account(user=owner, pk=world.other_account.pk) is None


def test_inactive_and_anonymous_users_see_nothing(world, deals):
    from django.contrib.auth.models import AnonymousUser

    world.director.is_active = False
    assert names(world.director) == []
    assert list(selectors.visible_opportunities(AnonymousUser())) == []


# --- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["Spare parts", "Press line", "Conveyor"]),
        ("won", ["Service contract"]),
        ("lost", ["Robot cell"]),
        ("all", ["Spare parts", "Robot cell", "Service contract", "Press line", "Conveyor"]),
        ("nonsense", ["Spare parts", "Press line", "Conveyor"]),  # unknown: the default
    ],
)
def test_status_filter(world, deals, status, expected):
    assert names(world.director, status=status) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("polmet", ["Spare parts", "Press line"]),
        ("  GMBH ", ["Conveyor"]),
        ("ext-other", ["Conveyor"]),  # the account's external id, any case
        ("ext-oth", []),  # an external id matches whole
        ("nobody", []),
    ],
)
def test_account_search(world, deals, q, expected):
    world.other_account.external_id = "EXT-OTHER"
    world.other_account.save()

    assert names(world.director, q=q) == expected


def test_account_owner_and_close_date_filters(world, deals):
    director = world.director

    assert names(director, account=world.account.pk) == ["Spare parts", "Press line"]
    assert names(director, owner=world.outsider.pk) == ["Conveyor"]
    assert names(director, close_from=date(2026, 3, 2)) == ["Press line", "Conveyor"]
    assert names(director, close_to=date(2026, 4, 1)) == ["Spare parts", "Press line"]
    assert names(director, close_from=date(2026, 4, 1), close_to=date(2026, 4, 1)) == ["Press line"]


def test_undated_opportunities_are_left_out_by_a_date_filter(world, deals):
    OpportunityFactory(account=world.account, name="Someday", close_date=None)

    assert "Someday" in names(world.director)
    assert "Someday" not in names(world.director, close_from=date(2000, 1, 1))


def test_filtered_says_whether_anything_narrows_the_default_list():
    assert OpportunityFilters().filtered is False
    assert OpportunityFilters(sort="-amount").filtered is False
    assert OpportunityFilters(q="  ").filtered is False
    assert OpportunityFilters(status="all").filtered is True
    assert OpportunityFilters(owner=1).filtered is True
    assert OpportunityFilters(close_to=TODAY).filtered is True


def test_owner_choices_are_the_owners_of_visible_opportunities(world, deals):
    OpportunityFactory(account=world.account, name="Mine", owner=world.owner)

    assert selectors.owner_choices(user=world.member) == [world.owner]
    assert set(selectors.owner_choices(user=world.director)) == {world.owner, world.outsider}


# --- sorting --------------------------------------------------------------------------------


@pytest.fixture
def sortable(world):
    account_b = AccountFactory(name="B Account")
    account_a = AccountFactory(name="A Account")
    OpportunityFactory(
        account=account_b,
        name="Beta",
        stage="Negotiation",
        amount=Decimal("500.00"),
        probability=Decimal("80"),
        close_date=date(2026, 6, 1),
    )
    OpportunityFactory(
        account=account_a,
        name="Alpha",
        stage="Discovery",
        amount=Decimal("900.00"),
        probability=Decimal("10"),
        close_date=date(2026, 4, 1),
    )
    OpportunityFactory(
        account=account_a,
        name="Gamma",
        stage="Proposal",
        amount=None,
        probability=None,
        close_date=None,
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("close", ["Alpha", "Beta", "Gamma"]),
        ("-close", ["Beta", "Alpha", "Gamma"]),  # undated last either way
        ("amount", ["Beta", "Alpha", "Gamma"]),
        ("-amount", ["Alpha", "Beta", "Gamma"]),
        ("account", ["Alpha", "Gamma", "Beta"]),
        ("-account", ["Beta", "Alpha", "Gamma"]),
        ("name", ["Alpha", "Beta", "Gamma"]),
        ("-name", ["Gamma", "Beta", "Alpha"]),
        ("stage", ["Alpha", "Beta", "Gamma"]),
        ("-stage", ["Gamma", "Beta", "Alpha"]),
        ("probability", ["Alpha", "Beta", "Gamma"]),
        ("-probability", ["Beta", "Alpha", "Gamma"]),
        ("bogus", ["Alpha", "Beta", "Gamma"]),  # unknown: by close date
    ],
)
def test_sort(world, sortable, sort, expected):
    assert names(world.director, sort=sort) == expected


def test_every_sort_has_its_reverse():
    for key in selectors.SORTS:
        assert key.removeprefix("-") in selectors.SORTS
        assert "-" + key.removeprefix("-") in selectors.SORTS


# --- totals ---------------------------------------------------------------------------------


def test_totals_are_exact_sums_of_ten_thousandths(world):
    for _ in range(3):
        OpportunityFactory(
            account=world.account, amount=Decimal("0.0001"), probability=Decimal("33.33")
        )
    OpportunityFactory(account=world.account, amount=Decimal("0.1"), probability=Decimal("33.33"))

    (total,) = selectors.pipeline_totals(user=world.owner, filters=OpportunityFilters())

    assert total.currency == "PLN"
    assert total.count == 4
    assert total.amount == Decimal("0.1003")
    # 0.1003 × 33.33% = 0.03342999, not a float's 0.033429990000000004
    assert total.weighted == Decimal("0.03342999")


def test_totals_per_currency_of_the_open_filtered_opportunities(world, deals):
    OpportunityFactory(
        account=world.account, amount=Decimal("1234.5678"), probability=Decimal("12.5")
    )
    OpportunityFactory(account=world.account, amount=None, probability=Decimal("90"))
    OpportunityFactory(account=world.account, amount=Decimal("100"), probability=None)

    director = selectors.pipeline_totals(user=world.director, filters=OpportunityFilters())
    everything = selectors.pipeline_totals(
        user=world.director, filters=OpportunityFilters(status="all")
    )
    owner = selectors.pipeline_totals(user=world.owner, filters=OpportunityFilters())

    assert [(t.currency, t.count) for t in director] == [("EUR", 1), ("PLN", 5)]
    pln = director[1]
    # 2 × 10000.00 + 1234.5678 + 100 (won and lost ones are not pipeline)
    assert pln.amount == Decimal("21334.5678")
    # 2 × 5000.00 + 154.320975; the one without a probability is not weighted
    assert pln.weighted == Decimal("10154.320975")
    assert (pln.without_amount, pln.without_probability) == (1, 1)
    assert everything == director  # "all" still totals the open part only
    assert [t.currency for t in owner] == ["PLN"]  # the scope holds
    assert (
        selectors.pipeline_totals(user=world.director, filters=OpportunityFilters(status="won"))
        == []
    )
    narrowed = selectors.pipeline_totals(
        user=world.director, filters=OpportunityFilters(close_to=date(2026, 3, 31))
    )
    assert [(t.currency, t.count, t.amount) for t in narrowed] == [("PLN", 1, Decimal("10000.00"))]


# --- one opportunity ------------------------------------------------------------------------


def test_opportunity_for_user_is_404_alike_for_missing_forbidden_and_malformed(world, deals):
    other = deals["other"]

    assert selectors.opportunity_for_user(world.outsider, other.pk) == other
    assert selectors.opportunity_for_user(world.director, other.pk) == other
    for user, pk in [
        (world.owner, other.pk),
        (world.viewer, other.pk),
        (world.portal, other.pk),
        (world.director, 999_999_999),
        (world.director, 2**70),
        (world.director, "abc"),
        (world.director, -1),
    ]:
        with pytest.raises(Http404):
            selectors.opportunity_for_user(user, pk)


# --- the account card -----------------------------------------------------------------------


def test_account_card_data(world):
    account = world.account
    OpportunityFactory(account=account, name="Late", close_date=TODAY - timedelta(days=1))
    OpportunityFactory(account=account, name="Today", close_date=TODAY)
    OpportunityFactory(account=account, name="Undated", close_date=None, amount=None)
    OpportunityFactory(account=account, status="won", close_date=TODAY - timedelta(days=30))
    OpportunityFactory(account=account, status="won", close_date=date(2025, 3, 15))  # 12 months
    OpportunityFactory(account=account, status="won", close_date=date(2025, 3, 14))  # older
    OpportunityFactory(account=account, status="lost", close_date=TODAY - timedelta(days=1))
    OpportunityFactory(account=account, status="lost", close_date=None)  # when is unknown
    OpportunityFactory(account=world.other_account, status="won", close_date=TODAY)

    card = selectors.account_opportunities(account=account, today=TODAY)

    assert [(o.name, o.overdue) for o in card["opportunities"]] == [
        ("Late", True),
        ("Today", False),
        ("Undated", False),
    ]
    assert (card["open_count"], card["more"], card["won"], card["lost"]) == (3, 0, 2, 1)
    assert card["since"] == date(2025, 3, 15)
    assert [(t.currency, t.amount) for t in card["totals"]] == [("PLN", Decimal("20000.00"))]


def test_account_card_shows_the_first_few_and_counts_the_rest(world):
    for day in range(selectors.CARD_SHOWN + 3):
        OpportunityFactory(account=world.account, close_date=TODAY + timedelta(days=day))

    card = selectors.account_opportunities(account=world.account, today=TODAY)

    assert len(card["opportunities"]) == selectors.CARD_SHOWN
    assert card["more"] == 3
