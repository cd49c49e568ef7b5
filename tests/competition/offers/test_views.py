"""The offer comparison page: criteria, the score grid, totals, the radar, the unique
advantage sent to the plan; stale and invalid edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from keyplan.competition.models import (
    BuyingCriterion,
    OfferScore,
)
from keyplan.plans.models import ValueItem

from ..core_support import (
    OLD,
    competitor,
    criterion,
    plan,
    presence,
    score,
)

pytestmark = pytest.mark.django_db


def test_offer_page_criteria_scores_totals_and_radar(world, client_for):
    comp = competitor(world)
    presence(world, comp)
    client = client_for("owner")
    page = client.get(reverse("competition:offers", args=[world.account.pk]))
    assert "No buying criteria yet." in page.content.decode()
    client.post(
        reverse("competition:criterion-create", args=[world.account.pk]),
        {"new-name": "Quality", "new-weight": "30"},
    )
    client.post(
        reverse("competition:criterion-create", args=[world.account.pk]),
        {"new-name": "Price", "new-weight": "10"},
    )
    quality = BuyingCriterion.objects.get(name="Quality")
    response = client.post(
        reverse("competition:score", args=[quality.pk]),
        {"offer": "us", "score": "5"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    response = client.post(
        reverse("competition:score", args=[quality.pk]),
        {"offer": str(comp.pk), "score": "3"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert 'id="offer-radar-data"' in body
    assert "Unique advantage" in body
    assert OfferScore.objects.count() == 2
    # an empty score clears the cell
    client.post(
        reverse("competition:score", args=[quality.pk]), {"offer": str(comp.pk), "score": ""}
    )
    assert OfferScore.objects.count() == 1
    page = client.get(reverse("competition:offers", args=[world.account.pk]))
    assert "75%" in page.content.decode()  # Quality's share of the weight


def test_advantage_goes_to_the_plans_unique_value(world, client_for):
    plan(world)
    comp = competitor(world)
    presence(world, comp)
    quality = criterion(world, "Quality", 30)
    score(world, quality, None, 5)
    score(world, quality, comp, 3)
    response = client_for("owner").post(
        reverse("competition:advantage", args=[quality.pk]), follow=True
    )
    assert "Added to the plan&#x27;s unique value" in response.content.decode() or (
        "unique value" in response.content.decode()
    )
    assert ValueItem.objects.filter(text="Quality").exists()


def test_offer_score_stale_and_invalid(world, client_for):
    comp = competitor(world)
    presence(world, comp)
    quality = criterion(world, "Quality", 30)
    score(world, quality, None, 4)
    client = client_for("owner")
    url = reverse("competition:score", args=[quality.pk])
    stale = client.post(
        url, {"offer": "us", "score": "2", "seen_updated_at": OLD}, HTTP_HX_REQUEST="true"
    )
    assert stale.status_code == 409
    assert 'id="offer-grid"' in stale.content.decode()
    invalid = client.post(url, {"offer": "us", "score": "7"}, HTTP_HX_REQUEST="true")
    assert invalid.status_code == 422
    assert OfferScore.objects.get(criterion=quality, competitor=None).score == 4
    # without JavaScript: back to the page with the message
    plain = client.post(url, {"offer": "us", "score": "7"}, follow=True)
    assert "Enter a score from 1 to 5" in plain.content.decode()


def test_criterion_edit_stale_is_409(world, client_for):
    quality = criterion(world, "Quality", 30)
    response = client_for("owner").post(
        reverse("competition:criterion-edit", args=[quality.pk]),
        {
            f"criterion-{quality.pk}-name": "Changed",
            f"criterion-{quality.pk}-weight": "20",
            f"criterion-{quality.pk}-seen_updated_at": OLD,
        },
    )
    assert response.status_code == 409
    quality.refresh_from_db()
    assert quality.name == "Quality"


def test_duplicate_criterion_is_a_form_error(world, client_for):
    criterion(world, "Quality", 30)
    response = client_for("owner").post(
        reverse("competition:criterion-create", args=[world.account.pk]),
        {"new-name": "Quality", "new-weight": "10"},
    )
    assert response.status_code == 422
    assert BuyingCriterion.objects.filter(name="Quality").count() == 1
