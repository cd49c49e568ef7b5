"""The Pareto endpoint's query and answer.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from typing import Literal

from ninja import Field, Schema

from keyplan.core.api.schemas import QuerySchema

from ..common.schemas import PeriodOut


class ParetoQuery(QuerySchema):
    metric: Literal["revenue", "gp"] = "revenue"
    date_from: str = Field(
        "", alias="from", max_length=10, description="First month, YYYY-MM (with `to`)"
    )
    date_to: str = Field("", alias="to", max_length=10, description="Last month, YYYY-MM")
    all: bool = Field(False, description="The whole sales history")
    level: Literal["account", "group"] = "account"
    business_unit: str = Field("", max_length=40, description="Business unit code or id")
    country: str = Field("", max_length=2)
    owner: str = Field("", max_length=150, description="Owner's user name or id")
    industry: str = Field("", max_length=30)


class ParetoAccountOut(Schema):
    external_id: str
    name: str
    value: str
    share: str | None
    cumulative_share: str | None
    rank: int | None
    account_class: str = Field(..., alias="class")


class ParetoOut(Schema):
    metric: str
    period: PeriodOut
    level: str
    currency: str
    total: str
    positive_total: str
    negative_total: str
    accounts_for_80pct: int
    share_of_accounts_for_80pct: str
    negative_accounts: int
    concentration: dict[str, str]
    missing_rates: list[str]
    accounts: list[ParetoAccountOut]
