"""The early warnings' API documents: money as exact decimal strings (base currency).

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from keyplan.accounts.models import AccountClass
from keyplan.core.api.schemas import MAX_ID, InputSchema, QuerySchema

from .domain import KINDS
from .selectors import DEFAULT_CAP, ShownWarning
from .services import NOTE_MAX

Kind = Literal[("", *KINDS)]  # type: ignore[valid-type]
ClassCode = Literal[("", *AccountClass.values)]  # type: ignore[valid-type]


class DecisionOut(Schema):
    decision: str = Field(..., description='"snoozed" or "resolved"')
    snoozed_until: date | None
    note: str
    evidence: str = Field(..., description="The evidence when it was decided")
    decided_by: str
    decided_at: datetime


class WarningOut(Schema):
    account_id: int
    account: str
    account_class: str
    owner: str
    kind: str
    key: str
    subject: str
    subject_id: int | None
    severity: str
    money_at_stake: str = Field(..., description="Exact, in the base currency")
    evidence: str
    message: str
    state: str = Field(
        ..., description='"" shown, "snoozed", "resolved", or "back" (resolved, figures changed)'
    )
    decision: DecisionOut | None


class WarningCountsOut(Schema):
    declining_orders: int
    margin_erosion: int
    payments_slipping: int
    competitor: int
    relationship: int
    stale_plan: int


class WarningListOut(Schema):
    as_of: date
    currency: str
    counts: WarningCountsOut = Field(..., description="Shown warnings per kind (not hidden)")
    hidden: int = Field(..., description="Snoozed or resolved warnings of the selection")
    count: int
    page: int
    page_size: int
    pages: int
    items: list[WarningOut]


class AccountWarningsOut(Schema):
    account_id: int
    as_of: date
    currency: str
    hidden: int
    items: list[WarningOut]


class WarningQuery(QuerySchema):
    kind: Kind = ""
    account_class: ClassCode = ""
    owner: int | None = Field(None, ge=1, le=MAX_ID)
    hidden: bool = Field(False, description="Also list the snoozed and resolved warnings")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(DEFAULT_CAP, ge=1, le=500)


class AccountWarningQuery(QuerySchema):
    hidden: bool = Field(True, description="Also list the snoozed and resolved warnings")


class SnoozeIn(InputSchema):
    until: date = Field(..., description="The day it shows again: after today, at most 180 days")
    note: str = Field("", max_length=NOTE_MAX)


class ResolveIn(InputSchema):
    note: str = Field(..., max_length=NOTE_MAX, description="How it was resolved (required)")


def warning_out(row: ShownWarning) -> dict:
    warning, state = row.warning, row.decision
    decision = None
    if state is not None:
        decision = {
            "decision": state.decision,
            "snoozed_until": state.snoozed_until,
            "note": state.note,
            "evidence": state.evidence,
            "decided_by": str(state.decided_by) if state.decided_by_id else "",
            "decided_at": state.decided_at,
        }
    return {
        "account_id": warning.account_id,
        "account": row.account_name,
        "account_class": row.account_class,
        "owner": row.owner,
        "kind": warning.kind,
        "key": warning.key,
        "subject": warning.subject,
        "subject_id": warning.subject_id,
        "severity": warning.severity,
        "money_at_stake": format(warning.money_at_stake, "f"),
        "evidence": warning.evidence,
        "message": warning.message,
        "state": row.state,
        "decision": decision,
    }
