"""The demo's competition data (keyplan.demo.competition) renders on every competition
page and on the account page."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from keyplan.competition.models import Assessment, BuyingCriterion, Competitor, Presence
from keyplan.demo.competition.services import seed_competition

pytestmark = pytest.mark.django_db


def test_every_competition_page_renders_the_demo(world, client_for):
    seed_competition(rng=random.Random(7))
    assert Presence.objects.filter(account=world.account).exists()
    client = client_for("director")
    urls = [
        reverse("competition:list"),
        reverse("competition:portfolio"),
        reverse("competition:questions"),
        reverse("accounts:detail", args=[world.account.pk]),
        reverse("accounts:detail-competition", args=[world.account.pk]),
        reverse("competition:account", args=[world.account.pk]),
        reverse("competition:offers", args=[world.account.pk]),
    ]
    urls += [reverse("competition:detail", args=[c.pk]) for c in Competitor.objects.all()]
    for presence in Presence.objects.filter(account=world.account):
        urls.append(reverse("competition:presence", args=[presence.pk]))
        assessments = list(presence.assessments.order_by("assessed_on", "pk"))
        urls += [reverse("competition:assessment", args=[a.pk]) for a in assessments]
        if len(assessments) > 1:
            urls.append(
                reverse("competition:compare", args=[assessments[0].pk, assessments[-1].pk])
            )
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert Assessment.objects.exists() and BuyingCriterion.objects.exists()
