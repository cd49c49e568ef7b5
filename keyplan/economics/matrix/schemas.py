"""The profitability matrix API's documents: money as exact decimal strings, margins as
fractions ("0.2534"), null where there is nothing to divide by.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from typing import Literal

from ninja import Field, Schema

from ..pnl.schemas import PnlPeriodOut, text
from .domain import PLACES
from .selectors import DEFAULT_SORT, SORTS, Matrix, MatrixRow

SortKey = Literal[tuple(sorted(SORTS))]  # type: ignore[valid-type]
Place = Literal[PLACES]  # type: ignore[valid-type]


class MatrixQuery(Schema):
    date_from: str | None = Field(None, alias="from", description="First month, YYYY-MM")
    date_to: str | None = Field(None, alias="to", description="Last month, YYYY-MM")
    q: str = Field("", max_length=200)
    owner: int | None = Field(None, ge=1, le=2**63 - 1)
    business_unit: int | None = Field(
        None, ge=1, le=2**63 - 1, description="The owner's business unit (id)"
    )
    country: str = Field("", max_length=2, pattern="^[A-Za-z]{0,2}$")
    account_class: Literal["", "strategic", "regular", "prospect", "suspect"] = ""
    sort: SortKey = DEFAULT_SORT  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=500)


class SplitOut(Schema):
    revenue: str = Field(description="The median revenue of the plotted accounts")
    contribution_margin: str | None = Field(
        description="The plotted accounts' total contribution / their total revenue"
    )


class QuadrantOut(Schema):
    quadrant: Place  # type: ignore[valid-type]
    accounts: int
    revenue: str
    gross_profit: str
    contribution: str
    contribution_margin: str | None


class MatrixRowOut(Schema):
    account_id: int
    name: str
    account_class: str
    owner: str
    revenue: str
    gross_profit: str
    cost_to_serve: str
    contribution: str
    contribution_margin: str | None
    quadrant: Place  # type: ignore[valid-type]


class MatrixOut(Schema):
    period: PnlPeriodOut
    currency: str
    missing_rates: list[str]
    unpriced_minutes: int
    split: SplitOut | None = Field(description="null when no account has revenue")
    quadrants: list[QuadrantOut] = Field(description="Over every account the filters select")
    count: int
    page: int
    page_size: int
    pages: int
    items: list[MatrixRowOut]


def row_out(row: MatrixRow) -> dict:
    pnl = row.pnl
    return {
        "account_id": row.account_id,
        "name": row.name,
        "account_class": row.account_class,
        "owner": row.owner,
        "revenue": format(pnl.revenue, "f"),
        "gross_profit": format(pnl.gross_profit, "f"),
        "cost_to_serve": format(pnl.cost_to_serve, "f"),
        "contribution": format(pnl.contribution, "f"),
        "contribution_margin": text(pnl.contribution_margin),
        "quadrant": row.quadrant,
    }


def matrix_out(matrix: Matrix) -> dict:
    """Everything but the page of rows."""
    report = matrix.report
    where = matrix.split
    return {
        "period": {"from": report.period.date_from, "to": report.period.date_to},
        "currency": report.currency,
        "missing_rates": report.missing_rates,
        "unpriced_minutes": report.unpriced_minutes,
        "split": None
        if where is None
        else {"revenue": format(where.revenue, "f"), "contribution_margin": text(where.margin)},
        "quadrants": [
            {
                "quadrant": t.key,
                "accounts": t.accounts,
                "revenue": format(t.pnl.revenue, "f"),
                "gross_profit": format(t.pnl.gross_profit, "f"),
                "contribution": format(t.pnl.contribution, "f"),
                "contribution_margin": text(t.contribution_margin),
            }
            for t in matrix.totals
        ],
    }
