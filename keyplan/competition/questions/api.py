"""The weakness-question catalogue over REST: read by every internal user, written by
administrators (keyplan.competition.access). A stale `updated_at` answers 409.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from ninja import Query, Router, Status

from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import ErrorOut

from .. import access
from ..common.api import patch_data
from . import selectors, services
from .schemas import QuestionIn, QuestionOut, QuestionPatch, QuestionQuery

router = Router(tags=["competition"])


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


@router.post("/weakness-questions", response={201: QuestionOut, 409: ErrorOut, **BODY_ERRORS})
def create_weakness_question(request, payload: QuestionIn):
    user = request.auth
    data = payload.model_dump(exclude_none=True)
    return Status(201, services.question_create(user=user, data=data))


@router.patch(
    "/weakness-questions/{question_id}", response={200: QuestionOut, 409: ErrorOut, **BODY_ERRORS}
)
def update_weakness_question(request, question_id: int, payload: QuestionPatch):
    user = request.auth
    question = access.question_for_user(user, question_id, write=True)
    data, seen = patch_data(payload)
    return services.question_update(user=user, question=question, data=data, seen_updated_at=seen)
