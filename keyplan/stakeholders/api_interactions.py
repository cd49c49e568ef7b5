"""Interactions and time entries over REST, under the one access rule: whoever sees the
account reads them; its team writes (viewers 403); outsiders and portal users 404. A
stale `updated_at` on a PATCH or DELETE answers 409; a refused value 422.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import MAX_ID, ErrorOut, InputSchema, PatchSchema, Timestamp, UserRef
from keyplan.users.models import User

from . import interaction_selectors as selectors
from . import interactions as services
from .models import Interaction, InteractionKind, TimeEntry, TimeSource

router = Router(tags=["interactions"])

WRITE_ERRORS = {**BODY_ERRORS, 409: ErrorOut}

Kind = Literal[tuple(InteractionKind.values)]  # type: ignore[valid-type]
Source = Literal[tuple(TimeSource.values)]  # type: ignore[valid-type]
PersonId = Annotated[int, Field(ge=1, le=MAX_ID)]
SEEN = (
    "The `updated_at` you last read; if it changed since, nothing is saved and the answer is 409."
)


def _user_ref(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": str(user)}


class ContactRef(Schema):
    id: int
    name: str


class InteractionOut(Schema):
    id: int
    account_id: int
    kind: str
    occurred_on: date
    duration_minutes: int
    subject: str
    notes: str
    next_step: str
    our_people: list[UserRef]
    their_people: list[ContactRef]
    goal_id: int | None
    action_id: int | None
    source_key: str
    created_by: UserRef | None
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_our_people(obj) -> list[dict]:
        return [_user_ref(u) for u in obj.our_people.all()]

    @staticmethod
    def resolve_their_people(obj) -> list[dict]:
        return [{"id": c.pk, "name": str(c)} for c in obj.their_people.all()]

    @staticmethod
    def resolve_created_by(obj) -> dict | None:
        return _user_ref(obj.created_by)


class InteractionIn(InputSchema):
    kind: Kind
    occurred_on: date
    duration_minutes: int = Field(0, ge=0, le=24 * 60)
    subject: str = Field(..., min_length=1, max_length=255)
    notes: str = Field("", max_length=20_000)
    next_step: str = Field("", max_length=255)
    our_people: list[PersonId] = Field(
        default_factory=list, max_length=100, description="Ids of our people who took part"
    )
    their_people: list[PersonId] = Field(
        default_factory=list,
        max_length=100,
        description="Ids of the account's contacts who took part",
    )
    goal_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)
    source_key: str = Field(
        "", max_length=100, description="Your key for it (e.g. a calendar event id)"
    )


class InteractionPatch(PatchSchema):
    """Only the fields sent change; a participant list sent replaces the old one."""

    NULLABLE = frozenset({"goal_id", "action_id", "updated_at"})

    kind: Kind | None = None
    occurred_on: date | None = None
    duration_minutes: int | None = Field(None, ge=0, le=24 * 60)
    subject: str | None = Field(None, min_length=1, max_length=255)
    notes: str | None = Field(None, max_length=20_000)
    next_step: str | None = Field(None, max_length=255)
    our_people: list[PersonId] | None = Field(None, max_length=100)
    their_people: list[PersonId] | None = Field(None, max_length=100)
    goal_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class InteractionQuery(InputSchema):
    person: str = Field("", max_length=30, description='"u<id>" one of ours, "c<id>" one of theirs')
    kind: Kind | None = None
    sort: Literal[tuple(selectors.TIMELINE_SORTS)] = "-date"  # type: ignore[valid-type]


class TimeEntryOut(Schema):
    id: int
    account_id: int
    user: UserRef
    spent_on: date
    minutes: int
    note: str
    source: Source
    interaction_id: int | None
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_user(obj) -> dict | None:
        return _user_ref(obj.user)


class TimeEntryIn(InputSchema):
    spent_on: date
    minutes: int = Field(..., ge=1, le=24 * 60)
    note: str = Field("", max_length=255)
    user_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Whose time (managers only); yours if left out"
    )


class TimeEntryPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    spent_on: date | None = None
    minutes: int | None = Field(None, ge=1, le=24 * 60)
    note: str | None = Field(None, max_length=255)
    user_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class TimeEntryQuery(InputSchema):
    user_id: int | None = Field(None, ge=1, le=MAX_ID)
    sort: Literal[tuple(selectors.TIME_SORTS)] = "-date"  # type: ignore[valid-type]


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
    if entry.user_id != user.pk and not services.is_manager(user):
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
