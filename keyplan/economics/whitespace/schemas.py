"""The whitespace API's documents: money as exact decimal strings in the base currency,
the share of peers buying a line as a fraction ("0.6000"). Peers appear only as a count."""

from datetime import date

from ninja import Field, Schema
from pydantic import field_validator

from keyplan.core.api.schemas import InputSchema

from .domain import RULES

RULE_HELP = ", ".join(RULES)


class WhitespaceLineOut(Schema):
    product_line: str
    penetration: str = Field(description="The share of the peers that buy the line, 0-1")
    buyers: int = Field(description="How many of the peers buy it")
    spend: str = Field(description="Spend of a peer of this account's size over the period")
    opportunity: str = Field(description="penetration x spend")
    in_plan_as_goal: bool
    in_plan_as_action: bool


class WhitespacePeriodOut(Schema):
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")


class WhitespaceOut(Schema):
    account_id: int
    period: WhitespacePeriodOut | None
    currency: str
    status: str = Field(
        description='"ok", or why there is nothing to show: "no_sales", "no_industry", "no_peers"'
    )
    rule: str | None = Field(description=f"How the peers were found: one of {RULE_HELP}")
    size_band: int | None = Field(description="0 small, 1 medium, 2 large; null: no sales")
    peers: int = Field(description="How many peers (never who)")
    few_peers: bool = Field(description="Fewer than 5 peers even with the rule relaxed")
    revenue: str = Field(description="What this account bought over the period")
    missing_rates: list[str]
    plan_id: int | None = Field(description="The account's current plan, if any")
    lines: list[WhitespaceLineOut]


class WhitespaceAddIn(InputSchema):
    product_line: str = Field(..., min_length=1, max_length=100)

    @field_validator("product_line")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Name a product line.")
        return value


class WhitespaceAddedOut(Schema):
    kind: str
    item_id: int
    plan_id: int
    title: str
