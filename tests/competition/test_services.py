"""Competition services and selectors against the database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from keyplan.competition import selectors, services
from keyplan.competition.models import (
    Assessment,
    Attack,
    Competitor,
    PillarRating,
    WeaknessAnswer,
    WeaknessQuestion,
)
from keyplan.core.errors import ConflictError
from keyplan.plans import services as plan_services
from keyplan.plans.models import Action, ValueItem
from tests.factories import AccountFactory

from .core_support import assess, competitor, criterion, plan, presence, question, score

pytestmark = pytest.mark.django_db


# --- catalogue ----------------------------------------------------------------------------


def test_catalogue_migration_has_questions_in_three_languages(world):
    questions = list(WeaknessQuestion.objects.all())
    by_pillar = {}
    for q in questions:
        by_pillar.setdefault(q.pillar, []).append(q)
        assert q.text_en and q.text_ru and q.text_pl
    assert {p: len(qs) for p, qs in by_pillar.items()} == {
        "strength": 5,
        "strategy": 2,
        "staff": 3,
        "support": 3,
    }
    biased = question("support-biased-people")
    with translation.override("pl"):
        assert "uprzedzone" in biased.text
    with translation.override("ru"):
        assert biased.text == biased.text_ru


# --- registry -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "director", "owner"])
def test_registry_writers(world, who):
    user = getattr(world, who)
    made = services.competitor_create(user=user, data={"name": f"Rival {who}"})
    assert made.history.first().history_user == user


@pytest.mark.parametrize(
    ("who", "error"),
    [("member", PermissionDenied), ("viewer", PermissionDenied), ("portal", Http404)],
)
def test_registry_refused(world, who, error):
    with pytest.raises(error):
        services.competitor_create(user=getattr(world, who), data={"name": "X"})


def test_competitor_validation_and_conflict(world):
    with pytest.raises(ValidationError) as exc:
        services.competitor_create(user=world.owner, data={"name": "  "})
    assert "name" in exc.value.message_dict
    comp = competitor(world)
    seen = comp.updated_at
    services.competitor_update(
        user=world.owner, competitor=comp, data={"notes": "a"}, seen_updated_at=seen
    )
    with pytest.raises(ConflictError):
        services.competitor_update(
            user=world.owner, competitor=comp, data={"notes": "b"}, seen_updated_at=seen
        )
    with pytest.raises(ValidationError):
        services.competitor_create(user=world.owner, data={"name": comp.name})


def test_competitor_delete_refused_while_present(world):
    pres = presence(world)
    with pytest.raises(ValidationError) as exc:
        services.competitor_delete(user=world.owner, competitor=pres.competitor)
    assert "1 account" in str(exc.value)
    services.presence_delete(user=world.owner, presence=pres)
    services.competitor_delete(user=world.owner, competitor=pres.competitor)
    assert not Competitor.objects.exists()


# --- presences ----------------------------------------------------------------------------


def test_presence_access(world):
    comp = competitor(world)
    with pytest.raises(Http404):
        services.presence_create(
            user=world.outsider, account=world.account, data={"competitor_id": comp.pk}
        )
    with pytest.raises(PermissionDenied):
        services.presence_create(
            user=world.viewer, account=world.account, data={"competitor_id": comp.pk}
        )
    made = services.presence_create(
        user=world.member,
        account=world.account,
        data={"competitor_id": comp.pk, "share_of_spend": "35.5"},
    )
    assert str(made.share_of_spend) == "35.50"


def test_presence_validation(world):
    comp = competitor(world)
    with pytest.raises(ValidationError) as exc:
        services.presence_create(
            user=world.owner, account=world.account, data={"competitor_id": 999999}
        )
    assert "competitor_id" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.presence_create(
            user=world.owner,
            account=world.account,
            data={"competitor_id": comp.pk, "share_of_spend": 120},
        )
    assert "share_of_spend" in exc.value.message_dict
    presence(world, comp)
    with pytest.raises(ValidationError):
        presence(world, comp)
    services.competitor_update(user=world.owner, competitor=comp, data={"is_active": False})
    with pytest.raises(ValidationError):
        presence(world, comp, account=world.other_account)


def test_presence_update_conflict(world):
    pres = presence(world)
    seen = pres.updated_at
    services.presence_update(
        user=world.owner, presence=pres, data={"is_incumbent": True}, seen_updated_at=seen
    )
    with pytest.raises(ConflictError):
        services.presence_delete(user=world.owner, presence=pres, seen_updated_at=seen)


# --- assessments --------------------------------------------------------------------------


def test_first_assessment_is_empty_with_unknown_answers(world):
    pres = presence(world)
    assessment = services.assessment_start(user=world.owner, presence=pres)
    assert assessment.assessed_on == date.today()
    assert sorted(assessment.ratings.values_list("pillar", flat=True)) == sorted(
        ["strength", "strategy", "staff", "support"]
    )
    assert not assessment.ratings.exclude(score=None).exists()
    answers = assessment.answers.all()
    assert answers.count() == WeaknessQuestion.objects.filter(is_active=True).count()
    assert set(answers.values_list("answer", flat=True)) == {"unknown"}


def test_new_assessment_copies_the_latest(world):
    pres = presence(world)
    first = assess(
        world, pres, {"support": 2, "staff": 4}, ["staff-changed-managers"], on=date(2026, 1, 5)
    )
    second = services.assessment_start(
        user=world.owner, presence=pres, assessed_on=date(2026, 5, 5)
    )
    assert second.pk != first.pk
    assert dict(second.ratings.values_list("pillar", "score")) == dict(
        first.ratings.values_list("pillar", "score")
    )
    assert second.answers.get(question__key="staff-changed-managers").answer == "yes"


def test_copy_keeps_answered_inactive_questions_and_adds_new(world):
    pres = presence(world)
    assess(world, pres, {}, ["staff-changed-managers"])
    old = question("staff-changed-managers")
    services.question_update(user=world.admin, question=old, data={"is_active": False})
    new = services.question_create(
        user=world.admin, data={"key": "new-q", "pillar": "staff", "text_en": "New?"}
    )
    second = services.assessment_start(user=world.owner, presence=pres)
    keys = set(second.answers.values_list("question__key", flat=True))
    assert "staff-changed-managers" in keys and new.key in keys


def test_rating_validation_and_conflict(world):
    pres = presence(world)
    assessment = services.assessment_start(user=world.owner, presence=pres)
    rating = assessment.ratings.get(pillar="support")
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationError) as exc:
            services.rating_update(user=world.owner, rating=rating, data={"score": bad})
        assert "score" in exc.value.message_dict
    seen = rating.updated_at
    services.rating_update(
        user=world.owner,
        rating=rating,
        data={"score": 3, "evidence": "Plant manager backs them"},
        seen_updated_at=seen,
    )
    with pytest.raises(ConflictError):
        services.rating_update(
            user=world.owner, rating=rating, data={"score": 4}, seen_updated_at=seen
        )
    with pytest.raises(PermissionDenied):
        services.rating_update(user=world.viewer, rating=rating, data={"score": 4})
    assert PillarRating.objects.get(pk=rating.pk).score == 3


def test_answer_validation(world):
    pres = presence(world)
    assessment = services.assessment_start(user=world.owner, presence=pres)
    answer = assessment.answers.first()
    with pytest.raises(ValidationError):
        services.answer_update(user=world.owner, answer=answer, data={"answer": "maybe"})
    services.answer_update(
        user=world.owner, answer=answer, data={"answer": "no", "note": "checked"}
    )
    assert WeaknessAnswer.objects.get(pk=answer.pk).answer == "no"


def test_assessment_delete(world):
    pres = presence(world)
    assessment = services.assessment_start(user=world.owner, presence=pres)
    with pytest.raises(Http404):
        services.assessment_delete(user=world.outsider, assessment=assessment)
    services.assessment_delete(user=world.owner, assessment=assessment)
    assert not Assessment.objects.exists()


# --- attacks ------------------------------------------------------------------------------


def test_attack_needs_a_current_editable_plan(world):
    pres = presence(world)
    assess(world, pres, {"support": 2})
    with pytest.raises(ValidationError) as exc:
        services.attack_create(user=world.owner, presence=pres, pillar="support", question_id=None)
    assert "create a plan first" in str(exc.value)
    the_plan = plan(world)
    plan_services.plan_submit(user=world.owner, plan=the_plan)
    plan_services.plan_approve(user=world.director, plan=the_plan)
    with pytest.raises(ValidationError) as exc:
        services.attack_create(user=world.owner, presence=pres, pillar="support", question_id=None)
    assert "revise" in str(exc.value)
    assert not Attack.objects.exists()


def test_attack_creates_an_action(world):
    pres = presence(world, competitor(world, "Borex"))
    assess(world, pres, {"support": 4}, ["support-strained-trust"])
    the_plan = plan(world)
    q = question("support-strained-trust")
    attack = services.attack_create(
        user=world.member, presence=pres, pillar="support", question_id=q.pk
    )
    action = Action.objects.get(pk=attack.action_id)
    assert action.plan_id == the_plan.pk
    assert action.title.startswith("Attack Borex: ")
    assert action.obstacle.startswith(q.text_en)
    assert action.owner_id == world.owner.pk
    view = selectors.assessment_view(attack.assessment)
    assert f"support:{q.pk}" in view.attacked


def test_attack_only_on_a_weak_point(world):
    pres = presence(world)
    plan(world)
    with pytest.raises(ValidationError):
        services.attack_create(user=world.owner, presence=pres, pillar="support", question_id=None)
    assess(world, pres, {"support": 4})
    with pytest.raises(ValidationError):
        services.attack_create(user=world.owner, presence=pres, pillar="support", question_id=None)
    with pytest.raises(ValidationError):
        services.attack_create(user=world.owner, presence=pres, pillar="nonsense", question_id=None)


# --- criteria and offers ------------------------------------------------------------------


def test_offer_comparison_and_advantage_to_plan(world):
    borex, ciro = competitor(world, "Borex"), competitor(world, "Ciro")
    presence(world, borex)
    price, quality = criterion(world, "Price", 30), criterion(world, "Quality", 70)
    score(world, price, None, 3)
    score(world, price, borex, 4)
    score(world, quality, None, 5)
    score(world, quality, borex, 3)
    score(world, quality, ciro, 4)  # scored, not present: still an offer
    comparison = selectors.offer_comparison(world.account)
    assert [c.name for c in comparison.columns] == ["Our offer", "Borex", "Ciro"]
    assert comparison.top_criterion == quality
    assert comparison.unique_advantages == [quality]
    ours = comparison.columns[0]
    assert str(ours.total) == "4.40" and ours.coverage == 1
    assert str(comparison.columns[2].coverage) == "0.7000"
    assert comparison.radar["series"][0]["value"] == [3, 5]
    with pytest.raises(ValidationError):
        services.advantage_to_plan(user=world.owner, criterion=quality)  # no plan yet
    plan(world)
    with pytest.raises(ValidationError):
        services.advantage_to_plan(user=world.owner, criterion=price)
    item = services.advantage_to_plan(user=world.owner, criterion=quality)
    assert isinstance(item, ValueItem) and item.value_kind == "unique" and item.text == "Quality"


def test_offer_score_set_and_delete(world):
    crit = criterion(world, "Price", 10)
    made = score(world, crit, None, 4)
    with pytest.raises(ValidationError):
        score(world, crit, None, 6)
    with pytest.raises(ConflictError):
        services.offer_score_set(
            user=world.owner,
            criterion=crit,
            competitor_id=None,
            score=2,
            seen_updated_at=made.updated_at - timedelta(seconds=1),
        )
    assert score(world, crit, None, None) is None
    assert not crit.scores.exists()
    with pytest.raises(ValidationError):
        services.offer_score_set(user=world.owner, criterion=crit, competitor_id=999999, score=3)


def test_criterion_validation(world):
    with pytest.raises(ValidationError) as exc:
        criterion(world, "Price", 0)
    assert "weight" in exc.value.message_dict
    crit = criterion(world, "Price", 5)
    with pytest.raises(ValidationError):
        criterion(world, "Price", 5)
    services.criterion_update(
        user=world.owner, criterion=crit, data={"weight": 9}, seen_updated_at=crit.updated_at
    )
    services.criterion_delete(user=world.owner, criterion=crit)


# --- selectors ----------------------------------------------------------------------------


def test_presences_view_alerts_and_history(world):
    borex = competitor(world, "Borex")
    pres = presence(world, borex)
    assess(
        world, pres, {"strength": 4, "strategy": 4, "staff": 4, "support": 2}, on=date(2026, 1, 10)
    )
    assess(
        world, pres, {"strength": 4, "strategy": 4, "staff": 4, "support": 4}, on=date(2026, 6, 10)
    )
    [view] = selectors.presences_for_account(world.account)
    assert view.verdict == "hard_to_displace" and view.support_rising
    assert view.assessments == 2
    assert selectors.support_history(pres) == [(date(2026, 1, 10), 2), (date(2026, 6, 10), 4)]
    top = criterion(world, "Quality", 80)
    score(world, top, None, 3)
    score(world, top, borex, 5)
    codes = [a.code for a in selectors.account_alerts(world.account)]
    assert codes == ["support_rising", "behind_on_top_criterion"]
    old, new = Assessment.objects.order_by("assessed_on")
    diff = selectors.assessment_compare(old, new)
    assert diff.support_rising and diff.old_verdict == "attackable"


def test_assessment_view_groups_by_pillar(world):
    pres = presence(world)
    assessment = assess(world, pres, {"support": 1}, ["strength-rising-costs"])
    view = selectors.assessment_view(assessment)
    assert [p.pillar for p in view.pillars] == ["strength", "strategy", "staff", "support"]
    assert len(view.pillars[0].answers) == 5
    assert view.weak_points[0].key == "support"
    assert view.verdict == "attackable"
    assert len(view.to_find_out) == WeaknessQuestion.objects.count() - 1


def test_portfolio_competition_scoped(world):
    borex = competitor(world, "Borex")
    presence(world, borex, is_incumbent=True, share_of_spend=40)
    presence(world, borex, account=AccountFactory(owner=world.outsider), share_of_spend=20)
    rows = selectors.portfolio_competition(world.owner)
    assert [(r.competitor.name, r.accounts, r.of_class, r.incumbent) for r in rows] == [
        ("Borex", 1, 1, 1)
    ]
    [row] = selectors.portfolio_competition(world.director)
    assert row.accounts == 2 and str(row.share_avg) == "30.00"
    assert selectors.portfolio_competition(world.portal) == []


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_selectors_make_a_fixed_number_of_queries(world):
    def grow(n: int):
        for i in range(n):
            pres = presence(world, competitor(world, f"Rival {Competitor.objects.count()}"))
            assess(world, pres, {"support": 2}, ["staff-changed-managers"])
            assess(world, pres, {"support": 3})
            crit = criterion(world, f"C{pres.pk}", 5)
            score(world, crit, None, 3)
            score(world, crit, pres.competitor, 4)

    grow(1)
    counts = [
        _queries(lambda: selectors.presences_for_account(world.account)),
        _queries(lambda: selectors.offer_comparison(world.account)),
        _queries(lambda: selectors.account_alerts(world.account)),
        _queries(lambda: selectors.portfolio_competition(world.director)),
    ]
    grow(3)
    assert counts == [
        _queries(lambda: selectors.presences_for_account(world.account)),
        _queries(lambda: selectors.offer_comparison(world.account)),
        _queries(lambda: selectors.account_alerts(world.account)),
        _queries(lambda: selectors.portfolio_competition(world.director)),
    ]
    assessment = Assessment.objects.first()
    assert _queries(lambda: selectors.assessment_view(assessment)) <= 5


# --- question catalogue -------------------------------------------------------------------


def test_questions_admin_only_and_deactivated_when_answered(world):
    with pytest.raises(PermissionDenied):
        services.question_create(
            user=world.director, data={"key": "k", "pillar": "staff", "text_en": "Q?"}
        )
    made = services.question_create(
        user=world.admin, data={"key": "k", "pillar": "staff", "text_en": "Q?"}
    )
    assert made.position == 3
    assert services.question_delete(user=world.admin, question=made) is None
    used = question("staff-changed-managers")
    pres = presence(world)
    assess(world, pres, {}, ["staff-changed-managers"])
    kept = services.question_delete(user=world.admin, question=used)
    assert kept is not None and not kept.is_active
    with pytest.raises(ValidationError) as exc:
        services.question_update(user=world.admin, question=kept, data={"pillar": "support"})
    assert "pillar" in exc.value.message_dict
