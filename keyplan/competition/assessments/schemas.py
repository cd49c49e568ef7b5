"""Request and response bodies of the assessments' API: pillar ratings, weakness
answers, weak points, attacks, the comparison of two assessments, the support history.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, Timestamp, Unset

from ..common.schemas import TEXT, PillarName, Ref

AnswerName = Literal["yes", "no", "unknown"]


class WeakPointOut(Schema):
    key: str
    pillar: str
    question_id: int | None
    text: str
    note: str
    score: int | None
    severity: Decimal
    confirmed: bool


class SupportPointOut(Schema):
    assessed_on: date
    score: int


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
    updated_at: AwareDatetime | None = SEEN


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
    updated_at: AwareDatetime | None = SEEN


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
    updated_at: AwareDatetime | None = SEEN


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


class AssessmentCompareOut(Schema):
    old_id: int
    new_id: int
    old_on: date
    new_on: date
    old_verdict: str
    new_verdict: str
    support_rising: bool
    pillars: list[PillarChangeOut]
    answers: list[AnswerChangeOut]
