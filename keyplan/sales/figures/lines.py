"""Revenue per account and product line over a period, in the base currency: what the
whitespace analysis (keyplan.economics.whitespace) compares between similar accounts.

Summed over `MonthlyRollup` (account x month x business unit x product line x currency)
in one GROUP BY query whatever the number of accounts, converted at the planning rates
like every other figure (keyplan.sales.figures.selectors): a currency with sales but no
`ExchangeRate` is left out of the amounts and listed in `missing_rates`, never mixed in;
the product lines an account bought in such a currency are still listed in `unconverted`
(it did buy them, only the amount is unknown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BigIntegerField, QuerySet, Sum

from keyplan.accounts.models import Account
from keyplan.sales.models import MonthlyRollup

from .domain import Period, converted_sums, from_minor
from .selectors import planning_rates, raw_rows

__all__ = ["LineFigures", "line_revenue"]


@dataclass
class LineFigures:
    # account id -> product line -> revenue in the base currency, exact; "" holds the sales
    # without a product line (they count in the account's total, never as a line)
    values: dict[int, dict[str, Decimal]]
    currency: str
    missing_rates: list[str] = field(default_factory=list)
    # account id -> product lines with sales only known in a currency without a rate
    unconverted: dict[int, set[str]] = field(default_factory=dict)

    def total(self, account_id: int) -> Decimal:
        """All the account bought over the period (every line, none included)."""
        return sum(self.values.get(account_id, {}).values(), Decimal(0))


def line_revenue(
    account_ids: QuerySet | list[int] | None, period: Period, *, base: str, industry: str = ""
) -> LineFigures:
    """Revenue per account and product line over `period`, in the base currency `base`.

    `account_ids`: an Account queryset, a queryset of ids, a list of ids, or None for every
    account; `industry` narrows to the accounts of that industry (joined, not listed).
    One query for the rates, one for the sums.
    """
    rates = planning_rates(base)
    rollups = MonthlyRollup.objects.filter(month__gte=period.date_from, month__lte=period.date_to)
    if isinstance(account_ids, QuerySet):
        if account_ids.model is Account and not account_ids.query.values_select:
            account_ids = account_ids.values("pk")
        rollups = rollups.filter(account_id__in=account_ids)
    elif account_ids is not None:
        rollups = rollups.filter(account_id__in=list(account_ids))
    if industry:
        rollups = rollups.filter(account__industry=industry)
    rows = raw_rows(
        rollups.order_by()
        .values("account_id", "product_line", "currency")
        .annotate(r=Sum("revenue", output_field=BigIntegerField()))
        .values_list("account_id", "product_line", "currency", "r")
    )
    totals, missing = converted_sums(
        (((pk, line), currency, revenue, 0) for pk, line, currency, revenue in rows), rates
    )
    values: dict[int, dict[str, Decimal]] = {}
    for (pk, line), (revenue, _gross_profit) in totals.items():
        values.setdefault(pk, {})[line or ""] = from_minor(revenue)
    unconverted: dict[int, set[str]] = {}
    for pk, line, currency, revenue in rows:
        if currency not in rates and int(revenue or 0):
            unconverted.setdefault(pk, set()).add(line or "")
    return LineFigures(values, base, missing, unconverted)
