"""An account's satisfaction answers over REST, under the one access rule: whoever sees the
account reads them; its team writes (read-only viewers 403); outsiders and portal users
404, for a missing answer alike. A stale `updated_at` on a PATCH or DELETE answers 409; a
refused value 422 with the message at its field.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Status
from ninja.pagination import paginate

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut
from keyplan.stakeholders.models import SatisfactionAnswer

from . import services
from .schemas import SatisfactionAnswerIn, SatisfactionAnswerOut, SatisfactionAnswerPatch
from .selectors import account_answer_list, answer_for_user

router = Router(tags=["satisfaction"])

WRITE_ERRORS = {**BODY_ERRORS, 409: ErrorOut}


def _reload(answer: SatisfactionAnswer) -> SatisfactionAnswer:
    return SatisfactionAnswer.objects.select_related("contact", "created_by").get(pk=answer.pk)


def _service_data(data: dict[str, Any]) -> dict[str, Any]:
    """The body in the service's names (`contact_id` is its `contact`)."""
    if "contact_id" in data:
        data["contact"] = data.pop("contact_id")
    return data


def _api_names(exc: ValidationError) -> ValidationError:
    """The service's messages at the body's field names."""
    return ValidationError(
        {
            ("contact_id" if key == "contact" else key): value
            for key, value in exc.message_dict.items()
        }
    )


@router.get(
    "/accounts/{account_id}/satisfaction",
    response={200: list[SatisfactionAnswerOut], **ERRORS},
    summary="The account's satisfaction answers, newest first",
)
@paginate(Pagination)
def list_satisfaction_answers(request, account_id: int):
    account = account_for_user(request.auth, account_id).account
    return account_answer_list(account)


@router.post(
    "/accounts/{account_id}/satisfaction",
    response={201: SatisfactionAnswerOut, **BODY_ERRORS},
    summary="Add a satisfaction answer to the account",
)
def create_satisfaction_answer(request, account_id: int, payload: SatisfactionAnswerIn):
    user = request.auth
    account = account_for_user(user, account_id, write=True).account
    try:
        answer = services.satisfaction_answer_create(
            user=user, account=account, data=_service_data(payload.model_dump())
        )
    except ValidationError as exc:
        raise _api_names(exc) from exc
    return Status(201, _reload(answer))


@router.get(
    "/satisfaction/{answer_id}",
    response={200: SatisfactionAnswerOut, **ERRORS},
    summary="One satisfaction answer",
)
def get_satisfaction_answer(request, answer_id: int):
    answer, _access = answer_for_user(request.auth, answer_id)
    return answer


@router.patch(
    "/satisfaction/{answer_id}",
    response={200: SatisfactionAnswerOut, **WRITE_ERRORS},
    summary="Change a satisfaction answer (only the fields sent)",
)
def update_satisfaction_answer(request, answer_id: int, payload: SatisfactionAnswerPatch):
    user = request.auth
    answer, _access = answer_for_user(user, answer_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    try:
        saved = services.satisfaction_answer_update(
            user=user, answer=answer, data=_service_data(data), seen_updated_at=seen
        )
    except ValidationError as exc:
        raise _api_names(exc) from exc
    return _reload(saved)


@router.delete(
    "/satisfaction/{answer_id}",
    response={204: None, 409: ErrorOut, **ERRORS},
    summary="Delete a satisfaction answer (its history stays)",
)
def delete_satisfaction_answer(request, answer_id: int, filters: Query[SeenQuery]):
    user = request.auth
    answer, _access = answer_for_user(user, answer_id, write=True)
    services.satisfaction_answer_delete(
        user=user, answer=answer, seen_updated_at=filters.updated_at
    )
    return Status(204, None)
