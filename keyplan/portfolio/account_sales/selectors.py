"""One account's months: its revenue and gross profit per month in the base currency,
for the drill-down from the Pareto page."""

from __future__ import annotations

from decimal import Decimal

from keyplan.sales.figures.domain import Period, add_months, from_minor
from keyplan.sales.figures.series import account_month_bounds, account_monthly_converted

from ..models import PortfolioSettings

DEFAULT_MONTHS = 60  # shown without a period: the last 60 months with sales at most

__all__ = ["monthly_history"]


def monthly_history(account, *, period: Period | None = None) -> dict:
    """The account's revenue and gross profit per month in the base currency (drill-down).

    Months without sales are included as zeros. Default period: the account's first to
    last month with sales, at most the last 60 of them. The caller checks access.
    """
    settings = PortfolioSettings.load()
    base = settings.base_currency
    if period is None:
        first, last = account_month_bounds(account.pk)
        if first is None or last is None:
            return {
                "currency": base,
                "missing_rates": [],
                "period": None,
                "months": [],
                "total_revenue": Decimal("0.00"),
                "total_gross_profit": Decimal("0.00"),
            }
        first = max(first, add_months(last, 1 - DEFAULT_MONTHS))
        period = Period.months(first, last)
    totals, missing = account_monthly_converted(account.pk, period, base=base)
    months = []
    total_revenue = total_gp = 0
    for month in period.month_starts():
        revenue, gross_profit = totals.get(month, (0, 0))
        total_revenue += revenue
        total_gp += gross_profit
        months.append(
            {
                "month": month,
                "revenue": from_minor(revenue),
                "gross_profit": from_minor(gross_profit),
            }
        )
    return {
        "currency": base,
        "missing_rates": missing,
        "period": period,
        "months": months,
        "total_revenue": from_minor(total_revenue),
        "total_gross_profit": from_minor(total_gp),
    }
