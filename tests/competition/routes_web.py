"""Rows for tests/test_routes_authz.py ROUTES (merged there): every competition page.

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
from tests.test_routes_authz import Call, creators, internal, scoped

from .core_support import assess, competitor, criterion, plan, presence, score

REGISTRY = "/competition/competitors/"
PRESENCES = "/competition/presences/"
ACCOUNT = "/competition/account/"
ASSESSMENTS = "/competition/assessments/"


def _writers(ok) -> dict:
    return creators(ok, others=403)


def _admins(ok) -> dict:
    return internal(403) | {"admin": ok}


def _none(w) -> dict[str, Any]:
    return {}


def _account(w) -> dict[str, Any]:
    return {"account_pk": w.account.pk}


def _competitor(w) -> dict[str, Any]:
    w.competitor = competitor(w, "Borex Industrial")
    return {"pk": w.competitor.pk}


def _account_with_competitor(w) -> dict[str, Any]:
    w.competitor = competitor(w, "Borex Industrial")
    return _account(w)


def _presence(w) -> dict[str, Any]:
    w.presence = presence(w, competitor(w, "Borex Industrial"))
    return {"pk": w.presence.pk}


def _weak(w) -> dict[str, Any]:
    plan(w)
    kwargs = _presence(w)
    w.assessment = assess(w, w.presence, {"support": 2})
    return kwargs


def _assessment(w) -> dict[str, Any]:
    _presence(w)
    w.assessment = assess(w, w.presence, {"support": 3})
    return {"pk": w.assessment.pk}


def _two(w) -> dict[str, Any]:
    _presence(w)
    w.old = assess(w, w.presence, {"support": 2})
    w.assessment = assess(w, w.presence, {"support": 4})
    return {"pk": w.old.pk, "other_pk": w.assessment.pk}


def _rating(w) -> dict[str, Any]:
    _assessment(w)
    w.rating = w.assessment.ratings.get(pillar="strength")
    return {"pk": w.rating.pk}


def _answer(w) -> dict[str, Any]:
    _assessment(w)
    w.answer = w.assessment.answers.first()
    return {"pk": w.answer.pk}


def _criterion(w) -> dict[str, Any]:
    w.criterion = criterion(w, "Quality", 30)
    return {"pk": w.criterion.pk}


def _advantage(w) -> dict[str, Any]:
    plan(w)
    comp = competitor(w, "Borex Industrial")
    presence(w, comp)
    kwargs = _criterion(w)
    score(w, w.criterion, None, 5)
    score(w, w.criterion, comp, 3)
    return kwargs


def _question(w) -> dict[str, Any]:
    w.question = WeaknessQuestion.objects.order_by("pk").first()
    return {"pk": w.question.pk}


def _question_data(w) -> dict[str, Any]:
    q = w.question
    values = {
        "key": q.key,
        "pillar": q.pillar,
        "text_en": "Routed question",
        "text_ru": q.text_ru,
        "text_pl": q.text_pl,
        "position": q.position,
        "is_active": "on",
    }
    return {f"q-{q.pk}-{k}": v for k, v in values.items()}


ROUTES: dict[str, tuple[Call, ...]] = {
    # --- the registry ----------------------------------------------------------------------
    "competition:list": (Call("get", _none, internal(200)),),
    "competition:create": (
        Call("get", _none, _writers(200)),
        Call(
            "post",
            _none,
            _writers("/competition/competitors/"),
            data=lambda w: {"name": "Routed Co"},
            effect=lambda w: Competitor.objects.filter(name="Routed Co").exists(),
        ),
    ),
    "competition:detail": (Call("get", _competitor, internal(200)),),
    "competition:edit": (
        Call("get", _competitor, _writers(200)),
        Call(
            "post",
            _competitor,
            _writers(REGISTRY),
            data=lambda w: {"name": "Renamed Co"},
            effect=lambda w: Competitor.objects.filter(name="Renamed Co").exists(),
        ),
    ),
    "competition:delete": (
        Call(
            "post",
            _competitor,
            _writers(REGISTRY),
            effect=lambda w: not Competitor.objects.filter(pk=w.competitor.pk).exists(),
        ),
    ),
    "competition:portfolio": (Call("get", _none, internal(200)),),
    # --- the question catalogue ------------------------------------------------------------
    "competition:questions": (
        Call("get", _none, internal(200)),
        Call(
            "post",
            _none,
            _admins("/competition/questions/"),
            data=lambda w: {
                "new-key": "routed-question",
                "new-pillar": "staff",
                "new-text_en": "Routed?",
                "new-position": "9",
                "new-is_active": "on",
            },
            effect=lambda w: WeaknessQuestion.objects.filter(key="routed-question").exists(),
        ),
    ),
    "competition:question-edit": (
        Call(
            "post",
            _question,
            _admins("/competition/questions/"),
            data=_question_data,
            effect=lambda w: WeaknessQuestion.objects.filter(text_en="Routed question").exists(),
        ),
    ),
    # --- competitors at an account ---------------------------------------------------------
    "competition:account": (Call("get", _account, scoped(200)),),
    "competition:presence-create": (
        Call(
            "post",
            _account_with_competitor,
            scoped(PRESENCES, viewer=403),
            data=lambda w: {"competitor": w.competitor.pk, "supplies": "Bolts"},
            effect=lambda w: Presence.objects.filter(competitor=w.competitor).exists(),
        ),
    ),
    "competition:presence": (Call("get", _presence, scoped(200)),),
    "competition:presence-edit": (
        Call("get", _presence, scoped(200, viewer=403)),
        Call(
            "post",
            _presence,
            scoped(PRESENCES, viewer=403),
            data=lambda w: {"supplies": "Routed supplies"},
            effect=lambda w: Presence.objects.filter(supplies="Routed supplies").exists(),
        ),
    ),
    "competition:presence-delete": (
        Call(
            "post",
            _presence,
            scoped(ACCOUNT, viewer=403),
            effect=lambda w: not Presence.objects.filter(pk=w.presence.pk).exists(),
        ),
    ),
    "competition:assessment-start": (
        Call(
            "post",
            _presence,
            scoped(PRESENCES, viewer=403),
            data=lambda w: {"assessed_on": "2026-05-04"},
            effect=lambda w: Assessment.objects.filter(presence=w.presence).exists(),
        ),
    ),
    "competition:attack": (
        Call(
            "post",
            _weak,
            scoped(PRESENCES, viewer=403),
            data=lambda w: {"pillar": "support"},
            effect=lambda w: Attack.objects.filter(presence=w.presence).exists(),
        ),
    ),
    "competition:assessment": (Call("get", _assessment, scoped(200)),),
    "competition:assessment-delete": (
        Call(
            "post",
            _assessment,
            scoped(PRESENCES, viewer=403),
            effect=lambda w: not Assessment.objects.filter(pk=w.assessment.pk).exists(),
        ),
    ),
    "competition:compare": (Call("get", _two, scoped(200)),),
    "competition:rating": (
        Call("get", _rating, scoped(ASSESSMENTS)),
        Call(
            "post",
            _rating,
            scoped(ASSESSMENTS, viewer=403),
            data=lambda w: {f"rating-{w.rating.pk}-score": "4"},
            effect=lambda w: PillarRating.objects.get(pk=w.rating.pk).score == 4,
        ),
    ),
    "competition:answer": (
        Call(
            "post",
            _answer,
            scoped(ASSESSMENTS, viewer=403),
            data=lambda w: {f"answer-{w.answer.pk}-answer": "yes"},
            effect=lambda w: WeaknessAnswer.objects.get(pk=w.answer.pk).answer == "yes",
        ),
    ),
    # --- the offer comparison --------------------------------------------------------------
    "competition:offers": (Call("get", _account, scoped(200)),),
    "competition:criterion-create": (
        Call(
            "post",
            _account,
            scoped(ACCOUNT, viewer=403),
            data=lambda w: {"new-name": "Delivery", "new-weight": "20"},
            effect=lambda w: BuyingCriterion.objects.filter(name="Delivery").exists(),
        ),
    ),
    "competition:criterion-edit": (
        Call(
            "post",
            _criterion,
            scoped(ACCOUNT, viewer=403),
            data=lambda w: {
                f"criterion-{w.criterion.pk}-name": "Quality of service",
                f"criterion-{w.criterion.pk}-weight": "40",
            },
            effect=lambda w: BuyingCriterion.objects.filter(name="Quality of service").exists(),
        ),
    ),
    "competition:criterion-delete": (
        Call(
            "post",
            _criterion,
            scoped(ACCOUNT, viewer=403),
            effect=lambda w: not BuyingCriterion.objects.filter(pk=w.criterion.pk).exists(),
        ),
    ),
    "competition:score": (
        Call(
            "post",
            _criterion,
            scoped(ACCOUNT, viewer=403),
            data=lambda w: {"offer": "us", "score": "4"},
            effect=lambda w: OfferScore.objects.filter(criterion=w.criterion, score=4).exists(),
        ),
    ),
    "competition:advantage": (
        Call(
            "post",
            _advantage,
            scoped(ACCOUNT, viewer=403),
            effect=lambda w: ValueItem.objects.filter(text="Quality").exists(),
        ),
    ),
}
