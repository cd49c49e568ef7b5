"""The users API: who I am (`/me`), and for administrators the people (`GET /users`,
`PATCH /users/{id}`: role and business unit, issue #18). For anyone else the people
endpoints answer 404, as if they did not exist."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut
from keyplan.core.web import parse_pk

from .access import is_administrator
from .administration import selectors, services
from .models import BusinessUnit, Role, User
from .schemas import MeOut, UserOut, UserPatchIn

router = Router(tags=["me"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# A body can also be malformed JSON (400) or too large (413).
BODY_ERRORS = {**ERRORS, 400: ErrorOut, 413: ErrorOut}


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The authenticated user")
def me(request):
    user = request.auth
    return {"id": user.pk, "username": user.username, "name": str(user), "role": user.role}


def _admin(request) -> User:
    if not is_administrator(request.auth):
        raise Http404
    return request.auth


@router.get(
    "/users",
    response={200: list[UserOut], **ERRORS},
    summary="Users (administrators only)",
    tags=["users"],
)
@paginate(Pagination)
def list_users(
    request,
    q: str = Query("", max_length=100),
    role: str = Query("", max_length=20),
    unit: int | None = Query(None, ge=1, le=2**63 - 1),
    active: str = Query("active", pattern="^(active|inactive|all)$"),
):
    """Every user matching the filters, by user name; `active` is active, inactive or all."""
    _admin(request)
    filters = selectors.UserFilters(
        q=q.replace("\x00", ""),
        role=role if role in Role.values else "",
        unit=unit,
        active=active,
    )
    return selectors.user_list(filters)


@router.patch(
    "/users/{user_id}",
    response={200: UserOut, **BODY_ERRORS},
    summary="Change a user's role or unit",
    tags=["users"],
)
def update_user(request, user_id: int, payload: UserPatchIn):
    """Set the role and/or business unit (the same rules as the page: no portal role here,
    the last active administrator stays one)."""
    actor = _admin(request)
    target = User.objects.select_related("business_unit").filter(pk=parse_pk(user_id)).first()
    if target is None:
        raise Http404
    given = payload.model_dump(exclude_unset=True)
    unit = target.business_unit
    if "business_unit_id" in given:
        unit = None
        if payload.business_unit_id is not None:
            unit = BusinessUnit.objects.filter(pk=payload.business_unit_id).first()
            if unit is None:
                raise Http404
    user = services.user_assign(
        actor=actor,
        target=target,
        role=payload.role or target.role,
        business_unit=unit,
        request=request,
    )
    user.business_unit = unit
    return user
