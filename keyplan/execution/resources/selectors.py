"""Reads of the resource board: the ranked board with every request's priority and its
components, a unit's capacity by month (and what a decision would leave of it), requests
waiting for my decision, my requests, a request's history.

A fixed number of queries whatever the number of requests: the board reads the requests,
the selection scores, the plans' completeness (a fixed set of queries) and the planning
rates once, and computes the priorities in memory (`domain.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import AccountClass
from keyplan.plans.completeness.selectors import completeness_for_accounts
from keyplan.portfolio.models import AccountScore, Criterion, PortfolioSettings
from keyplan.portfolio.scoring import domain as portfolio_domain
from keyplan.sales.figures.selectors import planning_rates as sales_planning_rates
from keyplan.users.models import BusinessUnit

from ..models import (
    GRANTED_STATES,
    ExecutionSettings,
    RequestStatus,
    ResourceRequest,
    ResourceType,
    UnitCapacity,
)
from . import domain as P
from .access import can_decide, visible_requests
from .domain import ZERO, month_end, monthly_load, rate_for

COMPONENT_LABELS = {
    P.CLASS: _("Account class"),
    P.SCORE: _("Selection score"),
    P.RETURN: _("Expected gross profit per unit"),
    P.COMPLETENESS: _("Plan completeness"),
}
SORTS = ("priority", "-priority", "created", "-created", "amount", "-amount", "account")
DEFAULT_SORT = "priority"
STATUS_ALL = "all"


def weights(settings: ExecutionSettings | None = None) -> dict[str, Decimal]:
    settings = settings or ExecutionSettings.load()
    return {
        P.CLASS: settings.weight_class,
        P.SCORE: settings.weight_score,
        P.RETURN: settings.weight_return,
        P.COMPLETENESS: settings.weight_completeness,
    }


def formula(settings: ExecutionSettings | None = None) -> list[dict]:
    """The components with their weights and shares, for the explanation on the board."""
    current = weights(settings)
    total = sum(current.values(), ZERO)
    return [
        {
            "key": key,
            "label": COMPONENT_LABELS[key],
            "weight": current[key],
            "share": (current[key] / total * 100).quantize(Decimal("0.1")) if total else ZERO,
        }
        for key in P.KEYS
    ]


def selection_totals(account_ids: Iterable[int]) -> dict[int, Decimal | None]:
    """The weighted selection score (1-10) of each account, None when not scored."""
    ids = list(set(account_ids))
    criteria = list(Criterion.objects.filter(enabled=True))
    try:
        normalised = portfolio_domain.normalise_weights({c.key: c.weight for c in criteria})
    except ValueError:
        return dict.fromkeys(ids)
    by_id = {c.pk: c.key for c in criteria}
    given: dict[int, dict[str, int]] = defaultdict(dict)
    for account_id, criterion_id, score in (
        AccountScore.objects.filter(account_id__in=ids, criterion__in=criteria)
        .order_by()
        .values_list("account_id", "criterion_id", "score")
    ):
        given[account_id][by_id[criterion_id]] = score
    return {pk: portfolio_domain.weighted_total(given[pk], normalised)[0] for pk in ids}


@dataclass
class BoardRow:
    request: ResourceRequest
    priority: P.Priority
    rank: int = 0
    can_decide: bool = False

    @property
    def components(self) -> list[dict]:
        return [
            {"c": c, "label": COMPONENT_LABELS[c.key], "percent": c.value * 100}
            for c in self.priority.components
        ]


def _return(request: ResourceRequest, rates: dict[str, Decimal]) -> Decimal | None:
    return P.return_per_unit(
        expected_gross_profit=request.expected_gross_profit,
        probability=request.probability,
        amount=request.amount,
        profit_rate=rates.get(request.currency),
        amount_rate=rate_for(request.resource_type, request.currency, rates),
    )


def prioritise(requests: list[ResourceRequest], user=None) -> list[BoardRow]:
    """Each request with its priority, ranked (highest first, then the oldest).

    The return component is ranked against every open request of the same type across
    the company, not just those `user` sees, so the number is the same for everybody."""
    _base, rates = planning_rates()
    current = weights()
    open_returns: dict[str, dict[int, Decimal | None]] = defaultdict(dict)
    for pending in ResourceRequest.objects.filter(status=RequestStatus.PENDING).only(
        "pk", "resource_type", "expected_gross_profit", "probability", "amount", "currency"
    ):
        open_returns[pending.resource_type][pending.pk] = _return(pending, rates)
    account_ids = {r.account_id for r in requests}
    totals = selection_totals(account_ids)
    accounts = {r.account_id: r.account for r in requests}
    completeness = completeness_for_accounts(accounts.values())
    rows = []
    for request in requests:
        own = _return(request, rates)
        others = [v for pk, v in open_returns[request.resource_type].items() if pk != request.pk]
        plan = completeness.get(request.account_id)
        total = totals.get(request.account_id)
        values = {
            P.CLASS: P.class_component(request.account.account_class),
            P.SCORE: P.score_component(total),
            P.RETURN: P.percentile(own, others),
            P.COMPLETENESS: P.completeness_component(plan[1].score if plan else None),
        }
        missing = [
            key
            for key, absent in (
                (P.SCORE, total is None),
                (P.RETURN, own is None),
                (P.COMPLETENESS, plan is None),
            )
            if absent
        ]
        row = BoardRow(request, P.priority(values, current, missing=missing))
        if user is not None:
            row.can_decide = can_decide(user, request.business_unit.head_id)
        rows.append(row)
    ordered = sorted(
        rows, key=lambda r: P.rank_key(r.priority.score, r.request.created_at, r.request.pk)
    )
    for number, row in enumerate(ordered, start=1):
        row.rank = number
    return ordered


@dataclass(frozen=True)
class BoardFilters:
    unit: int | None = None
    resource_type: str = ""
    status: str = RequestStatus.PENDING
    account_class: str = ""
    sort: str = DEFAULT_SORT


def parse_filters(params) -> BoardFilters:
    try:
        unit = int(params.get("unit") or 0) or None
    except (TypeError, ValueError):
        unit = None
    if unit is not None and not 0 < unit < 2**63:
        unit = None
    resource_type = params.get("type") or ""
    if resource_type not in ResourceType.values:
        resource_type = ""
    status = params.get("status") or RequestStatus.PENDING
    if status not in RequestStatus.values and status != STATUS_ALL:
        status = RequestStatus.PENDING
    account_class = params.get("class") or ""
    if account_class not in AccountClass.values:
        account_class = ""
    sort = params.get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        sort = DEFAULT_SORT
    return BoardFilters(unit, resource_type, status, account_class, sort)


def _requests(queryset) -> list[ResourceRequest]:
    return list(queryset.select_related("account", "business_unit", "requested_by", "decided_by"))


def board(user, filters: BoardFilters | None = None) -> list[BoardRow]:
    """The ranked board of the requests `user` sees, filtered and sorted. `rank` is the
    position by priority among the rows shown, whatever the sort."""
    filters = filters or BoardFilters()
    queryset = visible_requests(user)
    if filters.unit:
        queryset = queryset.filter(business_unit_id=filters.unit)
    if filters.resource_type:
        queryset = queryset.filter(resource_type=filters.resource_type)
    if filters.status != STATUS_ALL:
        queryset = queryset.filter(status=filters.status)
    if filters.account_class:
        queryset = queryset.filter(account__account_class=filters.account_class)
    rows = prioritise(_requests(queryset), user)
    sort = filters.sort
    if sort == "-priority":
        rows.reverse()
    elif sort in ("created", "-created"):
        rows.sort(key=lambda r: (r.request.created_at, r.request.pk), reverse=sort[0] == "-")
    elif sort in ("amount", "-amount"):
        rows.sort(key=lambda r: (r.request.amount, r.request.pk), reverse=sort[0] == "-")
    elif sort == "account":
        rows.sort(key=lambda r: (r.request.account.name.casefold(), r.rank))
    return rows


def request_priority(request: ResourceRequest) -> BoardRow:
    return prioritise([request])[0]


def waiting_for(user) -> list[BoardRow]:
    """Pending requests `user` may decide, ranked."""
    rows = board(user, BoardFilters())
    return [row for row in rows if row.can_decide]


def my_requests(user) -> list[ResourceRequest]:
    return _requests(visible_requests(user).filter(requested_by=user))


def decidable_units(user):
    """The units whose requests and capacity `user` manages."""
    units = BusinessUnit.objects.filter(is_active=True)
    if not can_decide(user, None):
        units = units.filter(head=user)
    return units.select_related("head")


# --- history -------------------------------------------------------------------------------


# How many changes a request's page lists.
HISTORY = 30
# The references a change shows by name: field -> model.
REFERENCES = {"decided_by": "users.User", "requested_by": "users.User"}
REFERENCES |= {"business_unit": "users.BusinessUnit", "goal": "plans.Goal"}
REFERENCES |= {"action": "plans.Action"}


def request_history(found: ResourceRequest) -> list[dict]:
    """The request's history, newest first, with people, units, goals and actions by
    name rather than by id (one query per kind of reference). Like
    `keyplan.core.history.history_changes`, which shows choices by label but references
    by id."""
    records = list(
        found.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY + 1
        ]
    )
    fields = {f.name: f for f in ResourceRequest._meta.fields}
    wanted: dict[str, set] = {}
    entries = []
    for index, record in enumerate(records[:HISTORY]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None and record.history_type == "~":
            for change in record.diff_against(older).changes:
                if change.field in REFERENCES:
                    wanted.setdefault(change.field, set()).update({change.old, change.new})
                changes.append(change)
        entries.append({"record": record, "raw": changes})
    names: dict[str, dict] = {}
    for name, ids in wanted.items():
        model = apps.get_model(REFERENCES[name])
        names[name] = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids - {None})}

    def shown(name: str, value):
        if name in names:
            return names[name].get(value, value)
        field = fields.get(name)
        if field is not None and field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    for entry in entries:
        entry["changes"] = [
            {
                "field": fields[c.field].verbose_name if c.field in fields else c.field,
                "old": shown(c.field, c.old),
                "new": shown(c.field, c.new),
            }
            for c in entry.pop("raw")
        ]
    return entries


# --- capacity ------------------------------------------------------------------------------


def planning_rates() -> tuple[str, dict[str, Decimal]]:
    base = PortfolioSettings.load().base_currency
    return base, sales_planning_rates(base)


def granted_by_month(
    unit_id: int, resource_type: str, months: Iterable[date], *, exclude_pk: int | None = None
) -> dict[date, Decimal]:
    """What the unit has already granted of `resource_type` in each of `months`."""
    wanted = sorted(set(months))
    totals = dict.fromkeys(wanted, ZERO)
    if not wanted:
        return totals
    _base, rates = planning_rates()
    granted = ResourceRequest.objects.filter(
        business_unit_id=unit_id,
        resource_type=resource_type,
        status__in=GRANTED_STATES,
        period_start__lte=month_end(wanted[-1]),
        period_end__gte=wanted[0],
    )
    if exclude_pk is not None:
        granted = granted.exclude(pk=exclude_pk)
    for row in granted.values_list("granted_amount", "period_start", "period_end", "currency"):
        amount, start, end, currency = row
        rate = rate_for(resource_type, currency, rates) or Decimal(1)
        for month, load in monthly_load(resource_type, amount or ZERO, start, end, rate).items():
            if month in totals:
                totals[month] += load
    return totals


def capacity_shortfalls(request: ResourceRequest, granted: Decimal) -> list[tuple[date, Decimal]]:
    """The months where granting `granted` would exceed the unit's remaining capacity,
    with what remains there (negative: already over)."""
    _base, rates = planning_rates()
    rate = rate_for(request.resource_type, request.currency, rates)
    if rate is None:
        raise ValidationError(
            {
                "granted_amount": [
                    gettext(
                        "There is no planning rate for {currency}: set it on the portfolio page."
                    ).format(currency=request.currency)
                ]
            }
        )
    load = monthly_load(
        request.resource_type, granted, request.period_start, request.period_end, rate
    )
    capacity = dict(
        UnitCapacity.objects.filter(
            business_unit_id=request.business_unit_id,
            resource_type=request.resource_type,
            month__in=list(load),
        ).values_list("month", "amount")
    )
    used = granted_by_month(
        request.business_unit_id, request.resource_type, load, exclude_pk=request.pk
    )
    short = []
    for month, need in sorted(load.items()):
        remaining = capacity.get(month, ZERO) - used[month]
        if need > remaining:
            short.append((month, remaining))
    return short


@dataclass(frozen=True)
class CapacityCell:
    month: date
    resource_type: str
    capacity: Decimal | None
    granted: Decimal
    pending: Decimal
    capacity_updated_at: object = None

    @property
    def remaining(self) -> Decimal:
        return (self.capacity or ZERO) - self.granted

    @property
    def over(self) -> bool:
        return self.remaining < 0


def capacity_tables(
    units: list[BusinessUnit], months: list[date]
) -> dict[int, dict[str, list[CapacityCell]]]:
    """For each unit and resource type, per month: capacity (None: not set), granted
    (approved and partly approved requests), pending (what the waiting requests ask) and
    what remains. Budget in the base currency. Four queries whatever the number of units."""
    unit_ids = [unit.pk for unit in units]
    if not months or not unit_ids:
        return {pk: {kind: [] for kind in ResourceType.values} for pk in unit_ids}
    first, last = months[0], months[-1]
    capacity = {
        (row.business_unit_id, row.resource_type, row.month): row
        for row in UnitCapacity.objects.filter(
            business_unit_id__in=unit_ids, month__gte=first, month__lte=last
        )
    }
    _base, rates = planning_rates()
    granted: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    pending: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    rows = ResourceRequest.objects.filter(
        business_unit_id__in=unit_ids,
        status__in=(RequestStatus.APPROVED, RequestStatus.PARTLY_APPROVED, RequestStatus.PENDING),
        period_start__lte=month_end(last),
        period_end__gte=first,
    ).values_list(
        "business_unit_id",
        "resource_type",
        "status",
        "amount",
        "granted_amount",
        "period_start",
        "period_end",
        "currency",
    )
    for unit_id, kind, status, amount, granted_amount, start, end, currency in rows:
        rate = rate_for(kind, currency, rates) or Decimal(1)
        target = pending if status == RequestStatus.PENDING else granted
        value = amount if status == RequestStatus.PENDING else (granted_amount or ZERO)
        for month, load in monthly_load(kind, value, start, end, rate).items():
            target[(unit_id, kind, month)] += load

    def cell(unit_id: int, kind: str, month: date) -> CapacityCell:
        row = capacity.get((unit_id, kind, month))
        return CapacityCell(
            month=month,
            resource_type=kind,
            capacity=row.amount if row else None,
            granted=granted[(unit_id, kind, month)],
            pending=pending[(unit_id, kind, month)],
            capacity_updated_at=row.updated_at if row else None,
        )

    return {
        unit_id: {
            kind: [cell(unit_id, kind, month) for month in months] for kind in ResourceType.values
        }
        for unit_id in unit_ids
    }


def capacity_table(unit: BusinessUnit, months: list[date]) -> dict[str, list[CapacityCell]]:
    """`capacity_tables` of one unit."""
    return capacity_tables([unit], months)[unit.pk]
