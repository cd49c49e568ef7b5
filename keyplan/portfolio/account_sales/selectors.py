"""One account's months: its revenue and gross profit per month in the base currency,
for the drill-down from the Pareto page."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import BigIntegerField, Max, Min, Sum

from keyplan.sales.figures.domain import Period, add_months, converted_sums, from_minor
from keyplan.sales.figures.selectors import planning_rates
from keyplan.sales.models import MonthlyRollup

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
    rollups = MonthlyRollup.objects.filter(account_id=account.pk)
    if period is None:
        bounds = rollups.aggregate(first=Min("month"), last=Max("month"))
        if bounds["first"] is None:
            return {
                "currency": base,
                "missing_rates": [],
                "period": None,
                "months": [],
                "total_revenue": Decimal("0.00"),
                "total_gross_profit": Decimal("0.00"),
            }
        first = max(bounds["first"], add_months(bounds["last"], 1 - DEFAULT_MONTHS))
        period = Period.months(first, bounds["last"])
    rows = (
        rollups.filter(month__gte=period.date_from, month__lte=period.date_to)
        .order_by()
        .values("month", "currency")
        .annotate(
            r=Sum("revenue", output_field=BigIntegerField()),
            c=Sum("cost", output_field=BigIntegerField()),
        )
        .values_list("month", "currency", "r", "c")
    )
    totals, missing = converted_sums(rows, planning_rates(base))
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
