"""Request and response bodies of the API of the buying criteria, the offer scores and
the offer comparison.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from decimal import Decimal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, Timestamp, Unset

from ..common.schemas import TEXT


class OfferScoreOut(Schema):
    id: int
    competitor_id: int | None = Field(..., description="null: our own offer.")
    score: int
    note: str
    updated_at: Timestamp


class OfferCriterionOut(Schema):
    id: int
    account_id: int
    name: str
    description: str
    weight: int
    position: int
    scores: list[OfferScoreOut]
    updated_at: Timestamp

    @staticmethod
    def resolve_scores(obj) -> list:
        return list(obj.scores.all())


class CriterionIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=TEXT)
    weight: int = Field(1, ge=1, le=100)
    position: int | None = Field(None, ge=0, le=1_000_000)


class OfferCriterionPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    name: str | Unset = Field(None, min_length=1, max_length=200)
    description: str | Unset = Field(None, max_length=TEXT)
    weight: int | Unset = Field(None, ge=1, le=100)
    position: int | Unset = Field(None, ge=0, le=1_000_000)
    updated_at: AwareDatetime | None = SEEN


class OfferScoreIn(InputSchema):
    competitor_id: int | None = Field(None, ge=1, le=MAX_ID, description="null: our offer.")
    score: int | None = Field(..., ge=1, le=5, description="null removes the score.")
    note: str = Field("", max_length=255)
    updated_at: AwareDatetime | None = SEEN


class ScoresIn(InputSchema):
    scores: list[OfferScoreIn] = Field(..., max_length=200)


class OfferOut(Schema):
    key: str
    competitor_id: int | None
    name: str
    total: Decimal | None = Field(..., description="Weighted average 1-5 over scored criteria.")
    coverage: Decimal = Field(..., description="Share of the total weight scored, 0-1.")
    scored: int


class CriterionRowOut(Schema):
    id: int
    name: str
    weight: int
    share: Decimal
    is_top: bool
    is_unique_advantage: bool
    scores: dict[str, int | None] = Field(..., description="Offer key -> score.")


class OfferComparisonOut(Schema):
    offers: list[OfferOut]
    criteria: list[CriterionRowOut]
    top_criterion_id: int | None
    unique_advantage_ids: list[int]
    radar: dict


class OfferValueItemOut(Schema):
    id: int
    plan_id: int
    value_kind: str
    text: str
    detail: str
