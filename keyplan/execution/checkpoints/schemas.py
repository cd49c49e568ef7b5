"""Request and response bodies of the alignment checkpoints API.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date, datetime

from django.conf import settings
from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.accounts.models import AccountClass
from keyplan.core.api.schemas import InputSchema, QuerySchema, Timestamp

from ..models import CheckpointKind, Element
from .selectors import DEFAULT_PORTFOLIO_SORT


class ElementOut(Schema):
    element: str
    label: str
    raters: int
    average: float | None
    spread: float | None = Field(description="Population standard deviation of the scores.")
    low: int | None
    high: int | None
    disagreement: bool = Field(description="Spread of 1.0 or more, or scores 2+ points apart.")


class SummaryOut(Schema):
    raters: int
    average: float | None = Field(description="Mean of the element averages.")
    weakest: str | None
    disagreements: list[str]
    elements: list[ElementOut]


class CheckpointOut(Schema):
    id: int
    account_id: int
    kind: str
    period_start: date
    due_on: date
    reminded_at: datetime | None
    created_at: Timestamp
    results: SummaryOut


class CheckpointPage(Schema):
    items: list[CheckpointOut]
    count: int
    page: int
    page_size: int
    pages: int


class CheckpointScoreOut(Schema):
    element: str
    score: int
    comment: str


class RaterOut(Schema):
    user_id: int
    name: str
    updated_at: Timestamp
    answers: list[CheckpointScoreOut]


class CheckpointDetailOut(CheckpointOut):
    raters_answers: list[RaterOut]


class ListQuery(QuerySchema):
    kind: CheckpointKind | None = None
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=settings.KEYPLAN_API_MAX_PAGE_SIZE)


class OpenIn(InputSchema):
    kind: CheckpointKind


class CheckpointScoreIn(InputSchema):
    score: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=500)


class AnswersIn(InputSchema):
    answers: dict[Element, CheckpointScoreIn] = Field(
        ..., description="Every element of the checkpoint's kind with its score 1-5."
    )
    updated_at: AwareDatetime | None = Field(
        None,
        description="The latest `updated_at` of your answers as you read them; if you saved "
        "since (elsewhere), nothing is saved and the answer is 409. Leave out on a first answer.",
    )


class MyAnswersOut(Schema):
    checkpoint_id: int
    updated_at: Timestamp
    answers: list[CheckpointScoreOut]


class KindCellOut(Schema):
    average: float | None
    weakest: str | None
    trend: str | None = Field(description="up, down or flat since the previous round.")
    period_start: date | None


class PortfolioRowOut(Schema):
    account_id: int
    name: str
    account_class: str
    owner: str
    saa: KindCellOut
    seven_s: KindCellOut


class PortfolioPage(Schema):
    items: list[PortfolioRowOut]
    count: int
    page: int
    page_size: int
    pages: int


class CheckpointPortfolioQuery(QuerySchema):
    account_class: str = Field(
        AccountClass.STRATEGIC.value,
        pattern=r"^(strategic|regular|prospect|suspect|all)$",
        description="strategic (the default), regular, prospect, suspect or all",
    )
    sort: str = Field(
        DEFAULT_PORTFOLIO_SORT,
        pattern=r"^-?(name|owner|saa|seven_s)$",
        description="name, owner, saa or seven_s (averages: weakest first); a leading - "
        "for descending",
    )
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=settings.KEYPLAN_API_MAX_PAGE_SIZE)
