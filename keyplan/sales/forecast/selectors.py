"""The account's yearly revenue from the sales rollups, and its forecast (forecast.domain)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import BigIntegerField, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.core.fields import from_minor

from .domain import CENT, LEVEL, Forecast, YearValue, forecast_yearly


def yearly_revenue(
    account: Account, *, today: date | None = None
) -> tuple[list[YearValue], YearValue | None]:
    """The account's revenue per complete calendar year, in the account's currency, from
    its first year with sales to last year, years without sales as zero; and the current
    year so far (None without sales this year). Rollups in other currencies are left out:
    adding currencies without rates would be wrong, and the plan speaks the account's."""
    from keyplan.sales.models import MonthlyRollup

    today = today or timezone.localdate()
    rows = (
        MonthlyRollup.objects.filter(account=account, currency=account.currency)
        .annotate(year=ExtractYear("month"))
        .values("year")
        .annotate(total=Sum("revenue", output_field=BigIntegerField()))
        .order_by("year")
    )
    # Summed as the integer minor units the column holds: exact on every database.
    totals = {row["year"]: from_minor(row["total"] or 0) for row in rows}
    year_to_date = None
    if today.year in totals:
        year_to_date = YearValue(today.year, totals[today.year].quantize(CENT))
    complete = [year for year in totals if year < today.year]
    if not complete:
        return [], year_to_date
    history = [
        YearValue(year, totals.get(year, Decimal(0)).quantize(CENT))
        for year in range(min(complete), today.year)
    ]
    return history, year_to_date


def account_forecast(
    account: Account, *, today: date | None = None, level: float = LEVEL
) -> Forecast:
    """The forecast of `account`'s yearly revenue for the three years after the last
    complete one. The caller has checked that the user may see the account."""
    history, year_to_date = yearly_revenue(account, today=today)
    result = forecast_yearly(history, level=level)
    return Forecast(
        result.history,
        result.points,
        result.method,
        result.level,
        result.reason,
        account.currency,
        year_to_date,
    )
