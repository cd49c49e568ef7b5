"""Request and response bodies of the API of the competitors at an account.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, Timestamp, Unset

from ..assessments.schemas import WeakPointOut
from ..common.schemas import TEXT, Ref


class PresenceOut(Schema):
    id: int
    account_id: int
    competitor: Ref
    supplies: str
    is_incumbent: bool
    share_of_spend: Decimal | None
    notes: str
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_competitor(obj) -> dict:
        if isinstance(obj, dict):  # already built (the account's list)
            return obj["competitor"]
        return {"id": obj.competitor_id, "name": obj.competitor.name}


class PresenceSummaryOut(PresenceOut):
    """A presence with its latest assessment read (the account's competitor list)."""

    latest_assessment_id: int | None
    latest_assessed_on: date | None
    assessments: int
    scores: dict[str, int | None]
    verdict: str
    weak_points: list[WeakPointOut]
    support_previous: int | None
    support_latest: int | None
    support_rising: bool


class PresenceIn(InputSchema):
    competitor_id: int = Field(..., ge=1, le=MAX_ID)
    supplies: str = Field("", max_length=TEXT)
    is_incumbent: bool = False
    share_of_spend: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    notes: str = Field("", max_length=TEXT)


class PresencePatch(PatchSchema):
    NULLABLE = frozenset({"share_of_spend", "updated_at"})

    supplies: str | Unset = Field(None, max_length=TEXT)
    is_incumbent: bool | Unset = None
    share_of_spend: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    notes: str | Unset = Field(None, max_length=TEXT)
    updated_at: AwareDatetime | None = SEEN
