"""A competitor's assessments at an account over REST: start, read, change and delete
them, score a pillar, answer a weakness question, compare two, the support history, and
turn a weak point into an action of the plan. What hangs on an account follows the
account's rule (keyplan.competition.access). A stale `updated_at` answers 409.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from typing import Any

from django.http import Http404
from ninja import Query, Router, Status

from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.schemas import ErrorOut

from .. import access
from ..common.api import patch_data
from ..models import Assessment, Attack, WeaknessAnswer
from . import selectors, services
from .domain import WeakPoint
from .schemas import (
    AnswerOut,
    AnswerPatch,
    AssessmentCompareOut,
    AssessmentDetailOut,
    AssessmentIn,
    AssessmentOut,
    AssessmentPatch,
    AttackIn,
    AttackOut,
    RatingOut,
    RatingPatch,
    SupportPointOut,
)

router = Router(tags=["competition"])


def weak_point_out(point: WeakPoint) -> dict[str, Any]:
    """A weak point as WeakPointOut (the presences' list shows them too)."""
    return {
        "key": point.key,
        "pillar": point.pillar,
        "question_id": point.question_id,
        "text": point.text,
        "note": point.note,
        "score": point.score,
        "severity": point.severity,
        "confirmed": point.confirmed,
    }


@router.get(
    "/competitor-presences/{presence_id}/support-history",
    response={200: list[SupportPointOut], **ERRORS},
    summary="The support pillar's score over the assessments, oldest first",
)
def get_support_history(request, presence_id: int):
    presence, _access = access.presence_for_user(request.auth, presence_id)
    return [
        {"assessed_on": day, "score": score} for day, score in selectors.support_history(presence)
    ]


@router.get(
    "/competitor-presences/{presence_id}/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="The presence's assessments, newest first",
)
def list_competitor_assessments(request, presence_id: int):
    presence, _access = access.presence_for_user(request.auth, presence_id)
    return list(selectors.assessments_for_presence(presence))


def _detail(assessment: Assessment) -> dict[str, Any]:
    view = selectors.assessment_view(assessment)
    presence = view.presence
    return {
        "id": assessment.pk,
        "presence_id": presence.pk,
        "account_id": presence.account_id,
        "competitor": {"id": presence.competitor_id, "name": presence.competitor.name},
        "assessed_on": assessment.assessed_on,
        "assessed_by": (
            None
            if assessment.assessed_by is None
            else {"id": assessment.assessed_by.pk, "name": str(assessment.assessed_by)}
        ),
        "summary": assessment.summary,
        "created_at": assessment.created_at,
        "updated_at": assessment.updated_at,
        "ratings": [p.rating for p in view.pillars if p.rating is not None],
        "answers": [a.answer for p in view.pillars for a in p.answers],
        "verdict": view.verdict,
        "weak_points": [weak_point_out(p) for p in view.all_weak_points],
        "to_find_out": [q.question_id for q in view.to_find_out],
        "attacks": view.attacks,
    }


@router.post(
    "/competitor-presences/{presence_id}/assessments",
    response={201: AssessmentDetailOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Start a new assessment (a copy of the latest one)",
)
def start_competitor_assessment(request, presence_id: int, payload: AssessmentIn):
    user = request.auth
    presence, _access = access.presence_for_user(user, presence_id, write=True)
    assessment = services.assessment_start(
        user=user, presence=presence, assessed_on=payload.assessed_on
    )
    return Status(
        201, _detail(Assessment.objects.select_related("assessed_by").get(pk=assessment.pk))
    )


@router.get(
    "/competitor-assessments/{assessment_id}",
    response={200: AssessmentDetailOut, **ERRORS},
    summary="An assessment: ratings, answers, verdict, weak points (ranked), attacks",
)
def get_competitor_assessment(request, assessment_id: int):
    assessment, _access = access.assessment_for_user(request.auth, assessment_id)
    return _detail(assessment)


@router.patch(
    "/competitor-assessments/{assessment_id}",
    response={200: AssessmentDetailOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change an assessment's date or summary",
)
def update_competitor_assessment(request, assessment_id: int, payload: AssessmentPatch):
    user = request.auth
    assessment, _access = access.assessment_for_user(user, assessment_id, write=True)
    data, seen = patch_data(payload)
    updated = services.assessment_update(
        user=user, assessment=assessment, data=data, seen_updated_at=seen
    )
    return _detail(Assessment.objects.select_related("assessed_by").get(pk=updated.pk))


@router.delete(
    "/competitor-assessments/{assessment_id}", response={204: None, 409: ErrorOut, **ERRORS}
)
def delete_competitor_assessment(request, assessment_id: int, filters: Query[SeenQuery]):
    user = request.auth
    assessment, _access = access.assessment_for_user(user, assessment_id, write=True)
    services.assessment_delete(user=user, assessment=assessment, seen_updated_at=filters.updated_at)
    return Status(204, None)


@router.get(
    "/competitor-assessments/{assessment_id}/compare/{other_id}",
    response={200: AssessmentCompareOut, **ERRORS},
    summary="Two assessments of the same presence, older -> newer",
)
def compare_competitor_assessments(request, assessment_id: int, other_id: int):
    user = request.auth
    first, _access = access.assessment_for_user(user, assessment_id)
    second, _access = access.assessment_for_user(user, other_id)
    if first.presence_id != second.presence_id:
        raise Http404
    old, new = sorted([first, second], key=lambda a: (a.assessed_on, a.pk))
    diff = selectors.assessment_compare(old, new)
    return {
        "old_id": old.pk,
        "new_id": new.pk,
        "old_on": diff.old_on,
        "new_on": diff.new_on,
        "old_verdict": diff.old_verdict,
        "new_verdict": diff.new_verdict,
        "support_rising": diff.support_rising,
        "pillars": [
            {"pillar": p.pillar, "old": p.old, "new": p.new, "changed": p.changed}
            for p in diff.pillars
        ],
        "answers": [
            {
                "question_id": a.question_id,
                "pillar": a.pillar,
                "text": a.text,
                "old": a.old,
                "new": a.new,
                "changed": a.changed,
            }
            for a in diff.answers
        ],
    }


@router.patch(
    "/pillar-ratings/{rating_id}", response={200: RatingOut, 409: ErrorOut, **BODY_ERRORS}
)
def update_pillar_rating(request, rating_id: int, payload: RatingPatch):
    user = request.auth
    rating, _access = access.rating_for_user(user, rating_id, write=True)
    data, seen = patch_data(payload)
    return services.rating_update(user=user, rating=rating, data=data, seen_updated_at=seen)


@router.patch(
    "/weakness-answers/{answer_id}", response={200: AnswerOut, 409: ErrorOut, **BODY_ERRORS}
)
def update_weakness_answer(request, answer_id: int, payload: AnswerPatch):
    user = request.auth
    answer, _access = access.answer_for_user(user, answer_id, write=True)
    data, seen = patch_data(payload)
    updated = services.answer_update(user=user, answer=answer, data=data, seen_updated_at=seen)
    return WeaknessAnswer.objects.select_related("question").get(pk=updated.pk)


@router.post(
    "/competitor-presences/{presence_id}/attacks",
    response={201: AttackOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Turn a weak point into an action of the account's current plan",
)
def create_attack(request, presence_id: int, payload: AttackIn):
    user = request.auth
    presence, _access = access.presence_for_user(user, presence_id, write=True)
    data = payload.model_dump(exclude={"pillar", "question_id"}, exclude_none=True)
    attack = services.attack_create(
        user=user,
        presence=presence,
        pillar=payload.pillar,
        question_id=payload.question_id,
        data=data,
    )
    return Status(201, Attack.objects.select_related("action").get(pk=attack.pk))
