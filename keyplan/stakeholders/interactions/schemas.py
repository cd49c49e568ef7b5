"""The API schemas of the interactions and the time entries.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import (
    MAX_ID,
    InputSchema,
    PatchSchema,
    QuerySchema,
    Timestamp,
    Unset,
    UserRef,
)
from keyplan.users.models import User

from ..models import Interaction, InteractionKind, TimeEntry, TimeSource
from . import selectors

# The choices as literal types, from the models' (and the selectors') values, so that the
# schema lists them. A Literal built at run time is no type to mypy, which sees str.
if TYPE_CHECKING:
    Kind = str
    Source = str
    TimelineSort = str
    TimeSort = str
else:
    Kind = Literal[tuple(InteractionKind.values)]
    Source = Literal[tuple(TimeSource.values)]
    TimelineSort = Literal[tuple(selectors.TIMELINE_SORTS)]
    TimeSort = Literal[tuple(selectors.TIME_SORTS)]
PersonId = Annotated[int, Field(ge=1, le=MAX_ID)]


def user_ref(user: User) -> dict[str, Any]:
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
    def resolve_our_people(obj: Interaction) -> list[dict[str, Any]]:
        return [user_ref(u) for u in obj.our_people.all()]

    @staticmethod
    def resolve_their_people(obj: Interaction) -> list[dict[str, Any]]:
        return [{"id": c.pk, "name": str(c)} for c in obj.their_people.all()]

    @staticmethod
    def resolve_created_by(obj: Interaction) -> dict[str, Any] | None:
        return None if obj.created_by is None else user_ref(obj.created_by)


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

    kind: Kind | Unset = None
    occurred_on: date | Unset = None
    duration_minutes: int | Unset = Field(None, ge=0, le=24 * 60)
    subject: str | Unset = Field(None, min_length=1, max_length=255)
    notes: str | Unset = Field(None, max_length=20_000)
    next_step: str | Unset = Field(None, max_length=255)
    our_people: list[PersonId] | Unset = Field(None, max_length=100)
    their_people: list[PersonId] | Unset = Field(None, max_length=100)
    goal_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_at: AwareDatetime | None = SEEN


class InteractionQuery(QuerySchema):
    person: str = Field("", max_length=30, description='"u<id>" one of ours, "c<id>" one of theirs')
    kind: Kind | None = None
    sort: TimelineSort = "-date"


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
    def resolve_user(obj: TimeEntry) -> dict[str, Any]:
        return user_ref(obj.user)


class TimeEntryIn(InputSchema):
    spent_on: date
    minutes: int = Field(..., ge=1, le=24 * 60)
    note: str = Field("", max_length=255)
    user_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Whose time (managers only); yours if left out"
    )


class TimeEntryPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    spent_on: date | Unset = None
    minutes: int | Unset = Field(None, ge=1, le=24 * 60)
    note: str | Unset = Field(None, max_length=255)
    user_id: int | Unset = Field(None, ge=1, le=MAX_ID)
    updated_at: AwareDatetime | None = SEEN


class TimeEntryQuery(QuerySchema):
    user_id: int | None = Field(None, ge=1, le=MAX_ID)
    sort: TimeSort = "-date"
