"""Interactions and time entries over REST, under the one access rule: whoever sees the
account reads them; its team writes (viewers 403); outsiders and portal users 404. A
stale `updated_at` on a PATCH or DELETE answers 409; a refused value 422. The schemas are
in `schemas.py`.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut
from keyplan.users.models import User

from ..models import Interaction, TimeEntry
from . import selectors, services
from .access import is_manager
from .schemas import (
    InteractionIn,
    InteractionOut,
    InteractionPatch,
    InteractionQuery,
    TimeEntryIn,
    TimeEntryOut,
    TimeEntryPatch,
    TimeEntryQuery,
)

router = Router(tags=["interactions"])

WRITE_ERRORS = {**BODY_ERRORS, 409: ErrorOut}


def _interaction(user: User, interaction_id: int, *, write: bool = False) -> Interaction:
    account_id = (
        Interaction.objects.filter(pk=interaction_id).values_list("account_id", flat=True).first()
    )
    if account_id is None:
        raise Http404
    account = account_for_user(user, account_id, write=write).account
    interaction = selectors.interaction_for_account(account, interaction_id)
    if interaction is None:
        raise Http404
    return interaction


def _entry(user: User, entry_id: int, *, write: bool = False) -> TimeEntry:
    entry = TimeEntry.objects.select_related("user").filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    account_for_user(user, entry.account_id, write=write)
    return entry


def _reload(interaction: Interaction) -> Interaction:
    found = selectors.interaction_for_account(interaction.account, interaction.pk)
    return found or interaction


# --- interactions ------------------------------------------------------------------------


@router.get(
    "/accounts/{account_id}/interactions",
    response={200: list[InteractionOut], **ERRORS},
    summary="The account's interactions, newest first (filter by person and type)",
)
@paginate(Pagination)
def list_interactions(request, account_id: int, filters: Query[InteractionQuery]):
    user = request.auth
    account = account_for_user(user, account_id).account
    return selectors.timeline(
        account, person=filters.person, kind=filters.kind or "", sort=filters.sort
    )


@router.post(
    "/accounts/{account_id}/interactions",
    response={201: InteractionOut, **BODY_ERRORS},
    summary="Log an interaction (its time entries and last-contact dates follow)",
)
def create_interaction(request, account_id: int, payload: InteractionIn):
    user = request.auth
    account = account_for_user(user, account_id, write=True).account
    interaction = services.interaction_create(user=user, account=account, data=payload.model_dump())
    return Status(201, _reload(interaction))


@router.get(
    "/interactions/{interaction_id}",
    response={200: InteractionOut, **ERRORS},
    summary="One interaction",
)
def get_interaction(request, interaction_id: int):
    return _interaction(request.auth, interaction_id)


@router.patch(
    "/interactions/{interaction_id}",
    response={200: InteractionOut, **WRITE_ERRORS},
    summary="Change an interaction",
)
def update_interaction(request, interaction_id: int, payload: InteractionPatch):
    user = request.auth
    interaction = _interaction(user, interaction_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    saved = services.interaction_update(
        user=user, interaction=interaction, data=data, seen_updated_at=seen
    )
    return _reload(saved)


@router.delete(
    "/interactions/{interaction_id}",
    response={204: None, 409: ErrorOut, **ERRORS},
    summary="Delete an interaction with its time entries",
)
def delete_interaction(request, interaction_id: int, filters: Query[SeenQuery]):
    user = request.auth
    interaction = _interaction(user, interaction_id, write=True)
    services.interaction_delete(
        user=user, interaction=interaction, seen_updated_at=filters.updated_at
    )
    return Status(204, None)


# --- time entries ------------------------------------------------------------------------


@router.get(
    "/accounts/{account_id}/time-entries",
    response={200: list[TimeEntryOut], **ERRORS},
    summary="Time spent on the account, from interactions and manual entries",
)
@paginate(Pagination)
def list_time_entries(request, account_id: int, filters: Query[TimeEntryQuery]):
    user = request.auth
    account = account_for_user(user, account_id).account
    return selectors.time_entries(account, user_id=filters.user_id, sort=filters.sort)


@router.post(
    "/accounts/{account_id}/time-entries",
    response={201: TimeEntryOut, **BODY_ERRORS},
    summary="Log time (yours; managers for anyone)",
)
def create_time_entry(request, account_id: int, payload: TimeEntryIn):
    user = request.auth
    account = account_for_user(user, account_id, write=True).account
    data = payload.model_dump()
    if data["user_id"] is None:
        data.pop("user_id")
    entry = services.time_entry_create(user=user, account=account, data=data)
    return Status(201, TimeEntry.objects.select_related("user").get(pk=entry.pk))


@router.get(
    "/time-entries/{entry_id}",
    response={200: TimeEntryOut, **ERRORS},
    summary="One time entry",
)
def get_time_entry(request, entry_id: int):
    return _entry(request.auth, entry_id)


def _require_own(user: User, entry: TimeEntry) -> None:
    if entry.user_id != user.pk and not is_manager(user):
        raise PermissionDenied


@router.patch(
    "/time-entries/{entry_id}",
    response={200: TimeEntryOut, **WRITE_ERRORS},
    summary="Change a manual time entry (yours; managers any)",
)
def update_time_entry(request, entry_id: int, payload: TimeEntryPatch):
    user = request.auth
    entry = _entry(user, entry_id, write=True)
    _require_own(user, entry)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    saved = services.time_entry_update(user=user, entry=entry, data=data, seen_updated_at=seen)
    return TimeEntry.objects.select_related("user").get(pk=saved.pk)


@router.delete(
    "/time-entries/{entry_id}",
    response={204: None, 409: ErrorOut, **ERRORS},
    summary="Delete a manual time entry (yours; managers any)",
)
def delete_time_entry(request, entry_id: int, filters: Query[SeenQuery]):
    user = request.auth
    entry = _entry(user, entry_id, write=True)
    _require_own(user, entry)
    services.time_entry_delete(user=user, entry=entry, seen_updated_at=filters.updated_at)
    return Status(204, None)
