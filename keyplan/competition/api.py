"""Competitors, their presence and position at accounts, the weakness catalogue, the
customer's buying criteria and the offer comparison over REST.

The access rule (keyplan.competition.access): what hangs on an account follows the
account (404 for outsiders and portal users, 403 for viewers writing); the registry is
written by administrators, directors and KAMs; the question catalogue by
administrators. A stale `updated_at` answers 409.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from keyplan.accounts.access import account_for_user
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut

from . import access, selectors, services
from .api_offers import BODY_ERRORS, ERRORS, _patch
from .api_offers import router as offers_router
from .models import Assessment, Attack, Presence, WeaknessAnswer
from .schemas import (
    AnswerOut,
    AnswerPatch,
    AssessmentDetailOut,
    AssessmentIn,
    AssessmentOut,
    AssessmentPatch,
    AttackIn,
    AttackOut,
    CompareOut,
    CompetitorIn,
    CompetitorOut,
    CompetitorPatch,
    CompetitorQuery,
    PresenceIn,
    PresenceOut,
    PresencePatch,
    PresenceSummaryOut,
    QuestionIn,
    QuestionOut,
    QuestionPatch,
    QuestionQuery,
    RatingOut,
    RatingPatch,
    SeenQuery,
    SupportPointOut,
)

router = Router(tags=["competition"])
router.add_router("", offers_router)


# --- registry -----------------------------------------------------------------------------


@router.get("/competitors", response={200: list[CompetitorOut], **ERRORS})
@paginate(Pagination)
def list_competitors(request, filters: Query[CompetitorQuery]):
    """The registry, by name; `search` in the name, `active` filter."""
    qs = selectors.competitors(search=filters.search)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return qs


@router.post("/competitors", response={201: CompetitorOut, **BODY_ERRORS})
def create_competitor(request, payload: CompetitorIn):
    user = request.auth
    return Status(201, services.competitor_create(user=user, data=payload.model_dump()))


@router.get("/competitors/{competitor_id}", response={200: CompetitorOut, **ERRORS})
def get_competitor(request, competitor_id: int):
    return access.competitor_for_user(request.auth, competitor_id)


@router.patch("/competitors/{competitor_id}", response={200: CompetitorOut, **BODY_ERRORS})
def update_competitor(request, competitor_id: int, payload: CompetitorPatch):
    user = request.auth
    competitor = access.competitor_for_user(user, competitor_id, write=True)
    data, seen = _patch(payload)
    return services.competitor_update(
        user=user, competitor=competitor, data=data, seen_updated_at=seen
    )


@router.delete(
    "/competitors/{competitor_id}",
    response={204: None, 409: ErrorOut, **ERRORS},
    summary="Delete a competitor listed at no account",
)
def delete_competitor(request, competitor_id: int, filters: Query[SeenQuery]):
    user = request.auth
    competitor = access.competitor_for_user(user, competitor_id, write=True)
    services.competitor_delete(user=user, competitor=competitor, seen_updated_at=filters.updated_at)
    return Status(204, None)


# --- presences ----------------------------------------------------------------------------


def _summary(view: selectors.PresenceView) -> dict:
    presence = view.presence
    return {
        "id": presence.pk,
        "account_id": presence.account_id,
        "competitor": {"id": presence.competitor_id, "name": presence.competitor.name},
        "supplies": presence.supplies,
        "is_incumbent": presence.is_incumbent,
        "share_of_spend": presence.share_of_spend,
        "notes": presence.notes,
        "created_at": presence.created_at,
        "updated_at": presence.updated_at,
        "latest_assessment_id": view.latest.pk if view.latest else None,
        "latest_assessed_on": view.latest.assessed_on if view.latest else None,
        "assessments": view.assessments,
        "scores": view.scores,
        "verdict": view.verdict,
        "weak_points": [_point(p) for p in view.weak_points],
        "support_previous": view.support_previous,
        "support_latest": view.support_latest,
        "support_rising": view.support_rising,
    }


def _point(point) -> dict:
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
    "/accounts/{account_id}/competitors",
    response={200: list[PresenceSummaryOut], **ERRORS},
    summary="Competitors at the account, with their latest assessment read",
)
def list_competitor_presences(request, account_id: int):
    account = account_for_user(request.auth, account_id).account
    return [_summary(view) for view in selectors.presences_for_account(account)]


@router.post("/accounts/{account_id}/competitors", response={201: PresenceOut, **BODY_ERRORS})
def create_competitor_presence(request, account_id: int, payload: PresenceIn):
    user = request.auth
    presence = services.presence_create(user=user, account=account_id, data=payload.model_dump())
    return Status(201, presence)


@router.get("/competitor-presences/{presence_id}", response={200: PresenceOut, **ERRORS})
def get_competitor_presence(request, presence_id: int):
    presence, _access = access.presence_for_user(request.auth, presence_id)
    return presence


@router.patch("/competitor-presences/{presence_id}", response={200: PresenceOut, **BODY_ERRORS})
def update_competitor_presence(request, presence_id: int, payload: PresencePatch):
    user = request.auth
    presence, _access = access.presence_for_user(user, presence_id, write=True)
    data, seen = _patch(payload)
    updated = services.presence_update(
        user=user, presence=presence, data=data, seen_updated_at=seen
    )
    return Presence.objects.select_related("competitor").get(pk=updated.pk)


@router.delete(
    "/competitor-presences/{presence_id}",
    response={204: None, 409: ErrorOut, **ERRORS},
    summary="Remove a competitor from the account, with its assessments",
)
def delete_competitor_presence(request, presence_id: int, filters: Query[SeenQuery]):
    user = request.auth
    presence, _access = access.presence_for_user(user, presence_id, write=True)
    services.presence_delete(user=user, presence=presence, seen_updated_at=filters.updated_at)
    return Status(204, None)


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


# --- assessments --------------------------------------------------------------------------


@router.get(
    "/competitor-presences/{presence_id}/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="The presence's assessments, newest first",
)
def list_competitor_assessments(request, presence_id: int):
    presence, _access = access.presence_for_user(request.auth, presence_id)
    return list(selectors.assessments_for_presence(presence))


def _detail(assessment: Assessment) -> dict:
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
        "weak_points": [_point(p) for p in view.all_weak_points],
        "to_find_out": [q.question_id for q in view.to_find_out],
        "attacks": view.attacks,
    }


@router.post(
    "/competitor-presences/{presence_id}/assessments",
    response={201: AssessmentDetailOut, **BODY_ERRORS},
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
    response={200: AssessmentDetailOut, **BODY_ERRORS},
    summary="Change an assessment's date or summary",
)
def update_competitor_assessment(request, assessment_id: int, payload: AssessmentPatch):
    user = request.auth
    assessment, _access = access.assessment_for_user(user, assessment_id, write=True)
    data, seen = _patch(payload)
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
    response={200: CompareOut, **ERRORS},
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


@router.patch("/pillar-ratings/{rating_id}", response={200: RatingOut, **BODY_ERRORS})
def update_pillar_rating(request, rating_id: int, payload: RatingPatch):
    user = request.auth
    rating, _access = access.rating_for_user(user, rating_id, write=True)
    data, seen = _patch(payload)
    return services.rating_update(user=user, rating=rating, data=data, seen_updated_at=seen)


@router.patch("/weakness-answers/{answer_id}", response={200: AnswerOut, **BODY_ERRORS})
def update_weakness_answer(request, answer_id: int, payload: AnswerPatch):
    user = request.auth
    answer, _access = access.answer_for_user(user, answer_id, write=True)
    data, seen = _patch(payload)
    updated = services.answer_update(user=user, answer=answer, data=data, seen_updated_at=seen)
    return WeaknessAnswer.objects.select_related("question").get(pk=updated.pk)


@router.post(
    "/competitor-presences/{presence_id}/attacks",
    response={201: AttackOut, **BODY_ERRORS},
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


# --- question catalogue -------------------------------------------------------------------


@router.get("/weakness-questions", response={200: list[QuestionOut], **ERRORS})
def list_weakness_questions(request, filters: Query[QuestionQuery]):
    """The catalogue by pillar and position; `text` in the request's language."""
    access.require_internal(request.auth)
    qs = selectors.questions()
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    if filters.pillar is not None:
        qs = qs.filter(pillar=filters.pillar)
    return list(qs)


@router.post("/weakness-questions", response={201: QuestionOut, **BODY_ERRORS})
def create_weakness_question(request, payload: QuestionIn):
    user = request.auth
    data = payload.model_dump(exclude_none=True)
    return Status(201, services.question_create(user=user, data=data))


@router.patch("/weakness-questions/{question_id}", response={200: QuestionOut, **BODY_ERRORS})
def update_weakness_question(request, question_id: int, payload: QuestionPatch):
    user = request.auth
    question = access.question_for_user(user, question_id, write=True)
    data, seen = _patch(payload)
    return services.question_update(user=user, question=question, data=data, seen_updated_at=seen)
