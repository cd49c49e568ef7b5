"""The competitor registry over REST: read by every internal user, written by
administrators, directors and KAMs (keyplan.competition.access). A stale `updated_at`
answers 409.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut

from .. import access
from ..common.api import patch_data
from . import selectors, services
from .schemas import CompetitorIn, CompetitorOut, CompetitorPatch, CompetitorQuery

router = Router(tags=["competition"])


@router.get("/competitors", response={200: list[CompetitorOut], **ERRORS})
@paginate(Pagination)
def list_competitors(request, filters: Query[CompetitorQuery]):
    """The registry, by name; `search` in the name, `active` filter."""
    qs = selectors.competitors(search=filters.search)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return qs


@router.post("/competitors", response={201: CompetitorOut, 409: ErrorOut, **BODY_ERRORS})
def create_competitor(request, payload: CompetitorIn):
    user = request.auth
    return Status(201, services.competitor_create(user=user, data=payload.model_dump()))


@router.get("/competitors/{competitor_id}", response={200: CompetitorOut, **ERRORS})
def get_competitor(request, competitor_id: int):
    return access.competitor_for_user(request.auth, competitor_id)


@router.patch(
    "/competitors/{competitor_id}", response={200: CompetitorOut, 409: ErrorOut, **BODY_ERRORS}
)
def update_competitor(request, competitor_id: int, payload: CompetitorPatch):
    user = request.auth
    competitor = access.competitor_for_user(user, competitor_id, write=True)
    data, seen = patch_data(payload)
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
