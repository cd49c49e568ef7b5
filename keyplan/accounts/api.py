"""Accounts, contacts and teams over REST, under the one access rule.

No `from __future__ import annotations` here: ninja resolves the annotations of a
@paginate-wrapped view in the pagination module's namespace, where a string
annotation such as "Query[AccountQuery]" cannot be resolved (every list then 500s).
"""

from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime

from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut, QuerySchema
from keyplan.core.web import parse_pk
from keyplan.users.models import BusinessUnit, User

from . import archive, selectors, services
from .access import account_for_user, contact_for_user, visible_accounts
from .models import Account, AccountTeamMember, Contact
from .schemas import (
    AccountIn,
    AccountOut,
    AccountPatch,
    ContactIn,
    ContactOut,
    ContactPatch,
    TeamMemberIn,
    TeamMemberOut,
    TeamMemberPatch,
)

router = Router(tags=["accounts"])

# Service errors name model fields; the API names the ids (model field -> API name).
ACCOUNT_KEYS = {"parent": "parent_id", "owner": "owner_id"}
TEAM_KEYS = {"user": "user_id", "business_unit": "business_unit_id"}
CONTACT_KEYS = {"reports_to": "reports_to_id"}


def _renamed(exc: ValidationError, keys: dict[str, str]) -> ValidationError:
    """The service's errors under the API's field names."""
    if hasattr(exc, "error_dict"):
        return ValidationError({keys.get(k, k): v for k, v in exc.message_dict.items()})
    return exc


class AccountQuery(QuerySchema):
    q: str = Field("", max_length=200, description="Name contains, external id or tax id")
    account_class: Literal["", "strategic", "regular", "prospect", "suspect"] = ""
    owner: int | None = Field(None, ge=1, le=2**63 - 1)
    industry: str = Field("", max_length=30)
    country: str = Field("", max_length=2)
    sort: Literal[tuple(selectors.SORTS)] = selectors.DEFAULT_SORT  # type: ignore[valid-type]
    archived: bool = Field(False, description="The archived accounts instead of the live ones")


def _resolve_refs(request, data: dict) -> dict:
    """Turn parent_id/owner_id into objects; unknown or invisible ids are field errors."""
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


@router.get("/accounts", response={200: list[AccountOut], **ERRORS}, summary="Accounts you may see")
@paginate(Pagination)
def list_accounts(request, filters: Query[AccountQuery]):
    return selectors.account_list(
        user=request.auth,
        filters=selectors.AccountFilters(
            q=filters.q,
            account_class=filters.account_class,
            owner=filters.owner,
            industry=filters.industry,
            country=filters.country,
            sort=filters.sort,
            archived=filters.archived,
        ),
    )


@router.post("/accounts", response={201: AccountOut, **BODY_ERRORS}, summary="Create an account")
def create_account(request, payload: AccountIn):
    if not request.auth.can_create_accounts:
        raise PermissionDenied
    data = _resolve_refs(request, payload.model_dump())
    try:
        account = services.account_create(user=request.auth, data=data)
    except ValidationError as exc:
        raise _renamed(exc, ACCOUNT_KEYS) from None
    return Status(201, Account.objects.select_related("owner").get(pk=account.pk))


@router.get("/accounts/{account_id}", response={200: AccountOut, **ERRORS})
def get_account(request, account_id: int):
    return account_for_user(request.auth, account_id).account


@router.patch("/accounts/{account_id}", response={200: AccountOut, 409: ErrorOut, **BODY_ERRORS})
def update_account(request, account_id: int, payload: AccountPatch):
    access = account_for_user(request.auth, account_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    data = _resolve_refs(request, data)
    try:
        account = services.account_update(
            user=request.auth, account=access.account, data=data, seen_updated_at=seen
        )
    except ValidationError as exc:
        raise _renamed(exc, ACCOUNT_KEYS) from None
    return Account.objects.select_related("owner").get(pk=account.pk)


@router.delete(
    "/accounts/{account_id}",
    response={204: None, **BODY_ERRORS},
    summary="Archive an account",
    description=(
        "Archives the account; nothing is deleted. It leaves the lists, searches and "
        "pickers and becomes read only, while its sales, plans, contacts, history and "
        "portfolio snapshots stay. Its owner, directors and administrators may archive "
        "it and bring it back with POST /accounts/{account_id}/restore. Archiving an "
        "archived account does nothing. A purge for good is an administrator's act on "
        "the account's page, with its name typed."
    ),
)
def delete_account(request, account_id: int):
    access = account_for_user(request.auth, account_id)
    if not access.can_delete:
        raise PermissionDenied
    archive.account_archive(user=request.auth, account=access.account)
    return Status(204, None)


@router.post(
    "/accounts/{account_id}/restore",
    response={200: AccountOut, **BODY_ERRORS},
    summary="Restore an archived account",
)
def restore_account(request, account_id: int):
    access = account_for_user(request.auth, account_id)
    if not access.can_delete:
        raise PermissionDenied
    archive.account_restore(user=request.auth, account=access.account)
    return Account.objects.select_related("owner").get(pk=access.account.pk)


@router.get("/accounts/{account_id}/team", response={200: list[TeamMemberOut], **ERRORS})
def list_team(request, account_id: int):
    access = account_for_user(request.auth, account_id)
    return list(access.account.team.select_related("user", "business_unit"))


def _unit(unit_id: int | None) -> BusinessUnit | None:
    if unit_id is None:
        return None
    unit = BusinessUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"business_unit_id": ["No business unit with this id."]})
    return unit


def _team_member(user: User, member_id: int, *, write: bool = False) -> AccountTeamMember:
    """The team entry through its account's access; 404 alike for missing and forbidden."""
    account_id = (
        AccountTeamMember.objects.filter(pk=parse_pk(member_id))
        .values_list("account_id", flat=True)
        .first()
    )
    if account_id is None:
        raise Http404
    account_for_user(user, account_id, write=write)
    return AccountTeamMember.objects.select_related("user", "business_unit").get(pk=member_id)


@router.post(
    "/accounts/{account_id}/team",
    response={201: TeamMemberOut, **BODY_ERRORS},
    summary="Add a person to the account team",
)
def create_team_member(request, account_id: int, payload: TeamMemberIn):
    access = account_for_user(request.auth, account_id, write=True)
    data = payload.model_dump()
    member = User.objects.filter(pk=data["user_id"]).first()
    if member is None:
        raise ValidationError({"user_id": ["No user with this id."]})
    try:
        entry = services.team_member_add(
            user=request.auth,
            account=access.account,
            member=member,
            business_unit=_unit(data["business_unit_id"]),
            role=data["role"],
            contribution=data["contribution"],
            function=data["function"],
            committed_hours=data["committed_hours"],
        )
    except ValidationError as exc:
        raise _renamed(exc, TEAM_KEYS) from None
    return Status(201, _team_member(request.auth, entry.pk))


@router.get("/team-members/{member_id}", response={200: TeamMemberOut, **ERRORS})
def get_team_member(request, member_id: int):
    return _team_member(request.auth, member_id)


@router.patch(
    "/team-members/{member_id}",
    response={200: TeamMemberOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change a member's function, hours, unit, role or contribution",
)
def update_team_member(request, member_id: int, payload: TeamMemberPatch):
    found = _team_member(request.auth, member_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    if "business_unit_id" in data:
        data["business_unit"] = _unit(data.pop("business_unit_id"))
    try:
        services.team_member_update(
            user=request.auth, member=found, data=data, seen_updated_at=seen
        )
    except ValidationError as exc:
        raise _renamed(exc, TEAM_KEYS) from None
    return _team_member(request.auth, member_id)


# Not keyplan.core.api.common.SeenQuery: a DELETE's docs say what a stale one leaves alone
# (and a name of its own, so that OpenAPI does not list two classes as one "SeenQuery").
class TeamMemberSeenQuery(QuerySchema):
    updated_at: AwareDatetime | None = Field(
        None,
        description="The `updated_at` you last read; if it changed since, nothing is "
        "deleted and the answer is 409.",
    )


@router.delete("/team-members/{member_id}", response={204: None, 409: ErrorOut, **ERRORS})
def delete_team_member(request, member_id: int, filters: Query[TeamMemberSeenQuery]):
    found = _team_member(request.auth, member_id, write=True)
    services.team_member_delete(user=request.auth, member=found, seen_updated_at=filters.updated_at)
    return Status(204, None)


@router.get(
    "/accounts/{account_id}/contacts",
    response={200: list[ContactOut], **ERRORS},
    tags=["contacts"],
)
@paginate(Pagination)
def list_contacts(request, account_id: int):
    return account_for_user(request.auth, account_id).account.contacts.all()


def _contact_refs(data: dict) -> dict:
    """reports_to_id -> reports_to. An unknown id is refused like another account's
    contact (the service's check), with the same message, so nothing leaks."""
    if "reports_to_id" in data:
        boss_id = data.pop("reports_to_id")
        boss = Contact.objects.filter(pk=boss_id).first() if boss_id else None
        if boss_id and boss is None:
            raise ValidationError(
                {"reports_to_id": ["Choose a manager among this account's contacts."]}
            )
        data["reports_to"] = boss
    return data


@router.post(
    "/accounts/{account_id}/contacts", response={201: ContactOut, **BODY_ERRORS}, tags=["contacts"]
)
def create_contact(request, account_id: int, payload: ContactIn):
    access = account_for_user(request.auth, account_id, write=True)
    try:
        contact = services.contact_create(
            user=request.auth, account=access.account, data=_contact_refs(payload.model_dump())
        )
    except ValidationError as exc:
        raise _renamed(exc, CONTACT_KEYS) from None
    return Status(201, contact)


@router.get("/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, tags=["contacts"])
def get_contact(request, contact_id: int):
    contact, _access = contact_for_user(request.auth, contact_id)
    return contact


@router.patch(
    "/contacts/{contact_id}",
    response={200: ContactOut, 409: ErrorOut, **BODY_ERRORS},
    tags=["contacts"],
)
def update_contact(request, contact_id: int, payload: ContactPatch):
    contact, _access = contact_for_user(request.auth, contact_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    try:
        return services.contact_update(
            user=request.auth,
            contact=contact,
            data=_contact_refs(data),
            seen_updated_at=seen,
        )
    except ValidationError as exc:
        raise _renamed(exc, CONTACT_KEYS) from None


@router.delete(
    "/contacts/{contact_id}",
    response={204: None, **ERRORS},
    tags=["contacts"],
    summary="Archive a contact",
    description=(
        "Archives the contact; nothing is deleted. It leaves the lists and pickers, keeps "
        "its interactions and history, and comes back with POST "
        "/contacts/{contact_id}/restore. Erasing personal data is a separate act."
    ),
)
def delete_contact(request, contact_id: int):
    contact, access = contact_for_user(request.auth, contact_id)
    if not access.can_write:
        raise PermissionDenied
    archive.contact_archive(user=request.auth, contact=contact)
    return Status(204, None)


@router.post(
    "/contacts/{contact_id}/restore",
    response={200: ContactOut, **BODY_ERRORS},
    tags=["contacts"],
    summary="Restore an archived contact",
)
def restore_contact(request, contact_id: int):
    contact, access = contact_for_user(request.auth, contact_id)
    if not access.can_write:
        raise PermissionDenied
    return archive.contact_restore(user=request.auth, contact=contact)
