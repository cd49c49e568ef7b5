"""The competitors at an account over REST, each with its latest assessment read. What
hangs on an account follows the account's rule (keyplan.competition.access): 404 for
outsiders and portal users, 403 for viewers writing. A stale `updated_at` answers 409.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from typing import Any

from ninja import Query, Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.schemas import ErrorOut

from .. import access
from ..assessments.api import weak_point_out
from ..common.api import patch_data
from ..models import Presence
from . import services
from .schemas import PresenceIn, PresenceOut, PresencePatch, PresenceSummaryOut
from .selectors import PresenceView, presences_for_account

router = Router(tags=["competition"])


def _summary(view: PresenceView) -> dict[str, Any]:
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
        "weak_points": [weak_point_out(p) for p in view.weak_points],
        "support_previous": view.support_previous,
        "support_latest": view.support_latest,
        "support_rising": view.support_rising,
    }


@router.get(
    "/accounts/{account_id}/competitors",
    response={200: list[PresenceSummaryOut], **ERRORS},
    summary="Competitors at the account, with their latest assessment read",
)
def list_competitor_presences(request, account_id: int):
    account = account_for_user(request.auth, account_id).account
    return [_summary(view) for view in presences_for_account(account)]


@router.post(
    "/accounts/{account_id}/competitors", response={201: PresenceOut, 409: ErrorOut, **BODY_ERRORS}
)
def create_competitor_presence(request, account_id: int, payload: PresenceIn):
    user = request.auth
    presence = services.presence_create(user=user, account=account_id, data=payload.model_dump())
    return Status(201, presence)


@router.get("/competitor-presences/{presence_id}", response={200: PresenceOut, **ERRORS})
def get_competitor_presence(request, presence_id: int):
    presence, _access = access.presence_for_user(request.auth, presence_id)
    return presence


@router.patch(
    "/competitor-presences/{presence_id}", response={200: PresenceOut, 409: ErrorOut, **BODY_ERRORS}
)
def update_competitor_presence(request, presence_id: int, payload: PresencePatch):
    user = request.auth
    presence, _access = access.presence_for_user(user, presence_id, write=True)
    data, seen = patch_data(payload)
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
