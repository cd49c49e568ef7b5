"""The suggestion endpoints' shapes.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from typing import Any, Literal

from ninja import Field, Schema

from keyplan.core.api.schemas import InputSchema, QuerySchema, Timestamp, UserRef

from ..common.schemas import AccountRef, jsonable, user_ref
from ..models import SuggestionStatus
from .domain import reason_text


class SuggestionOut(Schema):
    id: int
    account: AccountRef
    from_class: str
    to_class: str
    reason: str
    reason_text: str
    evidence: dict[str, Any]
    status: str
    created_at: Timestamp
    decided_by: UserRef | None
    decided_at: Timestamp | None
    comment: str

    @staticmethod
    def resolve_reason_text(obj) -> str:
        return str(reason_text(obj))

    @staticmethod
    def resolve_decided_by(obj) -> dict | None:
        return user_ref(obj.decided_by)

    @staticmethod
    def resolve_evidence(obj) -> dict:
        return jsonable(obj.evidence or {})


class SuggestionQuery(QuerySchema):
    # The statuses as a Literal, built when the module loads (mypy cannot follow).
    status: Literal[tuple(["", *SuggestionStatus.values])] = "pending"  # type: ignore[valid-type]


class GeneratedOut(Schema):
    generated: int
    pending: int


class DecisionIn(InputSchema):
    accept: bool
    comment: str = Field("", max_length=2000, description="Required when rejecting")
