"""Reclassification suggestions: each rule, one pending per account, idempotency, and
the director's decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from keyplan.accounts.models import Account
from keyplan.portfolio.models import AccountScore, Criterion, PortfolioSettings, Suggestion
from keyplan.portfolio.suggestions.domain import reason_text
from keyplan.portfolio.suggestions.services import decide, generate_suggestions
from keyplan.sales.models import Opportunity
from keyplan.sales.services import rollup_rebuild
from tests.factories import AccountFactory
from tests.portfolio.scoring.test_services import sell

D = Decimal


def suggestion_for(account) -> Suggestion | None:
    return Suggestion.objects.filter(account=account, status="pending").first()


def background(n=12, amount="100"):
    """Regular accounts with steady small sales in 2023 and 2024 (the period is 2024),
    so that the strategic cap is 1 among up to 19 accounts and nothing else moves."""
    accounts = []
    for _k in range(n):
        account = AccountFactory(account_class="regular")
        sell(account, date(2023, 6, 1), amount)
        sell(account, date(2024, 6, 1), amount)
        accounts.append(account)
    return accounts


def leader(amount="100000"):
    """The strategic account at the top (keeps the classification's one strategic place)."""
    account = AccountFactory(account_class="strategic")
    sell(account, date(2023, 6, 1), amount)
    sell(account, date(2024, 12, 1), amount)
    return account


@pytest.mark.django_db
def test_prospect_with_a_first_sale_is_suggested_regular(world):
    top = leader()
    background()
    prospect = AccountFactory(account_class="prospect")
    sell(prospect, date(2024, 3, 1), "500")
    rollup_rebuild()

    made = generate_suggestions()

    found = suggestion_for(prospect)
    assert found in made
    assert (found.from_class, found.to_class, found.reason) == ("prospect", "regular", "first_sale")
    assert found.evidence["revenue"] == "500.00"
    assert found.evidence["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert suggestion_for(top) is None


@pytest.mark.django_db
def test_accounts_that_stopped_buying_become_prospect_or_suspect(world):
    leader()
    background()
    gone, courted = AccountFactory(account_class="regular"), AccountFactory(account_class="regular")
    for account in (gone, courted):
        sell(account, date(2023, 3, 1), "800")
    Opportunity.objects.create(external_id="OPP1", account=courted, name="Renewal", currency="PLN")
    rollup_rebuild()

    generate_suggestions()

    assert (suggestion_for(gone).to_class, suggestion_for(gone).reason) == (
        "suspect",
        "stopped_buying",
    )
    assert suggestion_for(courted).to_class == "prospect"
    assert suggestion_for(courted).evidence["previous_revenue"] == "800.00"


@pytest.mark.django_db
def test_strategic_in_decline_in_both_halves_is_suggested_regular(world):
    leader()
    background()
    falling = AccountFactory(account_class="strategic")
    dipping = AccountFactory(account_class="strategic")  # only the first half fell
    for account in (falling, dipping):
        sell(account, date(2023, 3, 1), "1000")
        sell(account, date(2023, 9, 1), "1000")
    sell(falling, date(2024, 3, 1), "500")  # -50%
    sell(falling, date(2024, 9, 1), "700")  # -30%
    sell(dipping, date(2024, 3, 1), "100")
    sell(dipping, date(2024, 9, 1), "1000")
    rollup_rebuild()

    generate_suggestions()

    found = suggestion_for(falling)
    assert (found.to_class, found.reason) == ("regular", "decline")
    assert [h["change"] for h in found.evidence["halves"]] == ["-50.00", "-30.00"]
    assert found.evidence["halves"][0]["from"] == "2024-01-01"
    assert found.evidence["halves"][1]["from"] == "2024-07-01"
    assert suggestion_for(dipping) is None


@pytest.mark.django_db
def test_regular_that_enters_the_top_is_suggested_strategic(world):
    background()
    big = AccountFactory(account_class="regular")
    sell(big, date(2023, 6, 1), "90000")
    sell(big, date(2024, 6, 1), "90000")
    rollup_rebuild()

    generate_suggestions()

    found = suggestion_for(big)
    assert (found.from_class, found.to_class, found.reason) == (
        "regular",
        "strategic",
        "entered_top",
    )
    assert found.evidence["rank"] == 1 and found.evidence["cap"] == 1


@pytest.mark.django_db
def test_fast_growing_regular_near_the_top_is_suggested_strategic(world):
    leader()
    background()
    grower = AccountFactory(account_class="regular")  # rank 2, within twice the cap of 1
    sell(grower, date(2023, 6, 1), "1000")
    sell(grower, date(2024, 6, 1), "1300")  # +30% >= 20%
    slow = AccountFactory(account_class="regular")  # rank 3: too far down
    sell(slow, date(2023, 6, 1), "500")
    sell(slow, date(2024, 6, 1), "900")
    rollup_rebuild()

    generate_suggestions()

    found = suggestion_for(grower)
    assert (found.to_class, found.reason) == ("strategic", "revenue_growth")
    assert (found.evidence["growth"], found.evidence["rank"]) == ("30.00", 2)
    assert suggestion_for(slow) is None


@pytest.mark.django_db
def test_regular_with_a_high_weighted_score_is_suggested_strategic(world):
    leader()
    accounts = background()
    candidate = accounts[0]
    for criterion in Criterion.objects.filter(enabled=True):
        AccountScore.objects.create(
            account=candidate, criterion=criterion, score=8, scored_at="2024-01-01T00:00Z"
        )
    rollup_rebuild()

    generate_suggestions()

    found = suggestion_for(candidate)
    assert (found.to_class, found.reason) == ("strategic", "potential")
    assert (found.evidence["score"], found.evidence["coverage"]) == ("8.00", "1.000000")
    assert Suggestion.objects.filter(reason="potential").count() == 1


@pytest.mark.django_db
def test_running_again_changes_nothing_and_keeps_one_pending_per_account(world):
    leader()
    background()
    prospect = AccountFactory(account_class="prospect")
    sell(prospect, date(2024, 3, 1), "500")
    rollup_rebuild()
    first = generate_suggestions()
    count = Suggestion.objects.count()

    assert generate_suggestions() == []
    assert Suggestion.objects.count() == count

    # More sales: the pending suggestion is updated, not doubled.
    sell(prospect, date(2024, 4, 1), "250")
    rollup_rebuild()
    changed = generate_suggestions()
    assert [s.account_id for s in changed] == [prospect.pk]
    assert Suggestion.objects.filter(account=prospect).count() == 1
    assert suggestion_for(prospect).evidence["revenue"] == "750.00"
    assert suggestion_for(prospect).pk in [s.pk for s in first]


@pytest.mark.django_db
def test_a_pending_suggestion_whose_rule_no_longer_holds_becomes_outdated(world):
    leader()
    background()
    prospect = AccountFactory(account_class="prospect")
    line = sell(prospect, date(2024, 3, 1), "500")
    rollup_rebuild()
    generate_suggestions()
    line.delete()  # the sale was a mistake
    rollup_rebuild()

    generate_suggestions()

    assert list(Suggestion.objects.filter(account=prospect).values_list("status", flat=True)) == [
        "outdated"
    ]
    with pytest.raises(ValidationError) as error:
        decide(
            user=world.director,
            suggestion=Suggestion.objects.get(account=prospect),
            accept=True,
            comment="",
        )
    assert "outdated" in error.value.message_dict["status"][0]


@pytest.mark.django_db
def test_only_managers_generate_and_decide(world):
    prospect = AccountFactory(account_class="prospect", owner=world.owner)
    sell(prospect, date(2024, 3, 1), "500")
    rollup_rebuild()
    with pytest.raises(PermissionDenied):
        generate_suggestions(user=world.owner)
    generate_suggestions(user=world.director)
    found = suggestion_for(prospect)
    for name in ("owner", "member", "viewer", "outsider"):
        with pytest.raises(PermissionDenied):
            decide(user=getattr(world, name), suggestion=found, accept=True, comment="")
    assert suggestion_for(prospect) is not None


@pytest.mark.django_db
def test_accepting_changes_the_class_with_history(world):
    prospect = AccountFactory(account_class="prospect")
    sell(prospect, date(2024, 3, 1), "500")
    rollup_rebuild()
    generate_suggestions()
    found = suggestion_for(prospect)

    decided = decide(user=world.director, suggestion=found, accept=True, comment="")

    assert decided.status == "accepted" and decided.decided_by == world.director
    assert decided.decided_at is not None
    prospect.refresh_from_db()
    assert prospect.account_class == "regular"
    last = Account.history.filter(id=prospect.pk).latest("history_date")
    assert last.history_change_reason == f"suggestion #{found.pk}: first_sale"
    assert last.history_user == world.director
    with pytest.raises(ValidationError) as error:
        decide(user=world.director, suggestion=found, accept=False, comment="No")
    assert list(error.value.message_dict) == ["status"]
    # decided: no first sale to suggest any more (the class is now regular)
    generate_suggestions()
    assert not Suggestion.objects.filter(status="pending", reason="first_sale").exists()


@pytest.mark.django_db
def test_rejecting_needs_a_comment_and_is_not_suggested_again_for_the_period(world):
    prospect = AccountFactory(account_class="prospect")
    sell(prospect, date(2024, 3, 1), "500")
    rollup_rebuild()
    generate_suggestions()
    found = suggestion_for(prospect)

    with pytest.raises(ValidationError) as error:
        decide(user=world.admin, suggestion=found, accept=False, comment="  ")
    assert list(error.value.message_dict) == ["comment"]
    decided = decide(
        user=world.admin, suggestion=found, accept=False, comment="A one-off sample order"
    )

    assert (decided.status, decided.comment) == ("rejected", "A one-off sample order")
    prospect.refresh_from_db()
    assert prospect.account_class == "prospect"
    generate_suggestions()
    assert suggestion_for(prospect) is None
    # a new month of data: the question comes back
    sell(prospect, date(2025, 1, 1), "100")
    rollup_rebuild()
    generate_suggestions()
    assert suggestion_for(prospect) is not None


@pytest.mark.django_db
def test_accepting_after_the_class_changed_is_refused(world):
    prospect = AccountFactory(account_class="prospect")
    sell(prospect, date(2024, 3, 1), "500")
    rollup_rebuild()
    generate_suggestions()
    Account.objects.filter(pk=prospect.pk).update(account_class="strategic")
    with pytest.raises(ValidationError):
        decide(user=world.director, suggestion=suggestion_for(prospect), accept=True, comment="")


@pytest.mark.django_db
def test_no_sales_at_all_suggests_nothing(world):
    assert generate_suggestions() == []


@pytest.mark.django_db
def test_reason_text_states_the_figures(world):
    PortfolioSettings.objects.update_or_create(pk=1, defaults={"base_currency": "PLN"})
    cases = {
        "first_sale": ({"revenue": "1500.00"}, ["1,500.00", "Jan 1, 2024", "Dec 31, 2024"]),
        "stopped_buying": ({"previous_revenue": "800.00"}, ["800.00"]),
        "decline": (
            {
                "revenue": "1200.00",
                "previous_revenue": "2000.00",
                "threshold": "25.00",
                "halves": [{"change": "-50.00"}, {"change": "-30.00"}],
            },
            ["50.0%", "30.0%", "25%", "2,000.00", "1,200.00"],
        ),
        "entered_top": (
            {"rank": 3, "value": "90000.00", "strategic_share": "80.00", "metric": "gp"},
            ["3", "gross profit", "90,000.00", "80%"],
        ),
        "revenue_growth": (
            {
                "growth": "34.50",
                "previous_revenue": "100.00",
                "revenue": "134.50",
                "threshold": "20.00",
                "rank": 4,
                "cap": 2,
            },
            ["34.5%", "20%", "rank", "4", "2"],
        ),
        "potential": (
            {"score": "8.25", "candidate_score": "7.00", "coverage": "0.750000"},
            ["8.25", "7.00", "75%"],
        ),
    }
    account = AccountFactory()
    with translation.override("en"):
        for reason, (figures, expected) in cases.items():
            evidence = {
                "period": {"from": "2024-01-01", "to": "2024-12-31"},
                "currency": "PLN",
                **figures,
            }
            text = reason_text(Suggestion(account=account, reason=reason, evidence=evidence))
            for part in expected:
                assert part in text, (reason, part, text)
