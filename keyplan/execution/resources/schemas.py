"""Request and response bodies of the resource board API.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.accounts.models import AccountClass
from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, QuerySchema, Timestamp, Unset

from ..models import RequestStatus, ResourceType
from .selectors import DEFAULT_SORT


class ResourceComponentOut(Schema):
    key: str
    label: str
    value: Decimal = Field(..., description="0-1")
    weight: Decimal = Field(..., description="The weight as set")
    share: Decimal = Field(..., description="The weight's share of all weights, 0-1")
    points: Decimal = Field(..., description="What it adds to the priority (0-100)")
    missing: bool = Field(..., description="No data: counted as 0")


class RequestOut(Schema):
    id: int
    account_id: int
    account: str
    account_class: str
    business_unit_id: int
    business_unit: str
    resource_type: str
    amount: Decimal
    currency: str
    period_start: date
    period_end: date
    title: str
    business_case: str
    expected_revenue: Decimal | None
    expected_gross_profit: Decimal | None
    probability: Decimal
    goal_id: int | None
    action_id: int | None
    status: str
    granted_amount: Decimal | None
    decision_reason: str
    decided_by_id: int | None
    decided_at: AwareDatetime | None
    requested_by_id: int | None
    rank: int = Field(..., description="Position by priority among the requests listed")
    priority: Decimal = Field(..., description="0-100")
    components: list[ResourceComponentOut]
    can_decide: bool
    created_at: Timestamp
    updated_at: Timestamp


class BoardPage(Schema):
    items: list[RequestOut]
    count: int
    page: int
    page_size: int
    pages: int


class BoardQuery(QuerySchema):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    resource_type: ResourceType | None = None
    status: str = Field(
        RequestStatus.PENDING,
        pattern=r"^(pending|approved|partly_approved|declined|withdrawn|all)$",
        description="A status, or `all`",
    )
    account_class: AccountClass | None = None
    sort: str = Field(
        DEFAULT_SORT,
        pattern=r"^-?(priority|created|amount)$|^account$",
        description="priority (default: the highest first), created, amount, account; "
        "a leading - reverses",
    )
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=settings.KEYPLAN_API_MAX_PAGE_SIZE)


class RequestIn(InputSchema):
    account_id: int = Field(..., ge=1, le=MAX_ID)
    business_unit_id: int = Field(..., ge=1, le=MAX_ID)
    resource_type: ResourceType
    amount: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2)
    period_start: date
    period_end: date
    title: str = Field(..., max_length=255)
    business_case: str = Field("", max_length=20_000)
    expected_revenue: Decimal | None = Field(None, max_digits=16, decimal_places=4)
    expected_gross_profit: Decimal | None = Field(None, max_digits=16, decimal_places=4)
    probability: Decimal = Field(Decimal(50), ge=0, le=100, max_digits=5, decimal_places=2)
    goal_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)


class RequestPatch(PatchSchema):
    NULLABLE = frozenset(
        {"updated_at", "expected_revenue", "expected_gross_profit", "goal_id", "action_id"}
    )

    business_unit_id: int | Unset = Field(None, ge=1, le=MAX_ID)
    resource_type: ResourceType | Unset = None
    amount: Decimal | Unset = Field(None, gt=0, max_digits=14, decimal_places=2)
    period_start: date | Unset = None
    period_end: date | Unset = None
    title: str | Unset = Field(None, max_length=255)
    business_case: str | Unset = Field(None, max_length=20_000)
    expected_revenue: Decimal | None = Field(None, max_digits=16, decimal_places=4)
    expected_gross_profit: Decimal | None = Field(None, max_digits=16, decimal_places=4)
    probability: Decimal | Unset = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    goal_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_at: AwareDatetime | None = SEEN


class ResourceDecisionIn(InputSchema):
    decision: str = Field(..., pattern=r"^(approved|partly_approved|declined)$")
    granted_amount: Decimal | None = Field(
        None,
        gt=0,
        max_digits=14,
        decimal_places=2,
        description="Only for partly_approved: more than 0, less than asked",
    )
    reason: str = Field("", max_length=20_000, description="Required unless approved")
    over_capacity: bool = Field(
        False, description="Approve beyond the unit's capacity (administrators, directors)"
    )
    updated_at: AwareDatetime | None = SEEN


class SeenIn(InputSchema):
    updated_at: AwareDatetime | None = SEEN


class CapacityQuery(QuerySchema):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID, description="Default: every active unit")
    start: date | None = Field(None, description="A day of the first month (default: now)")
    months: int = Field(6, ge=1, le=24)


class CapacityCellOut(Schema):
    resource_type: str
    month: date
    capacity: Decimal | None
    granted: Decimal
    pending: Decimal
    remaining: Decimal
    updated_at: AwareDatetime | None


class CapacityOut(Schema):
    unit_id: int
    unit: str
    head_id: int | None
    can_set: bool
    cells: list[CapacityCellOut]


class CapacityIn(InputSchema):
    unit_id: int = Field(..., ge=1, le=MAX_ID)
    resource_type: ResourceType
    month: date = Field(..., description="Any day of the month")
    amount: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    updated_at: AwareDatetime | None = SEEN


class CapacitySetOut(Schema):
    unit_id: int
    resource_type: str
    month: date
    amount: Decimal
    updated_at: Timestamp
