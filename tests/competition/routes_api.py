"""Rows for tests/test_routes_authz.py ROUTES (merged there): every competition API URL.

What hangs on an account follows the account (scoped: outsiders and portal users 404,
viewers 403 on writes). The registry is read by every internal user and written by
administrators, directors and KAMs (team members and viewers 403). The question
catalogue is read by every internal user and written by administrators only.
"""

from __future__ import annotations

from typing import Any

from keyplan.competition.models import (
    Assessment,
    Attack,
    BuyingCriterion,
    Competitor,
    OfferScore,
    PillarRating,
    Presence,
    WeaknessAnswer,
    WeaknessQuestion,
)
from keyplan.plans.models import ValueItem
from tests.test_routes_authz import Call, api_account, creators, internal, no_kwargs, scoped

from .core_support import assess, competitor, criterion, plan, presence, score

API = {"api": True}


def _registry_writers(ok: int) -> dict:
    return creators(ok, others=403, anonymous=401)


def _admins(ok: int) -> dict:
    return internal(403, anonymous=401) | {"admin": ok}


def _competitor(w) -> dict[str, Any]:
    w.competitor = competitor(w, "Borex Industrial")
    return {"competitor_id": w.competitor.pk}


def _presence(w) -> dict[str, Any]:
    w.presence = presence(w, competitor(w, "Borex Industrial"))
    return {"presence_id": w.presence.pk}


def _assessed(w) -> dict[str, Any]:
    w.presence = presence(w, competitor(w, "Borex Industrial"))
    w.old = assess(w, w.presence, {"support": 2})
    w.assessment = assess(w, w.presence, {"support": 3}, ["support-strained-trust"])
    return {"presence_id": w.presence.pk}


def _assessment(w) -> dict[str, Any]:
    _assessed(w)
    return {"assessment_id": w.assessment.pk}


def _compare(w) -> dict[str, Any]:
    _assessed(w)
    return {"assessment_id": w.old.pk, "other_id": w.assessment.pk}


def _rating(w) -> dict[str, Any]:
    _assessed(w)
    w.rating = w.assessment.ratings.get(pillar="support")
    return {"rating_id": w.rating.pk}


def _answer(w) -> dict[str, Any]:
    _assessed(w)
    w.answer = w.assessment.answers.get(question__key="staff-changed-managers")
    return {"answer_id": w.answer.pk}


def _attackable(w) -> dict[str, Any]:
    plan(w)
    return _assessed(w)


def _question(w) -> dict[str, Any]:
    w.question = WeaknessQuestion.objects.get(key="staff-changed-managers")
    return {"question_id": w.question.pk}


def _criterion(w) -> dict[str, Any]:
    w.criterion = criterion(w, "Quality", 60)
    return {"criterion_id": w.criterion.pk}


def _advantage(w) -> dict[str, Any]:
    plan(w)
    w.criterion = criterion(w, "Quality", 60)
    score(w, w.criterion, None, 5)
    score(w, w.criterion, presence(w, competitor(w, "Borex Industrial")).competitor, 3)
    return {"criterion_id": w.criterion.pk}


def _registry_ready(w) -> dict[str, Any]:
    competitor(w, "Borex Industrial")
    return {}


def _then_account(make):
    """Make the data with `make`, then call the account's URL."""

    def kwargs(w) -> dict[str, Any]:
        make(w)
        return api_account(w)

    return kwargs


def _then_nothing(make):
    def kwargs(w) -> dict[str, Any]:
        make(w)
        return {}

    return kwargs


ROUTES: dict[str, tuple[Call, ...]] = {
    # --- registry ------------------------------------------------------------------------
    "api:list_competitors": (Call("get", _registry_ready, internal(200, anonymous=401), **API),),
    "api:create_competitor": (
        Call(
            "post",
            no_kwargs,
            _registry_writers(201),
            data=lambda w: {"name": "Ciro Tools"},
            effect=lambda w: Competitor.objects.filter(name="Ciro Tools").exists(),
            **API,
        ),
    ),
    "api:get_competitor": (Call("get", _competitor, internal(200, anonymous=401), **API),),
    "api:update_competitor": (
        Call(
            "patch",
            _competitor,
            _registry_writers(200),
            data=lambda w: {"notes": "Strong in Silesia"},
            effect=lambda w: (
                Competitor.objects.get(pk=w.competitor.pk).notes == "Strong in Silesia"
            ),
            **API,
        ),
    ),
    "api:delete_competitor": (
        Call(
            "delete",
            _competitor,
            _registry_writers(204),
            effect=lambda w: not Competitor.objects.filter(pk=w.competitor.pk).exists(),
            **API,
        ),
    ),
    # --- presences -----------------------------------------------------------------------
    "api:list_competitor_presences": (
        Call("get", _then_account(_presence), scoped(200, anonymous=401), **API),
    ),
    "api:create_competitor_presence": (
        Call(
            "post",
            _then_account(_competitor),
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {"competitor_id": w.competitor.pk, "is_incumbent": True},
            effect=lambda w: Presence.objects.filter(account=w.account).exists(),
            **API,
        ),
    ),
    "api:get_competitor_presence": (Call("get", _presence, scoped(200, anonymous=401), **API),),
    "api:update_competitor_presence": (
        Call(
            "patch",
            _presence,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"supplies": "Bearings"},
            effect=lambda w: Presence.objects.get(pk=w.presence.pk).supplies == "Bearings",
            **API,
        ),
    ),
    "api:delete_competitor_presence": (
        Call(
            "delete",
            _presence,
            scoped(204, viewer=403, anonymous=401),
            effect=lambda w: not Presence.objects.filter(pk=w.presence.pk).exists(),
            **API,
        ),
    ),
    "api:get_support_history": (Call("get", _assessed, scoped(200, anonymous=401), **API),),
    # --- assessments ---------------------------------------------------------------------
    "api:list_competitor_assessments": (Call("get", _assessed, scoped(200, anonymous=401), **API),),
    "api:start_competitor_assessment": (
        Call(
            "post",
            _presence,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {"assessed_on": "2026-03-01"},
            effect=lambda w: Assessment.objects.filter(presence=w.presence).exists(),
            **API,
        ),
    ),
    "api:get_competitor_assessment": (Call("get", _assessment, scoped(200, anonymous=401), **API),),
    "api:update_competitor_assessment": (
        Call(
            "patch",
            _assessment,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"summary": "Support grows at the plant"},
            effect=lambda w: (
                Assessment.objects.get(pk=w.assessment.pk).summary == "Support grows at the plant"
            ),
            **API,
        ),
    ),
    "api:delete_competitor_assessment": (
        Call(
            "delete",
            _assessment,
            scoped(204, viewer=403, anonymous=401),
            effect=lambda w: not Assessment.objects.filter(pk=w.assessment.pk).exists(),
            **API,
        ),
    ),
    "api:compare_competitor_assessments": (
        Call("get", _compare, scoped(200, anonymous=401), **API),
    ),
    "api:update_pillar_rating": (
        Call(
            "patch",
            _rating,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"score": 5, "evidence": "The board backs them"},
            effect=lambda w: PillarRating.objects.get(pk=w.rating.pk).score == 5,
            **API,
        ),
    ),
    "api:update_weakness_answer": (
        Call(
            "patch",
            _answer,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"answer": "yes", "note": "New KAM since May"},
            effect=lambda w: WeaknessAnswer.objects.get(pk=w.answer.pk).answer == "yes",
            **API,
        ),
    ),
    "api:create_attack": (
        Call(
            "post",
            _attackable,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {
                "pillar": "support",
                "question_id": WeaknessQuestion.objects.get(key="support-strained-trust").pk,
            },
            effect=lambda w: Attack.objects.filter(presence=w.presence).exists(),
            **API,
        ),
    ),
    # --- question catalogue --------------------------------------------------------------
    "api:list_weakness_questions": (Call("get", no_kwargs, internal(200, anonymous=401), **API),),
    "api:create_weakness_question": (
        Call(
            "post",
            no_kwargs,
            _admins(201),
            data=lambda w: {"key": "staff-turnover", "pillar": "staff", "text_en": "Turnover?"},
            effect=lambda w: WeaknessQuestion.objects.filter(key="staff-turnover").exists(),
            **API,
        ),
    ),
    "api:update_weakness_question": (
        Call(
            "patch",
            _question,
            _admins(200),
            data=lambda w: {"text_pl": "Zmiana opiekuna?"},
            effect=lambda w: (
                WeaknessQuestion.objects.get(pk=w.question.pk).text_pl == "Zmiana opiekuna?"
            ),
            **API,
        ),
    ),
    # --- buying criteria and offers ------------------------------------------------------
    "api:list_buying_criteria": (
        Call("get", _then_account(_criterion), scoped(200, anonymous=401), **API),
    ),
    "api:create_buying_criterion": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {"name": "Delivery time", "weight": 20},
            effect=lambda w: BuyingCriterion.objects.filter(account=w.account).exists(),
            **API,
        ),
    ),
    "api:get_buying_criterion": (Call("get", _criterion, scoped(200, anonymous=401), **API),),
    "api:update_buying_criterion": (
        Call(
            "patch",
            _criterion,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"weight": 80},
            effect=lambda w: BuyingCriterion.objects.get(pk=w.criterion.pk).weight == 80,
            **API,
        ),
    ),
    "api:delete_buying_criterion": (
        Call(
            "delete",
            _criterion,
            scoped(204, viewer=403, anonymous=401),
            effect=lambda w: not BuyingCriterion.objects.filter(pk=w.criterion.pk).exists(),
            **API,
        ),
    ),
    "api:set_offer_scores": (
        Call(
            "put",
            _criterion,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"scores": [{"competitor_id": None, "score": 4}]},
            effect=lambda w: OfferScore.objects.filter(criterion=w.criterion).exists(),
            **API,
        ),
    ),
    "api:add_advantage_to_plan": (
        Call(
            "post",
            _advantage,
            scoped(201, viewer=403, anonymous=401),
            effect=lambda w: ValueItem.objects.filter(text="Quality").exists(),
            **API,
        ),
    ),
    "api:get_offer_comparison": (
        Call("get", _then_account(_advantage), scoped(200, anonymous=401), **API),
    ),
    "api:list_competition_alerts": (
        Call("get", _then_account(_assessed), scoped(200, anonymous=401), **API),
    ),
    "api:get_competition_portfolio": (
        Call("get", _then_nothing(_presence), internal(200, anonymous=401), **API),
    ),
}
