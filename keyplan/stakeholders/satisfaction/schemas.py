"""The satisfaction API's documents: an answer of the customer's people to "how satisfied
are you with us", a whole score from 0 to 10, dated the day it was given (never in the
future), optionally by one of the account's contacts (`contact_id`).

No `from __future__ import annotations` here: ninja and pydantic read these annotations as
real types.
"""

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, Timestamp, Unset, UserRef
from keyplan.stakeholders.models import SatisfactionAnswer

SCORE = "A whole number from 0 (not at all satisfied) to 10 (fully satisfied)."
ANSWERED_ON = "The day the customer answered; never in the future."
CONTACT = "One of the account's contacts who gave the answer; null: nobody in particular."


class SatisfactionContactRef(Schema):
    id: int
    name: str


class SatisfactionAnswerOut(Schema):
    id: int
    account_id: int
    contact: SatisfactionContactRef | None
    answered_on: dt.date
    score: int
    comment: str
    source: str = Field(description="manual, import or survey")
    source_label: str
    external_id: str
    created_by: UserRef | None
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_contact(obj: SatisfactionAnswer) -> dict[str, Any] | None:
        contact = obj.contact
        return None if contact is None else {"id": contact.pk, "name": str(contact)}

    @staticmethod
    def resolve_source_label(obj: SatisfactionAnswer) -> str:
        return str(obj.get_source_display())

    @staticmethod
    def resolve_created_by(obj: SatisfactionAnswer) -> dict[str, Any] | None:
        user = obj.created_by
        if user is None:
            return None
        return {"id": user.pk, "username": user.username, "name": str(user)}


class SatisfactionAnswerIn(InputSchema):
    answered_on: dt.date = Field(..., description=ANSWERED_ON)
    score: int = Field(..., description=SCORE)
    contact_id: int | None = Field(None, ge=1, le=MAX_ID, description=CONTACT)
    comment: str = Field("", max_length=2000)
    external_id: str = Field("", max_length=100, description="The answer's id in the source")


class SatisfactionAnswerPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at", "contact_id"})

    answered_on: dt.date | Unset = Field(None, description=ANSWERED_ON)
    score: int | Unset = Field(None, description=SCORE)
    contact_id: int | None = Field(None, ge=1, le=MAX_ID, description=CONTACT)
    comment: str | Unset = Field(None, max_length=2000)
    external_id: str | Unset = Field(None, max_length=100)
    updated_at: AwareDatetime | None = SEEN
