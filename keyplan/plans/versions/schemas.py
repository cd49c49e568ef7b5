"""Request and response bodies of the plan API: the plan itself, its state changes, two
versions compared and its history.

No `from __future__ import annotations`: pydantic and ninja need the real types.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.schemas import (
    MAX_ID,
    InputSchema,
    PatchSchema,
    QuerySchema,
    Timestamp,
    Unset,
    UserRef,
)
from keyplan.plans.common.schemas import TEXT
from keyplan.plans.items.schemas import PlanSectionsOut


class PlanOut(Schema):
    id: int
    account_id: int
    period: str
    starts_on: date
    ends_on: date
    version: int
    state: str
    previous_id: int | None
    summary: str
    submitted_at: Timestamp | None
    reviewed_at: Timestamp | None
    approved_by: UserRef | None
    approved_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_approved_by(obj) -> dict | None:
        user = obj.approved_by
        if user is None:
            return None
        return {"id": user.pk, "username": user.username, "name": str(user)}


class PlanIn(InputSchema):
    period: str = Field(..., min_length=1, max_length=40, description="e.g. FY2026")
    starts_on: date
    ends_on: date
    summary: str = Field("", max_length=TEXT)


class PlanPatch(PatchSchema):
    """Only the fields sent change (drafts and plans in review)."""

    NULLABLE = frozenset({"updated_at"})

    period: str | Unset = Field(None, min_length=1, max_length=40)
    starts_on: date | Unset = None
    ends_on: date | Unset = None
    summary: str | Unset = Field(None, max_length=TEXT)
    updated_at: AwareDatetime | None = Field(
        None,
        description="The `updated_at` you last read; if the plan changed since, nothing is "
        "saved and the answer is 409.",
    )


class TransitionIn(InputSchema):
    to_state: Literal["draft", "in_review", "approved"] = Field(
        ...,
        description="in_review: submit (account team); draft: return from review; "
        "approved: approve (directors and administrators).",
    )
    comment: str = Field("", max_length=500)


class PlanDetailOut(PlanOut):
    can_edit: bool = Field(..., description="Whether you may change the plan's items now.")
    sections: PlanSectionsOut  # type: ignore[valid-type]  # a schema made at runtime


class FieldDiffOut(Schema):
    field: str
    old: str
    new: str


class ItemDiffOut(Schema):
    kind: str
    origin: str
    change: Literal["added", "removed", "changed"]
    label: str
    fields: list[FieldDiffOut]


class CompareOut(Schema):
    base_id: int
    plan_id: int
    header: list[FieldDiffOut]
    items: list[ItemDiffOut]
    added: int
    removed: int
    changed: int
    unchanged: int


class CompareQuery(QuerySchema):
    base: int | None = Field(
        None, ge=1, le=MAX_ID, description="The version to compare with; default the previous."
    )


class HistoryEntryOut(Schema):
    when: datetime
    who: str
    subject: str
    action: str
    reason: str
    changes: list[FieldDiffOut]

    @staticmethod
    def resolve_changes(obj) -> list[dict]:
        return [{"field": c.field, "old": c.old, "new": c.new} for c in obj.changes]
