"""The perception survey: the customer rates buying criteria and our self-SWOT statements
and gives a satisfaction score (saved as a SatisfactionAnswer, source "survey"); the
team sees the perception gap and is notified."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from keyplan.competition.models import BuyingCriterion, OfferScore
from keyplan.execution.models import Notification
from keyplan.portal import domain
from keyplan.portal.models import SurveyResponse
from keyplan.portal.survey.services import survey_submit
from keyplan.stakeholders.models import SatisfactionAnswer
from tests.plans.support import add, this_year

from .support import share


@pytest.fixture
def asked(world):
    plan = this_year(world)
    statement = add(plan, "perception", world.owner, text="Fast quotes", our_rating=5)
    criterion = BuyingCriterion.objects.create(account=world.account, name="Delivery", weight=40)
    OfferScore.objects.create(criterion=criterion, competitor=None, score=4)
    share(world, "survey", level="basic")
    return statement, criterion


def test_gap_rows():
    row = domain.gap_row(1, "Fast quotes", 5, [2, 3, 3])

    assert row.customer == Decimal("2.7") and row.gap == Decimal("-2.3") and row.answers == 3
    assert domain.gap_row(1, "x", None, [4]).gap is None
    assert domain.gap_row(1, "x", 3, []).customer is None


def test_answering_the_survey(world, customer, customer_client, asked):
    statement, criterion = asked
    page = customer_client.get(reverse("portal:survey"))
    assert page.status_code == 200 and "Fast quotes" in page.content.decode()

    response = customer_client.post(
        reverse("portal:survey"),
        {
            "satisfaction": "7",
            "comment": "Good year",
            f"criterion_{criterion.pk}": "3",
            f"statement_{statement.pk}": "2",
        },
    )

    assert response.status_code == 302
    answer = SatisfactionAnswer.objects.get()
    assert (answer.account, answer.score, answer.source) == (world.account, 7, "survey")
    assert answer.comment == "Good year"
    survey = SurveyResponse.objects.get()
    assert survey.satisfaction == answer
    assert Notification.objects.filter(user=world.owner).exists()


def test_missing_satisfaction_is_an_error(customer_client, asked):
    response = customer_client.post(reverse("portal:survey"), {"comment": "hm"})

    assert response.status_code == 400 and 'class="error"' in response.content.decode()
    assert not SatisfactionAnswer.objects.exists()


def test_scores_of_other_accounts_or_out_of_range_are_refused(world, customer, asked):
    theirs = BuyingCriterion.objects.create(account=world.other_account, name="Price")

    with pytest.raises(ValidationError):
        survey_submit(user=customer, satisfaction=5, criteria={theirs.pk: 3})
    with pytest.raises(ValidationError):
        survey_submit(user=customer, satisfaction=5, criteria={asked[1].pk: 9})
    with pytest.raises(ValidationError):
        survey_submit(user=customer, satisfaction=11)
    assert not SatisfactionAnswer.objects.exists()


def test_team_sees_the_perception_gap(world, customer, client_for, asked):
    statement, criterion = asked
    survey_submit(
        user=customer, satisfaction=6, criteria={criterion.pk: 2}, statements={statement.pk: 2}
    )
    survey_submit(user=customer, satisfaction=9, statements={statement.pk: 3})

    body = (
        client_for("viewer")
        .get(reverse("portal:team-survey", args=[world.account.pk]))
        .content.decode()
    )

    assert "Fast quotes" in body and "Delivery" in body
    assert "2.5" in body and "-2.5" in body  # statement: ours 5, theirs 2.5
    assert "-2.0" in body  # criterion: ours 4, theirs 2
    assert "7.5" in body  # mean satisfaction


def test_survey_needs_sharing_and_pages_refuse_strangers(world, client_for, customer_client):
    assert customer_client.get(reverse("portal:survey")).status_code == 404
    team_url = reverse("portal:team-survey", args=[world.account.pk])
    assert client_for("outsider").get(team_url).status_code == 404
    assert client_for("portal").get(team_url).status_code == 404
    assert client_for("owner").get(team_url).status_code == 200
