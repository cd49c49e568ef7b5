"""The presence page with its assessment: pillar cards edited inline, the checklist,
the verdict, the weakest points and the attack, compare, delete; stale saves answer 409
with the current values, invalid ones 422."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from keyplan.competition.assessments.services import answer_update, rating_update
from keyplan.competition.models import (
    Assessment,
    Attack,
    PillarRating,
    WeaknessAnswer,
)
from keyplan.plans.models import Action

from ..core_support import (
    OLD,
    assess,
    competitor,
    plan,
    presence,
)

pytestmark = pytest.mark.django_db


def test_presence_page_without_assessment_offers_to_start_one(world, client_for):
    pres = presence(world)
    client = client_for("owner")
    page = client.get(reverse("competition:presence", args=[pres.pk]))
    assert "Not assessed yet." in page.content.decode()
    response = client.post(
        reverse("competition:assessment-start", args=[pres.pk]), {"assessed_on": "2026-03-01"}
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(presence=pres)
    assert assessment.ratings.count() == 4
    page = client.get(reverse("competition:presence", args=[pres.pk]))
    body = page.content.decode()
    for pillar in ("pillar-strength", "pillar-strategy", "pillar-staff", "pillar-support"):
        assert f'id="{pillar}"' in body
    assert "Incomplete" in body


def test_viewer_reads_the_presence_page_without_edit_controls(world, client_for):
    pres = presence(world)
    assess(world, pres, {"support": 2})
    page = client_for("viewer").get(reverse("competition:presence", args=[pres.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("competition:attack", args=[pres.pk]) not in body
    assert "Score it" not in body and "Edit score" not in body


def test_rating_inline_edit_updates_card_and_verdict(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {"strength": 5, "strategy": 5, "staff": 5})
    rating = assessment.ratings.get(pillar="support")
    client = client_for("owner")
    form = client.get(
        reverse("competition:rating", args=[rating.pk]), {"edit": "1"}, HTTP_HX_REQUEST="true"
    )
    assert form.status_code == 200
    assert f"rating-{rating.pk}-score" in form.content.decode()
    response = client.post(
        reverse("competition:rating", args=[rating.pk]),
        {
            f"rating-{rating.pk}-score": "2",
            f"rating-{rating.pk}-evidence": "Only the buyer likes them",
            f"rating-{rating.pk}-seen_updated_at": rating.updated_at.isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="pillar-support"' in body
    assert 'id="assessment-summary" hx-swap-oob="true"' in body
    assert "Attackable" in body
    assert "Weak pillar: support" in body
    rating.refresh_from_db()
    assert rating.score == 2 and rating.evidence == "Only the buyer likes them"


def test_rating_stale_save_answers_409_with_the_current_value(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {"support": 3})
    rating = assessment.ratings.get(pillar="support")
    seen = rating.updated_at.isoformat()
    assess_again = PillarRating.objects.get(pk=rating.pk)

    rating_update(user=world.director, rating=assess_again, data={"score": 4})
    response = client_for("owner").post(
        reverse("competition:rating", args=[rating.pk]),
        {f"rating-{rating.pk}-score": "1", f"rating-{rating.pk}-seen_updated_at": seen},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "Saved meanwhile: score 4." in response.content.decode()
    assert PillarRating.objects.get(pk=rating.pk).score == 4


def test_rating_without_javascript_redirects_back(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {})
    rating = assessment.ratings.get(pillar="staff")
    client = client_for("owner")
    response = client.get(reverse("competition:rating", args=[rating.pk]), {"edit": "1"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert f"rating-{rating.pk}-score" in page.content.decode()
    response = client.post(
        reverse("competition:rating", args=[rating.pk]),
        {f"rating-{rating.pk}-score": "9"},
    )
    assert response.status_code == 422


def test_answer_yes_becomes_a_weak_point(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {"support": 3})
    answer = WeaknessAnswer.objects.filter(
        assessment=assessment, question__pillar="support"
    ).first()
    response = client_for("owner").post(
        reverse("competition:answer", args=[answer.pk]),
        {
            f"answer-{answer.pk}-answer": "yes",
            f"answer-{answer.pk}-note": "Procurement head left",
            f"answer-{answer.pk}-seen_updated_at": answer.updated_at.isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert escape(answer.question.text) in body and "Procurement head left" in body
    answer.refresh_from_db()
    assert answer.answer == "yes"


def test_answer_stale_save_is_409_and_keeps_the_other_answer(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {})
    answer = WeaknessAnswer.objects.filter(assessment=assessment).first()
    answer_update(user=world.director, answer=answer, data={"answer": "no"})
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


def test_attack_creates_an_action_and_links_it(world, client_for):
    plan(world)
    pres = presence(world)
    assess(world, pres, {"support": 2})
    client = client_for("owner")
    response = client.post(reverse("competition:attack", args=[pres.pk]), {"pillar": "support"})
    assert response.status_code == 302
    attack = Attack.objects.get(presence=pres)
    assert attack.action is not None
    assert Action.objects.filter(pk=attack.action_id, title__contains="Acme Industrial").exists()
    page = client.get(reverse("competition:presence", args=[pres.pk]))
    body = page.content.decode()
    assert reverse("plans:section", args=[attack.action.plan_id, "actions"]) in body
    assert "Attacked:" in body


def test_attack_without_a_plan_says_what_to_do(world, client_for):
    pres = presence(world)
    assess(world, pres, {"support": 1})
    response = client_for("owner").post(
        reverse("competition:attack", args=[pres.pk]), {"pillar": "support"}, follow=True
    )
    assert "create a plan first" in response.content.decode()
    assert not Attack.objects.exists()


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


def test_compare_highlights_changes_and_support_rising(world, client_for):
    pres = presence(world)
    old = assess(world, pres, {"support": 2, "strength": 4}, on=date(2026, 1, 10))
    new = assess(world, pres, {"support": 4, "strength": 4}, on=date(2026, 6, 10))
    client = client_for("member")
    page = client.get(reverse("competition:compare", args=[new.pk, old.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Support rising" in body
    assert "↑ +2" in body
    assert body.count('class="diff-changed"') >= 1
    # the presence page shows the trend chart's data and the link to compare
    page = client.get(reverse("competition:presence", args=[pres.pk]))
    body = page.content.decode()
    assert 'id="support-trend-data"' in body
    assert "Support rising" in body
    assert reverse("competition:compare", args=[old.pk, new.pk]) in body


def test_compare_across_presences_is_404(world, client_for):
    one = presence(world)
    two = presence(world, competitor(world, "Other Co"))
    a = assess(world, one, {})
    b = assess(world, two, {})
    response = client_for("owner").get(reverse("competition:compare", args=[a.pk, b.pk]))
    assert response.status_code == 404


def test_assessment_delete_returns_to_the_presence(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {})
    response = client_for("owner").post(
        reverse("competition:assessment-delete", args=[assessment.pk]),
        {"seen_updated_at": assessment.updated_at.isoformat()},
    )
    assert response["Location"] == reverse("competition:presence", args=[pres.pk])
    assert not pres.assessments.exists()
