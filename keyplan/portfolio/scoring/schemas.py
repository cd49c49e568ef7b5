"""The score sheet's and a score's shapes.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.schemas import MAX_ID, InputSchema, QuerySchema, Timestamp, UserRef

from ..common.schemas import PeriodOut, user_ref
from .selectors import SORTS


class ScoreSheetQuery(QuerySchema):
    page: int = Field(1, ge=1, le=1_000_000, description="50 accounts per page")
    # The sorts as a Literal, built when the module loads (mypy cannot follow).
    sort: Literal[tuple(SORTS)] = "-total"  # type: ignore[valid-type]
    account_class: Literal["", "strategic", "regular", "prospect", "suspect"] = Field(
        "", alias="class"
    )
    owner: int | None = Field(None, ge=1, le=MAX_ID, description="Owner's user id")
    country: str = Field("", max_length=2)
    candidates: bool = Field(False, description="Only candidates: high score, not strategic")


class SheetCriterionOut(Schema):
    id: int
    key: str
    label: str
    weight: Decimal
    normalised_weight: Decimal
    is_data: bool
    metric: str
    method: str
    low: Decimal | None
    high: Decimal | None
    higher_is_better: bool


class ScoreCellOut(Schema):
    criterion_id: int
    key: str
    score: int | None
    from_data: bool
    value: Decimal | None
    rationale: str
    scored_by: UserRef | None
    scored_at: Timestamp | None
    updated_at: Timestamp | None

    @staticmethod
    def resolve_scored_by(obj) -> dict | None:
        return user_ref(obj["scored_by"])


class ScoreRowOut(Schema):
    account_id: int
    external_id: str
    name: str
    owner: str
    country: str
    account_class: str
    scores: dict[str, ScoreCellOut]
    total: Decimal | None = Field(..., description="Weighted total, 1-10")
    coverage: Decimal = Field(..., description="Share of the weight that has scores, 0-1")
    headroom: Decimal | None
    share_of_wallet: Decimal | None
    candidate: bool


class ScoreSheetOut(Schema):
    criteria: list[SheetCriterionOut]
    weights_error: str
    currency: str
    candidate_score: Decimal
    period: PeriodOut | None
    candidates: int
    items: list[ScoreRowOut]
    count: int
    page: int
    page_size: int
    pages: int


class ScoreIn(InputSchema):
    score: int = Field(..., ge=1, le=10)
    rationale: str = Field("", max_length=2000)
    updated_at: AwareDatetime | None = Field(
        None,
        description="The score's `updated_at` you last read; 409 if it changed since. "
        "Leave it out for an account that had no score.",
    )


class ScoreOut(Schema):
    account_id: int
    criterion_id: int
    criterion: str
    score: int
    from_data: bool
    value: Decimal | None
    rationale: str
    scored_by: UserRef | None
    scored_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_criterion(obj) -> str:
        return obj.criterion.key

    @staticmethod
    def resolve_scored_by(obj) -> dict | None:
        return user_ref(obj.scored_by)


class ComputedOut(Schema):
    written: int
