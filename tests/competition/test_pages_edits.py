"""Edits on the competition pages that go wrong: stale saves (409 with the current
values), invalid input (422, nothing written), and what an older assessment offers."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from keyplan.competition import services
from keyplan.competition.models import (
    BuyingCriterion,
    OfferScore,
    Presence,
    WeaknessAnswer,
    WeaknessQuestion,
)

from .core_support import assess, competitor, criterion, plan, presence, score

pytestmark = pytest.mark.django_db

OLD = "2001-01-01T00:00:00+00:00"


def test_answer_stale_save_is_409_and_keeps_the_other_answer(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {})
    answer = WeaknessAnswer.objects.filter(assessment=assessment).first()
    services.answer_update(user=world.director, answer=answer, data={"answer": "no"})
    response = client_for("owner").post(
        reverse("competition:answer", args=[answer.pk]),
        {f"answer-{answer.pk}-answer": "yes", f"answer-{answer.pk}-seen_updated_at": OLD},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "Someone else saved this" in response.content.decode()
    assert WeaknessAnswer.objects.get(pk=answer.pk).answer == "no"


def test_answer_invalid_value_is_422(world, client_for):
    pres = presence(world)
    answer = WeaknessAnswer.objects.filter(assessment=assess(world, pres, {})).first()
    response = client_for("owner").post(
        reverse("competition:answer", args=[answer.pk]),
        {f"answer-{answer.pk}-answer": "maybe"},
    )
    assert response.status_code == 422
    assert WeaknessAnswer.objects.get(pk=answer.pk).answer == "unknown"


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


def test_presence_edit_and_stale_edit(world, client_for):
    pres = presence(world)
    client = client_for("owner")
    page = client.get(reverse("competition:presence-edit", args=[pres.pk]))
    assert page.status_code == 200
    url = reverse("competition:presence-edit", args=[pres.pk])
    ok = client.post(
        url,
        {
            "supplies": "Fasteners",
            "share_of_spend": "25",
            "seen_updated_at": pres.updated_at.isoformat(),
        },
    )
    assert ok.status_code == 302
    stale = client.post(url, {"supplies": "Other", "seen_updated_at": OLD})
    assert stale.status_code == 409
    assert Presence.objects.get(pk=pres.pk).supplies == "Fasteners"


def test_older_assessment_offers_no_attack_and_says_so(world, client_for):
    plan(world)
    pres = presence(world)
    old = assess(world, pres, {"support": 1}, on=date(2026, 1, 5))
    assess(world, pres, {"support": 1}, on=date(2026, 6, 5))
    client = client_for("owner")
    body = client.get(reverse("competition:assessment", args=[old.pk])).content.decode()
    assert "This is an older assessment." in body
    assert reverse("competition:attack", args=[pres.pk]) not in body
    latest = client.get(reverse("competition:presence", args=[pres.pk])).content.decode()
    assert reverse("competition:attack", args=[pres.pk]) in latest


def test_assessment_delete_returns_to_the_presence(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {})
    response = client_for("owner").post(
        reverse("competition:assessment-delete", args=[assessment.pk]),
        {"seen_updated_at": assessment.updated_at.isoformat()},
    )
    assert response["Location"] == reverse("competition:presence", args=[pres.pk])
    assert not pres.assessments.exists()


def test_question_create_invalid_is_422(world, client_for):
    before = WeaknessQuestion.objects.count()
    response = client_for("admin").post(
        reverse("competition:questions"), {"new-key": "bad key!", "new-pillar": "nope"}
    )
    assert response.status_code == 422
    assert WeaknessQuestion.objects.count() == before


def test_pages_in_polish_show_polish_questions(world, client_for):
    pres = presence(world)
    assess(world, pres, {})
    client = client_for("owner")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    body = client.get(reverse("competition:presence", args=[pres.pk])).content.decode()
    question = WeaknessQuestion.objects.exclude(text_pl="").first()
    from django.utils.html import escape

    assert escape(question.text_pl) in body
