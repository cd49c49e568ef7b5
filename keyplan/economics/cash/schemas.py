"""The cash API's documents. Money as exact decimal strings ("1234.5678"), days to a tenth,
shares as fractions ("0.2534"); null where a figure cannot be measured."""

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from keyplan.core.api.schemas import QuerySchema
from keyplan.sales.cash.domain import BUCKET_KEYS, Cash

from .selectors import SORTS

SortKey = Literal[tuple(sorted(SORTS))]  # type: ignore[valid-type]


class AgeingOut(Schema):
    current: str
    d1_30: str
    d31_60: str
    d61_90: str
    over_90: str


class CashOut(Schema):
    billed: str = Field(description="Due in the 365 days up to the date")
    paid: str = Field(description="Paid in the 365 days up to the date")
    open: str
    overdue: str
    ageing: AgeingOut
    open_items: int
    overdue_items: int
    overdue_share: str | None
    dso: str | None = Field(description="Days sales outstanding, to a tenth of a day")
    days_late: str | None = Field(
        description="Amount-weighted average of paid date - due date, in days"
    )


class CashRowOut(Schema):
    account_id: int
    external_id: str
    name: str
    account_class: str
    owner: str
    cash: CashOut


class CashTableOut(Schema):
    as_of: date | None
    currency: str
    missing_rates: list[str]
    total: CashOut = Field(description="Over every account the filters select, not one page")
    count: int
    page: int
    page_size: int
    pages: int
    items: list[CashRowOut]


class CashTrendOut(Schema):
    day: date
    open: str
    overdue: str
    dso: str | None
    days_late: str | None


class AccountCashOut(Schema):
    account_id: int
    as_of: date | None
    currency: str
    missing_rates: list[str]
    cash: CashOut | None = Field(description="null: the account has no payment items")
    trend: list[CashTrendOut]


class CashQuery(QuerySchema):
    as_of: date | None = Field(None, description="Default: the last day of the payment data")
    q: str = Field("", max_length=200)
    owner: int | None = Field(None, ge=1, le=2**63 - 1)
    account_class: Literal["", "strategic", "regular", "prospect", "suspect"] = ""
    sort: SortKey = "-overdue"  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=500)


class AccountCashQuery(QuerySchema):
    as_of: date | None = Field(None, description="Default: the last day of the payment data")


def text_or_none(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")  # never "1E+3"


def money(value: Decimal) -> str:
    return format(value, "f")


def cash_out(cash: Cash) -> dict:
    return {
        "billed": money(cash.billed),
        "paid": money(cash.paid),
        "open": money(cash.open),
        "overdue": money(cash.overdue),
        "ageing": {key: money(cash.buckets[key]) for key in BUCKET_KEYS},
        "open_items": cash.open_items,
        "overdue_items": cash.overdue_items,
        "overdue_share": text_or_none(cash.overdue_share),
        "dso": text_or_none(cash.dso),
        "days_late": text_or_none(cash.days_late),
    }
