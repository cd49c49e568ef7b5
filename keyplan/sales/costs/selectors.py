"""Reads of the service costs: the public figures the account P&L reads
(`service_costs`, `monthly_service_costs`, in the base currency with the planning
rates), and one account's costs for its page and the API (the caller has passed the
access rule: `cost_for_user`, `keyplan.accounts.access.account_for_user`).

Amounts are in the base currency passed in as `base` (the portfolio's); a currency with
costs but no `ExchangeRate` is left out and listed in `missing_rates`, never mixed in.
Conversion and sums: keyplan.sales.costs.domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import BigIntegerField, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.accounts.models import Account
from keyplan.core.fields import from_minor
from keyplan.core.web import parse_pk

from ..figures.domain import Period
from ..figures.selectors import planning_rates, raw_rows
from ..models import ServiceCost, ServiceCostCategory
from .domain import ZERO, converted_costs, total_of

__all__ = [
    "CostChange",
    "CostFilters",
    "CostTotal",
    "ServiceCosts",
    "account_cost_changes",
    "account_cost_list",
    "cost_changes",
    "cost_for_user",
    "cost_totals",
    "monthly_service_costs",
    "service_costs",
]


@dataclass
class ServiceCosts:
    """Service costs per account over a period, in the base currency `currency`: only
    accounts with a converted cost appear; `by_category` holds the categories they have
    costs in; `totals[account]` is the exact sum of its categories."""

    currency: str
    by_category: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    totals: dict[int, Decimal] = field(default_factory=dict)
    missing_rates: list[str] = field(default_factory=list)
    rates: dict[str, Decimal] = field(default_factory=dict)  # the rates used


def _scoped(queryset: QuerySet[ServiceCost], account_ids) -> QuerySet[ServiceCost]:
    """`account_ids`: an Account queryset, a queryset of ids, an iterable of ids, or None
    for every account."""
    if account_ids is None:
        return queryset
    if isinstance(account_ids, QuerySet):
        if account_ids.model is Account and not account_ids.query.values_select:
            account_ids = account_ids.order_by().values("pk")
        return queryset.filter(account_id__in=account_ids)
    return queryset.filter(account_id__in=list(account_ids))


def service_costs(account_ids, period: Period, *, base: str) -> ServiceCosts:
    """Each account's service costs per category and in total over `period` (dated from
    `period.date_from` to `period.date_to`, both included), converted to `base` with the
    planning rates (`planning_rates(base)`). `account_ids` as in
    `keyplan.sales.figures.selectors.account_figures`. Two queries: the rates and one
    GROUP BY account, currency and category."""
    rates = planning_rates(base)
    rows = (
        _scoped(
            ServiceCost.objects.filter(date__gte=period.date_from, date__lte=period.date_to),
            account_ids,
        )
        .order_by()
        .values("account_id", "currency", "category")
        .annotate(total=Sum("amount", output_field=BigIntegerField()))
        .values_list("account_id", "currency", "category", "total")
    )
    sums: list[tuple[int, str, str, int]] = raw_rows(rows)
    by_category, missing = converted_costs(sums, rates)
    totals = {pk: total_of(categories) for pk, categories in by_category.items()}
    return ServiceCosts(base, by_category, totals, missing, rates)


def monthly_service_costs(
    account_ids, first_month: date, last_month: date, *, base: str
) -> dict[date, Decimal]:
    """The service costs of the accounts in each month from `first_month`'s to
    `last_month`'s (keys: the first day of each month, every month present, zero without
    costs), converted to `base` like `service_costs`; currencies without a rate are left
    out (`service_costs` over the same months names them). Two queries: the rates and one
    GROUP BY month and currency."""
    period = Period.months(first_month, last_month)
    rates = planning_rates(base)
    rows = (
        _scoped(
            ServiceCost.objects.filter(date__gte=period.date_from, date__lte=period.date_to),
            account_ids,
        )
        .order_by()
        .annotate(month=TruncMonth("date"))
        .values("month", "currency")
        .annotate(total=Sum("amount", output_field=BigIntegerField()))
        .values_list("month", "currency", "total")
    )
    # One category per month: the domain converts and sums it like any other.
    values, _missing = converted_costs(
        ((month, currency, "", total) for month, currency, total in rows), rates
    )
    result = dict.fromkeys(period.month_starts(), ZERO)
    for month, categories in values.items():
        result[month] = total_of(categories)
    return result


# --- one account's costs: its page and the API ---------------------------------------------


def cost_for_user(user, pk: object, *, write: bool = False) -> tuple[ServiceCost, AccountAccess]:
    """The service cost `pk` through its account's access rule: Http404 alike for a missing
    cost and one of an account `user` may not see; PermissionDenied (403) for a read-only
    user asking to write."""
    cost_pk = parse_pk(pk)
    account_id = ServiceCost.objects.filter(pk=cost_pk).values_list("account_id", flat=True).first()
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    cost = ServiceCost.objects.select_related("created_by").filter(pk=cost_pk).first()
    if cost is None:  # deleted in between
        raise Http404
    cost.account = access.account
    return cost, access


@dataclass(frozen=True)
class CostFilters:
    category: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.category or self.date_from or self.date_to)


NO_FILTERS = CostFilters()


def account_cost_list(account: Account, filters: CostFilters = NO_FILTERS) -> QuerySet[ServiceCost]:
    """The account's service costs the filters select, newest first (by date, then the
    latest entered), with who entered them."""
    costs = ServiceCost.objects.filter(account=account).select_related("created_by")
    if filters.category:
        costs = costs.filter(category=filters.category)
    if filters.date_from is not None:
        costs = costs.filter(date__gte=filters.date_from)
    if filters.date_to is not None:
        costs = costs.filter(date__lte=filters.date_to)
    return costs.order_by("-date", "-pk")


@dataclass(frozen=True)
class CostTotal:
    category: str
    label: str
    currency: str
    amount: Decimal  # exact


def cost_totals(costs: QuerySet[ServiceCost]) -> tuple[list[CostTotal], dict[str, Decimal]]:
    """The exact totals of `costs` per category and currency (in the categories' order),
    and per currency over every category. One query."""
    rows = (
        costs.order_by()
        .values("category", "currency")
        .annotate(total=Sum("amount", output_field=BigIntegerField()))
        .values_list("category", "currency", "total")
    )
    labels = dict(ServiceCostCategory.choices)
    order = {value: index for index, value in enumerate(ServiceCostCategory.values)}
    totals = sorted(
        (
            CostTotal(
                category, str(labels.get(category, category)), currency, from_minor(int(total))
            )
            for category, currency, total in rows
        ),
        key=lambda t: (order.get(t.category, len(order)), t.currency),
    )
    per_currency: dict[str, Decimal] = {}
    for total in totals:
        per_currency[total.currency] = per_currency.get(total.currency, ZERO) + total.amount
    return totals, dict(sorted(per_currency.items()))


# --- who changed what ----------------------------------------------------------------------

HISTORY = 10  # changes the account's page lists
# What a person (or an import) changes; the rest is the service's.
HISTORY_FIELDS = ("date", "category", "amount", "currency", "note", "external_id")


@dataclass(frozen=True)
class CostChange:
    """One historical version of a service cost: `record` holds who (`history_user`, None
    for the system), when (`history_date`), what (`history_type`: + added, ~ changed, -
    deleted), the cost's values then and the `history_change_reason` ("import");
    `changes` the fields changed against the version before it: label, old and new value
    as shown."""

    record: Any
    changes: list[dict[str, Any]]


def _shown(name: str, value: Any) -> Any:
    if name == "category":
        return dict(ServiceCostCategory.choices).get(value, value)
    return value


def _changes(record: Any, older: Any | None) -> list[dict[str, Any]]:
    if older is None or record.history_type != "~":
        return []
    labels = {f.name: f.verbose_name for f in ServiceCost._meta.fields}
    delta = record.diff_against(older, included_fields=HISTORY_FIELDS)
    return [
        {"field": labels[c.field], "old": _shown(c.field, c.old), "new": _shown(c.field, c.new)}
        for c in sorted(delta.changes, key=lambda c: HISTORY_FIELDS.index(c.field))
    ]


def _with_previous(records: list[Any]) -> list[CostChange]:
    """Each record with its changes against the previous version of the same cost (one
    query for the versions before the ones given)."""
    if not records:
        return []
    oldest = min(r.history_id for r in records)
    ids = {r.id for r in records}
    versions: dict[int, list[Any]] = {}
    earlier = ServiceCost.history.filter(id__in=ids, history_id__lt=oldest)
    for record in [*records, *earlier.order_by("-history_date", "-history_id")]:
        versions.setdefault(record.id, []).append(record)
    entries = []
    for record in records:
        chain = versions[record.id]
        index = chain.index(record)
        older = chain[index + 1] if index + 1 < len(chain) else None
        entries.append(CostChange(record, _changes(record, older)))
    return entries


def account_cost_changes(account: Account, *, limit: int = HISTORY) -> list[CostChange]:
    """The latest `limit` changes to the account's service costs (deletions too), newest
    first. Two queries."""
    records = list(
        ServiceCost.history.filter(account_id=account.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    return _with_previous(records)


def cost_changes(cost: ServiceCost) -> list[CostChange]:
    """Every version of one service cost, newest first."""
    records = list(
        cost.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    return _with_previous(records)
