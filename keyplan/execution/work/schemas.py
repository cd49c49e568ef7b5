"""Request and response bodies of the my-work and notifications API.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from keyplan.core.api.schemas import InputSchema, QuerySchema

from ..models import NotificationKind


class WorkActionOut(Schema):
    id: int
    title: str
    account_id: int
    account_name: str
    plan_id: int
    due_on: date | None
    status: str
    overdue: bool


class WorkCheckpointOut(Schema):
    id: int
    account_id: int
    account_name: str
    kind: str
    period_start: date
    due_on: date
    overdue: bool


class WorkRequestOut(Schema):
    id: int
    title: str
    account_id: int
    account_name: str
    business_unit_id: int
    business_unit: str
    resource_type: str
    amount: Decimal
    currency: str
    status: str
    granted_amount: Decimal | None
    requested_by: str | None
    decided_by: str | None
    created_at: datetime
    decided_at: datetime | None


class WorkRiskOut(Schema):
    code: str
    severity: str
    message: str


class WorkAlertOut(Schema):
    code: str
    competitor: str
    message: str


class WorkAccountOut(Schema):
    account_id: int
    name: str
    account_class: str
    relationship_risks: list[WorkRiskOut]
    competition_alerts: list[WorkAlertOut]
    overdue_actions: int


class ActionsSection(Schema):
    total: int = Field(..., description="How many there are; `items` holds the first 10.")
    items: list[WorkActionOut]


class CheckpointsSection(Schema):
    total: int
    items: list[WorkCheckpointOut]


class RequestsSection(Schema):
    total: int
    items: list[WorkRequestOut]


class WorkOut(Schema):
    today: date
    week_end: date
    overdue_actions: int
    actions: ActionsSection = Field(..., description="My open actions overdue or due this week.")
    checkpoints: CheckpointsSection = Field(..., description="Checkpoints waiting for my answers.")
    to_decide: RequestsSection = Field(
        ..., description="Pending resource requests I may decide (the units I head)."
    )
    answered: RequestsSection = Field(..., description="My requests decided in the last 30 days.")
    accounts: list[WorkAccountOut] = Field(..., description="Accounts I own, with open risks.")
    unread_notifications: int


class NotificationOut(Schema):
    id: int
    kind: str
    title: str = Field(..., description="In the language of the request (Accept-Language).")
    body: str
    url: str
    account_id: int | None
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.shown_title

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.shown_body


class NotificationsQuery(QuerySchema):
    unread: bool = Field(False, description="Only the unread ones.")
    kind: NotificationKind | None = Field(None, description="Only this kind.")


class MarkReadIn(InputSchema):
    ids: list[int] = Field(
        default_factory=list,
        max_length=1000,
        description="Notifications to mark read; ids of others' notifications are ignored.",
    )
    all: bool = Field(False, description="Mark every notification of mine read.")


class MarkReadOut(Schema):
    marked: int
    unread: int
