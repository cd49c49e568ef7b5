"""The competition pages: the registry, competitors at an account, the presence page with
its assessment (pillar cards, checklist, verdict, weakest points, attack), compare,
the offer comparison, the portfolio view and the question catalogue."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from keyplan.competition.models import (
    Assessment,
    Attack,
    BuyingCriterion,
    Competitor,
    OfferScore,
    PillarRating,
    Presence,
    WeaknessAnswer,
)
from keyplan.plans.models import Action, ValueItem

from .core_support import assess, competitor, criterion, plan, presence, question, score

pytestmark = pytest.mark.django_db


def test_registry_lists_searches_and_sorts(world, client_for):
    for name in ("Acme Industrial", "Borg Fasteners", "Cobalt Tools"):
        competitor(world, name)
    presence(world, Competitor.objects.get(name="Cobalt Tools"))
    client = client_for("member")
    page = client.get(reverse("competition:list"))
    assert page.status_code == 200
    assert page.content.decode().index("Acme") < page.content.decode().index("Cobalt")
    page = client.get(reverse("competition:list"), {"q": "borg"})
    assert "Borg Fasteners" in page.content.decode()
    assert "Acme Industrial" not in page.content.decode()
    page = client.get(reverse("competition:list"), {"sort": "-accounts"})
    body = page.content.decode()
    assert body.index("Cobalt") < body.index("Acme")
    # team members read the registry but do not change it
    assert "New competitor" not in body


def test_registry_empty_state(world, client_for):
    page = client_for("owner").get(reverse("competition:list"))
    assert "No competitors in the registry yet." in page.content.decode()


def test_kam_creates_edits_and_deletes_a_competitor(world, client_for):
    client = client_for("owner")
    response = client.post(reverse("competition:create"), {"name": "Delta Metals"})
    comp = Competitor.objects.get(name="Delta Metals")
    assert response.status_code == 302
    response = client.post(
        reverse("competition:edit", args=[comp.pk]),
        {"name": "Delta Metals SA", "seen_updated_at": comp.updated_at.isoformat()},
    )
    assert response.status_code == 302
    comp.refresh_from_db()
    assert comp.name == "Delta Metals SA"
    # stale: someone saved meanwhile
    response = client.post(
        reverse("competition:edit", args=[comp.pk]),
        {"name": "Stale", "seen_updated_at": "2001-01-01T00:00:00+00:00"},
    )
    assert response.status_code == 409
    assert "Someone else saved this" in response.content.decode()
    response = client.post(
        reverse("competition:delete", args=[comp.pk]),
        {"seen_updated_at": comp.updated_at.isoformat()},
    )
    assert response.status_code == 302
    assert not Competitor.objects.filter(pk=comp.pk).exists()


def test_duplicate_competitor_name_is_a_form_error(world, client_for):
    competitor(world, "Acme Industrial")
    response = client_for("owner").post(reverse("competition:create"), {"name": "Acme Industrial"})
    assert response.status_code == 422
    assert Competitor.objects.filter(name="Acme Industrial").count() == 1


def test_delete_refused_while_present(world, client_for):
    pres = presence(world)
    client = client_for("owner")
    response = client.post(reverse("competition:delete", args=[pres.competitor_id]), follow=True)
    assert "still listed" in response.content.decode()
    assert Competitor.objects.filter(pk=pres.competitor_id).exists()


def test_account_page_adds_a_presence(world, client_for):
    comp = competitor(world)
    client = client_for("owner")
    page = client.get(reverse("competition:account", args=[world.account.pk]))
    assert "No competitors listed at this account yet." in page.content.decode()
    response = client.post(
        reverse("competition:presence-create", args=[world.account.pk]),
        {"competitor": comp.pk, "supplies": "Bolts", "is_incumbent": "on", "share_of_spend": "40"},
    )
    pres = Presence.objects.get(account=world.account, competitor=comp)
    assert response.status_code == 302
    assert response["Location"] == reverse("competition:presence", args=[pres.pk])
    assert pres.is_incumbent and pres.share_of_spend == 40
    page = client.get(reverse("competition:account", args=[world.account.pk]))
    assert "Acme Industrial" in page.content.decode()


def test_presence_share_out_of_range_is_refused(world, client_for):
    comp = competitor(world)
    response = client_for("owner").post(
        reverse("competition:presence-create", args=[world.account.pk]),
        {"competitor": comp.pk, "share_of_spend": "140"},
    )
    assert response.status_code == 422
    assert not Presence.objects.exists()


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
    from keyplan.competition import services

    services.rating_update(user=world.director, rating=assess_again, data={"score": 4})
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


def test_portfolio_counts_visible_accounts_only(world, client_for):
    comp = competitor(world)
    presence(world, comp, share_of_spend="30")
    from keyplan.competition import services

    services.presence_create(
        user=world.admin, account=world.other_account, data={"competitor_id": comp.pk}
    )
    body = client_for("owner").get(reverse("competition:portfolio")).content.decode()
    assert "Acme Industrial" in body
    body_dir = client_for("director").get(reverse("competition:portfolio")).content.decode()
    assert ">2<" in body_dir
    empty = client_for("viewer").get(reverse("competition:portfolio"), {"class": "regular"})
    assert empty.status_code == 200


def test_question_catalogue_admin_edits_others_read(world, client_for):
    q = question(next(iter(_keys())))
    page = client_for("member").get(reverse("competition:questions"))
    assert q.text_en in page.content.decode()
    assert f"q-{q.pk}-text_en" not in page.content.decode()
    admin = client_for("admin")
    assert f"q-{q.pk}-text_en" in admin.get(reverse("competition:questions")).content.decode()
    data = {
        f"q-{q.pk}-{name}": value
        for name, value in {
            "key": q.key,
            "pillar": q.pillar,
            "text_en": "Edited question",
            "text_ru": q.text_ru,
            "text_pl": q.text_pl,
            "position": q.position,
            "is_active": "on",
            "seen_updated_at": q.updated_at.isoformat(),
        }.items()
    }
    response = admin.post(reverse("competition:question-edit", args=[q.pk]), data)
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.text_en == "Edited question"


def _keys():
    from keyplan.competition.models import WeaknessQuestion

    return WeaknessQuestion.objects.values_list("key", flat=True)
