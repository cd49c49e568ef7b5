"""Request and response bodies of the competition API.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, Timestamp, Unset

TEXT = 20_000
PillarName = Literal["strength", "strategy", "staff", "support"]
AnswerName = Literal["yes", "no", "unknown"]
SEEN = (
    "The `updated_at` you last read; if it changed since, nothing is saved and the answer is 409."
)


class SeenQuery(InputSchema):
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class Ref(Schema):
    id: int
    name: str


# --- registry -----------------------------------------------------------------------------


class CompetitorOut(Schema):
    id: int
    name: str
    website: str
    products: str
    strengths: str
    notes: str
    is_active: bool
    created_at: Timestamp
    updated_at: Timestamp


class CompetitorIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    website: str = Field("", max_length=200)
    products: str = Field("", max_length=TEXT)
    strengths: str = Field("", max_length=TEXT)
    notes: str = Field("", max_length=TEXT)
    is_active: bool = True


class CompetitorPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    name: str | Unset = Field(None, min_length=1, max_length=200)
    website: str | Unset = Field(None, max_length=200)
    products: str | Unset = Field(None, max_length=TEXT)
    strengths: str | Unset = Field(None, max_length=TEXT)
    notes: str | Unset = Field(None, max_length=TEXT)
    is_active: bool | Unset = None
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class CompetitorQuery(InputSchema):
    search: str = Field("", max_length=200, description="Part of the name.")
    active: bool | None = Field(None, description="Only active (true) or inactive (false).")


# --- presences ----------------------------------------------------------------------------


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


class WeakPointOut(Schema):
    key: str
    pillar: str
    question_id: int | None
    text: str
    note: str
    score: int | None
    severity: Decimal
    confirmed: bool


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
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class SupportPointOut(Schema):
    assessed_on: date
    score: int


# --- assessments --------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    presence_id: int
    assessed_on: date
    assessed_by: Ref | None
    summary: str
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_assessed_by(obj) -> dict | None:
        if isinstance(obj, dict):  # already built (the detail)
            return obj["assessed_by"]
        user = obj.assessed_by
        return None if user is None else {"id": user.pk, "name": str(user)}


class AssessmentIn(InputSchema):
    assessed_on: date | None = Field(None, description="Default: today.")


class AssessmentPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    assessed_on: date | Unset = None
    summary: str | Unset = Field(None, max_length=TEXT)
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class RatingOut(Schema):
    id: int
    pillar: str
    score: int | None
    evidence: str
    updated_at: Timestamp


class RatingPatch(PatchSchema):
    NULLABLE = frozenset({"score", "updated_at"})

    score: int | None = Field(None, ge=1, le=5, description="1 weak - 5 very strong; null clears.")
    evidence: str | Unset = Field(None, max_length=TEXT)
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class AnswerOut(Schema):
    id: int
    question_id: int
    pillar: str
    position: int
    text: str
    answer: str
    note: str
    updated_at: Timestamp

    @staticmethod
    def resolve_pillar(obj) -> str:
        return obj.question.pillar

    @staticmethod
    def resolve_position(obj) -> int:
        return obj.question.position

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.question.text


class AnswerPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    answer: AnswerName | Unset = None
    note: str | Unset = Field(None, max_length=TEXT)
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class AttackOut(Schema):
    id: int
    presence_id: int
    assessment_id: int | None
    pillar: str
    question_id: int | None
    action_id: int | None
    plan_id: int | None
    created_at: Timestamp

    @staticmethod
    def resolve_plan_id(obj) -> int | None:
        return None if obj.action is None else obj.action.plan_id


class AssessmentDetailOut(AssessmentOut):
    account_id: int
    competitor: Ref
    ratings: list[RatingOut]
    answers: list[AnswerOut]
    verdict: str
    weak_points: list[WeakPointOut]
    to_find_out: list[int] = Field(..., description="Ids of the questions still unknown.")
    attacks: list[AttackOut]


class AttackIn(InputSchema):
    pillar: PillarName
    question_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="The question answered yes; null: the pillar itself."
    )
    title: str = Field("", max_length=255, description="Default: Attack <competitor>: <point>.")
    detail: str = Field("", max_length=TEXT)
    owner_id: int | None = Field(None, ge=1, le=MAX_ID, description="Default: the account owner.")
    due_on: date | None = None


class PillarChangeOut(Schema):
    pillar: str
    old: int | None
    new: int | None
    changed: bool


class AnswerChangeOut(Schema):
    question_id: int
    pillar: str
    text: str
    old: str | None
    new: str | None
    changed: bool


class CompareOut(Schema):
    old_id: int
    new_id: int
    old_on: date
    new_on: date
    old_verdict: str
    new_verdict: str
    support_rising: bool
    pillars: list[PillarChangeOut]
    answers: list[AnswerChangeOut]


# --- question catalogue -------------------------------------------------------------------


class QuestionOut(Schema):
    id: int
    key: str
    pillar: str
    text: str
    text_en: str
    text_ru: str
    text_pl: str
    position: int
    is_active: bool
    updated_at: Timestamp


class QuestionIn(InputSchema):
    key: str = Field(..., min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    pillar: PillarName
    text_en: str = Field(..., min_length=1, max_length=300)
    text_ru: str = Field("", max_length=300)
    text_pl: str = Field("", max_length=300)
    position: int | None = Field(None, ge=0, le=1_000_000)
    is_active: bool = True


class QuestionPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    key: str | Unset = Field(None, min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    pillar: PillarName | Unset = None
    text_en: str | Unset = Field(None, min_length=1, max_length=300)
    text_ru: str | Unset = Field(None, max_length=300)
    text_pl: str | Unset = Field(None, max_length=300)
    position: int | Unset = Field(None, ge=0, le=1_000_000)
    is_active: bool | Unset = None
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class QuestionQuery(InputSchema):
    active: bool | None = None
    pillar: PillarName | None = None


# --- buying criteria and offers -----------------------------------------------------------


class ScoreOut(Schema):
    id: int
    competitor_id: int | None = Field(..., description="null: our own offer.")
    score: int
    note: str
    updated_at: Timestamp


class CriterionOut(Schema):
    id: int
    account_id: int
    name: str
    description: str
    weight: int
    position: int
    scores: list[ScoreOut]
    updated_at: Timestamp

    @staticmethod
    def resolve_scores(obj) -> list:
        return list(obj.scores.all())


class CriterionIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=TEXT)
    weight: int = Field(1, ge=1, le=100)
    position: int | None = Field(None, ge=0, le=1_000_000)


class CriterionPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    name: str | Unset = Field(None, min_length=1, max_length=200)
    description: str | Unset = Field(None, max_length=TEXT)
    weight: int | Unset = Field(None, ge=1, le=100)
    position: int | Unset = Field(None, ge=0, le=1_000_000)
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class ScoreIn(InputSchema):
    competitor_id: int | None = Field(None, ge=1, le=MAX_ID, description="null: our offer.")
    score: int | None = Field(..., ge=1, le=5, description="null removes the score.")
    note: str = Field("", max_length=255)
    updated_at: AwareDatetime | None = Field(None, description=SEEN)


class ScoresIn(InputSchema):
    scores: list[ScoreIn] = Field(..., max_length=200)


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


class AlertOut(Schema):
    code: str
    competitor_id: int
    competitor: str
    message: str


class ValueItemOut(Schema):
    id: int
    plan_id: int
    value_kind: str
    text: str
    detail: str


class PortfolioQuery(InputSchema):
    account_class: Literal["strategic", "regular", "prospect", "suspect"] = "strategic"


class CompetitorRowOut(Schema):
    competitor: Ref
    accounts: int
    of_class: int
    incumbent: int
    share_avg: Decimal | None
    share_known: int
    spend_by_currency: dict[str, Decimal]
    support_rising: int
