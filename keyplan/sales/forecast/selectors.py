"""The account's monthly revenue from the sales rollups, and its forecast (forecast.domain)."""

from __future__ import annotations

from datetime import date

from django.db.models import BigIntegerField, Max, Sum
from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.core.fields import from_minor

from .domain import LEVEL, Forecast, MonthValue, forecast_monthly


def monthly_revenue(account: Account) -> list[MonthValue]:
    """The account's revenue per month with sales, in the account's currency, oldest
    first. Rollups in other currencies are left out: adding currencies without rates
    would be wrong, and the plan speaks the account's."""
    from keyplan.sales.models import MonthlyRollup

    rows = (
        MonthlyRollup.objects.filter(account=account, currency=account.currency)
        .values("month")
        .annotate(total=Sum("revenue", output_field=BigIntegerField()))
        .order_by("month")
    )
    # Summed as the integer minor units the column holds: exact on every database.
    return [MonthValue(row["month"], from_minor(row["total"] or 0)) for row in rows]


def sales_data_end() -> date | None:
    """The last month the sales data covers (of any account); None without sales. Months
    after it and before today are not known yet, not months without sales."""
    from keyplan.sales.models import MonthlyRollup

    return MonthlyRollup.objects.aggregate(last=Max("month"))["last"]


def account_forecast(
    account: Account, *, today: date | None = None, level: float = LEVEL
) -> Forecast:
    """The forecast of `account`'s revenue for the current year (its actual so far and
    the rest) and the two after it. The caller has checked that the user may see the
    account."""
    return forecast_monthly(
        monthly_revenue(account),
        today=today or timezone.localdate(),
        data_end=sales_data_end(),
        level=level,
        currency=account.currency,
    )
