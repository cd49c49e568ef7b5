"""The P&L API's documents: money as exact decimal strings, margins and shares as
fractions ("0.2534"), null where there is nothing to divide by."""

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from .domain import PnL, WhaleCurve
from .selectors import SORTS

SortKey = Literal[tuple(sorted(SORTS))]  # type: ignore[valid-type]


class PnlPeriodOut(Schema):
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")


class PnLOut(Schema):
    revenue: str
    cost_of_goods: str
    gross_profit: str
    gross_margin: str | None
    time: str = Field(description="Our people's time at their hourly cost")
    services: str = Field(description="Service costs booked to the account")
    money: str = Field(description="Average open receivables x cost of capital x days / 365")
    cost_to_serve: str
    contribution: str
    contribution_margin: str | None


class PnLRowOut(Schema):
    account_id: int
    name: str
    account_class: str
    owner: str
    pnl: PnLOut


class PnLTableOut(Schema):
    period: PnlPeriodOut
    currency: str
    missing_rates: list[str]
    unpriced_minutes: int
    cost_of_capital: str
    total: PnLOut = Field(description="Over every account the filters select, not one page")
    count: int
    page: int
    page_size: int
    pages: int
    items: list[PnLRowOut]


class WhalePointOut(Schema):
    account_id: int
    name: str
    contribution: str
    cumulative: str
    share: str | None


class WhaleOut(Schema):
    period: PnlPeriodOut
    currency: str
    total: str
    peak: str
    peak_accounts: int
    peak_share: str | None
    destroyers: int
    destroyed: str
    points: list[WhalePointOut]


class MonthOut(Schema):
    month: str
    pnl: PnLOut


class AccountPnLOut(Schema):
    account_id: int
    period: PnlPeriodOut
    currency: str
    missing_rates: list[str]
    unpriced_minutes: int
    pnl: PnLOut
    months: list[MonthOut]


class PnLQuery(Schema):
    date_from: str | None = Field(None, alias="from", description="First month, YYYY-MM")
    date_to: str | None = Field(None, alias="to", description="Last month, YYYY-MM")
    q: str = Field("", max_length=200)
    owner: int | None = Field(None, ge=1, le=2**63 - 1)
    account_class: Literal["", "strategic", "regular", "prospect", "suspect"] = ""
    sort: SortKey = "-contribution"  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=500)


class PeriodQuery(Schema):
    date_from: str | None = Field(None, alias="from", description="First month, YYYY-MM")
    date_to: str | None = Field(None, alias="to", description="Last month, YYYY-MM")


def text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def pnl_out(pnl: PnL) -> dict:
    return {
        "revenue": format(pnl.revenue, "f"),
        "cost_of_goods": format(pnl.cost_of_goods, "f"),
        "gross_profit": format(pnl.gross_profit, "f"),
        "gross_margin": text(pnl.gross_margin),
        "time": format(pnl.time, "f"),
        "services": format(pnl.services, "f"),
        "money": format(pnl.money, "f"),
        "cost_to_serve": format(pnl.cost_to_serve, "f"),
        "contribution": format(pnl.contribution, "f"),
        "contribution_margin": text(pnl.contribution_margin),
    }


def whale_out(curve: WhaleCurve, names: dict[int, str]) -> dict:
    return {
        "total": format(curve.total, "f"),
        "peak": format(curve.peak, "f"),
        "peak_accounts": curve.peak_accounts,
        "peak_share": text(curve.peak_share),
        "destroyers": curve.destroyers,
        "destroyed": format(curve.destroyed, "f"),
        "points": [
            {
                "account_id": p.account_id,
                "name": names.get(p.account_id, ""),
                "contribution": format(p.contribution, "f"),
                "cumulative": format(p.cumulative, "f"),
                "share": text(p.share),
            }
            for p in curve.points
        ],
    }
