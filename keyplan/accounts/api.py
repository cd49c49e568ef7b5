"""Accounts, contacts and teams over REST, under the one access rule.

No `from __future__ import annotations` here: ninja resolves the annotations of a
@paginate-wrapped view in the pagination module's namespace, where a string
annotation such as "Query[AccountQuery]" cannot be resolved (every list then 500s).
"""

from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from keyplan.api.pagination import Pagination
from keyplan.api.schemas import (
    AccountIn,
    AccountOut,
    AccountPatch,
    ContactIn,
    ContactOut,
    ContactPatch,
    ErrorOut,
    InputSchema,
    TeamMemberOut,
)
from keyplan.users.models import User

from . import selectors, services
from .access import account_for_user, contact_for_user, visible_accounts
from .models import Account

router = Router(tags=["accounts"])

# What every endpoint may answer besides success; all in the one error body.
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# ...and those that read a JSON body: 400 when it is not JSON, 413 when too large.
BODY_ERRORS = {**ERRORS, 400: ErrorOut, 413: ErrorOut}


def _internal(request):
    if not request.auth.is_internal:
        raise Http404


class AccountQuery(InputSchema):
    q: str = Field("", max_length=200, description="Name contains, external id or tax id")
    account_class: Literal["", "strategic", "regular", "prospect", "suspect"] = ""
    owner: int | None = Field(None, ge=1, le=2**63 - 1)
    industry: str = Field("", max_length=30)
    country: str = Field("", max_length=2)
    sort: Literal[tuple(selectors.SORTS)] = selectors.DEFAULT_SORT  # type: ignore[valid-type]


def _resolve_refs(request, data: dict) -> dict:
    """Turn parent_id/owner_id into objects; unknown or invisible ids are field errors."""
    from django.core.exceptions import ValidationError

    errors = {}
    if "parent_id" in data:
        parent_id = data.pop("parent_id")
        parent = visible_accounts(request.auth).filter(pk=parent_id).first() if parent_id else None
        if parent_id and parent is None:
            errors["parent_id"] = ["No account with this id that you can see."]
        data["parent"] = parent
    if "owner_id" in data:
        owner_id = data.pop("owner_id")
        owner = User.objects.filter(pk=owner_id).first() if owner_id else None
        if owner_id and owner is None:
            errors["owner_id"] = ["No user with this id."]
        data["owner"] = owner
    if errors:
        raise ValidationError(errors)
    return data


def _rename_errors(exc):
    """Service errors name model fields; the API names parent_id/owner_id."""
    from django.core.exceptions import ValidationError

    if hasattr(exc, "error_dict"):
        renamed = {
            {"parent": "parent_id", "owner": "owner_id"}.get(k, k): v
            for k, v in exc.message_dict.items()
        }
        return ValidationError(renamed)
    return exc


@router.get("/accounts", response={200: list[AccountOut], **ERRORS}, summary="Accounts you may see")
@paginate(Pagination)
def list_accounts(request, filters: Query[AccountQuery]):
    _internal(request)
    return selectors.account_list(
        user=request.auth,
        filters=selectors.AccountFilters(
            q=filters.q,
            account_class=filters.account_class,
            owner=filters.owner,
            industry=filters.industry,
            country=filters.country,
            sort=filters.sort,
        ),
    )


@router.post("/accounts", response={201: AccountOut, **BODY_ERRORS}, summary="Create an account")
def create_account(request, payload: AccountIn):
    _internal(request)
    from django.core.exceptions import PermissionDenied, ValidationError

    if not request.auth.can_create_accounts:
        raise PermissionDenied
    data = _resolve_refs(request, payload.model_dump())
    try:
        account = services.account_create(user=request.auth, data=data)
    except ValidationError as exc:
        raise _rename_errors(exc) from None
    return Status(201, Account.objects.select_related("owner").get(pk=account.pk))


@router.get("/accounts/{account_id}", response={200: AccountOut, **ERRORS})
def get_account(request, account_id: int):
    _internal(request)
    return account_for_user(request.auth, account_id).account


@router.patch("/accounts/{account_id}", response={200: AccountOut, 409: ErrorOut, **BODY_ERRORS})
def update_account(request, account_id: int, payload: AccountPatch):
    _internal(request)
    from django.core.exceptions import ValidationError

    access = account_for_user(request.auth, account_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    data = _resolve_refs(request, data)
    try:
        account = services.account_update(
            user=request.auth, account=access.account, data=data, seen_updated_at=seen
        )
    except ValidationError as exc:
        raise _rename_errors(exc) from None
    return Account.objects.select_related("owner").get(pk=account.pk)


@router.delete("/accounts/{account_id}", response={204: None, **ERRORS})
def delete_account(request, account_id: int):
    _internal(request)
    from django.core.exceptions import PermissionDenied

    access = account_for_user(request.auth, account_id, write=True)
    if not access.can_delete:
        raise PermissionDenied
    services.account_delete(user=request.auth, account=access.account)
    return Status(204, None)


@router.get("/accounts/{account_id}/team", response={200: list[TeamMemberOut], **ERRORS})
def list_team(request, account_id: int):
    _internal(request)
    access = account_for_user(request.auth, account_id)
    return list(access.account.team.select_related("user", "business_unit"))


@router.get(
    "/accounts/{account_id}/contacts",
    response={200: list[ContactOut], **ERRORS},
    tags=["contacts"],
)
@paginate(Pagination)
def list_contacts(request, account_id: int):
    _internal(request)
    return account_for_user(request.auth, account_id).account.contacts.all()


@router.post(
    "/accounts/{account_id}/contacts", response={201: ContactOut, **BODY_ERRORS}, tags=["contacts"]
)
def create_contact(request, account_id: int, payload: ContactIn):
    _internal(request)
    access = account_for_user(request.auth, account_id, write=True)
    contact = services.contact_create(
        user=request.auth, account=access.account, data=payload.model_dump()
    )
    return Status(201, contact)


@router.get("/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, tags=["contacts"])
def get_contact(request, contact_id: int):
    _internal(request)
    contact, _access = contact_for_user(request.auth, contact_id)
    return contact


@router.patch(
    "/contacts/{contact_id}", response={200: ContactOut, **BODY_ERRORS}, tags=["contacts"]
)
def update_contact(request, contact_id: int, payload: ContactPatch):
    _internal(request)
    contact, _access = contact_for_user(request.auth, contact_id, write=True)
    return services.contact_update(
        user=request.auth, contact=contact, data=payload.model_dump(exclude_unset=True)
    )


@router.delete("/contacts/{contact_id}", response={204: None, **ERRORS}, tags=["contacts"])
def delete_contact(request, contact_id: int):
    _internal(request)
    contact, _access = contact_for_user(request.auth, contact_id, write=True)
    services.contact_delete(user=request.auth, contact=contact)
    return Status(204, None)
