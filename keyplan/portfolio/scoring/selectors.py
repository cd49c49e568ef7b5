"""The score sheet (SPEC §1.3): the accounts x criteria grid of the visible accounts that
are not closed, with each account's weighted total, its wallet figures and whether it is
a candidate for key accounts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.selectors import account_metrics, default_period
from keyplan.sales.models import DataMetric

from ..models import AccountScore, Criterion, PortfolioSettings
from . import domain, texts

__all__ = ["PER_PAGE", "SORTS", "score_sheet", "weighted_totals_on"]

M = DataMetric
ZERO = Decimal(0)
PER_PAGE = 50
SORTS = ("-total", "total", "name", "class", "headroom", "-headroom", "share_of_wallet")
CLASS_ORDER = {key: n for n, key in enumerate(AccountClass.values)}
WALLET_METRICS = (M.HEADROOM, M.SHARE_OF_WALLET)

BaseRow = tuple[int, str, str]  # (account id, name, class)
Totals = dict[int, tuple[Decimal | None, Decimal]]  # account id -> (total, coverage)
Measured = dict[int, dict[str, Decimal | None]]


def _weights(criteria: list[Criterion]) -> tuple[dict[str, Decimal], str]:
    """Normalised weights by criterion key, or all zero and the reason."""
    if not criteria:
        return {}, _("No criterion is in use: choose the criteria on the criteria page.")
    try:
        return domain.normalise_weights({c.key: c.weight for c in criteria}), ""
    except ValueError:
        return {c.key: ZERO for c in criteria}, _(
            "Give at least one criterion a weight above zero."
        )


def _int_param(params, name: str) -> int | None:
    try:
        value = int(str(params.get(name) or "").strip())
    except ValueError:
        return None
    return value if 0 < value < 2**63 else None


def _none_last(value: Decimal | None, descending: bool) -> tuple:
    if value is None:
        return (1, ZERO)
    return (0, -value if descending else value)


@dataclass
class _Filters:
    account_class: str
    owner: int | None
    country: str
    candidates: bool
    sort: str

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> _Filters:
        """The sheet's parameters, an unknown value of each left out."""
        account_class = str(params.get("class") or "")
        sort = str(params.get("sort") or "-total")
        return cls(
            account_class=account_class if account_class in CLASS_ORDER else "",
            owner=_int_param(params, "owner"),
            country=str(params.get("country") or "").strip().upper()[:2],
            candidates=str(params.get("candidates") or "") in ("1", "true", "on"),
            sort=sort if sort in SORTS else "-total",
        )

    def apply(self, accounts: QuerySet[Account]) -> QuerySet[Account]:
        if self.account_class:
            accounts = accounts.filter(account_class=self.account_class)
        if self.owner is not None:
            accounts = accounts.filter(owner_id=self.owner)
        if self.country:
            accounts = accounts.filter(country=self.country)
        return accounts

    def to_json(self) -> dict:
        return {
            "class": self.account_class,
            "owner": self.owner,
            "country": self.country,
            "candidates": self.candidates,
            "sort": self.sort,
        }


def _totals(
    accounts: QuerySet[Account],
    base_rows: list[BaseRow],
    criteria: list[Criterion],
    weights: dict[str, Decimal],
    weights_error: str,
) -> Totals:
    """Each account's weighted total and coverage over its scores (one query)."""
    by_id = {c.pk: c for c in criteria}
    given: dict[int, dict[str, int]] = defaultdict(dict)
    if criteria:
        for account_id, criterion_id, score in (
            AccountScore.objects.filter(account__in=accounts, criterion__in=criteria)
            .order_by()
            .values_list("account_id", "criterion_id", "score")
        ):
            given[account_id][by_id[criterion_id].key] = score
    return {
        pk: domain.weighted_total(given[pk], weights) if not weights_error else (None, ZERO)
        for pk, _name, _cls in base_rows
    }


def _sort(base_rows: list[BaseRow], sort: str, totals: Totals, measured: Measured) -> None:
    """Sort the rows in place by `sort` (missing values last, then by name)."""
    names = {pk: (name.casefold(), pk) for pk, name, _c in base_rows}
    if sort == "name":
        base_rows.sort(key=lambda r: names[r[0]])
    elif sort == "class":
        base_rows.sort(
            key=lambda r: (
                CLASS_ORDER.get(r[2], 99),
                _none_last(totals[r[0]][0], True),
                names[r[0]],
            )
        )
    elif sort in ("-total", "total"):
        base_rows.sort(key=lambda r: (_none_last(totals[r[0]][0], sort == "-total"), names[r[0]]))
    else:
        metric = M.SHARE_OF_WALLET if sort == "share_of_wallet" else M.HEADROOM
        base_rows.sort(
            key=lambda r: (
                _none_last(measured.get(r[0], {}).get(metric), sort == "-headroom"),
                names[r[0]],
            )
        )


def _cell(criterion: Criterion, score: AccountScore | None, currency: str) -> dict:
    s = score
    return {
        "criterion_id": criterion.pk,
        "key": criterion.key,
        "score": s.score if s else None,
        "from_data": s.from_data if s else criterion.is_data,
        "value": s.value if s else None,
        "rationale": texts.shown_rationale(s, criterion, currency),
        "scored_by": s.scored_by if s else None,
        "scored_at": s.scored_at if s else None,
        "updated_at": s.updated_at if s else None,
    }


def _page_rows(
    page_ids: list[int],
    criteria: list[Criterion],
    totals: Totals,
    measured: Measured,
    candidate_ids: set[int],
    currency: str,
) -> list[dict]:
    """The rows of one page, with their cells (two queries)."""
    page_accounts = Account.objects.select_related("owner").in_bulk(page_ids)
    cells: dict[int, dict[int, AccountScore]] = defaultdict(dict)
    if page_ids and criteria:
        for entry in AccountScore.objects.filter(
            account_id__in=page_ids, criterion__in=criteria
        ).select_related("scored_by"):
            cells[entry.account_id][entry.criterion_id] = entry
    rows = []
    for pk in page_ids:
        account = page_accounts[pk]
        row_cells = [_cell(c, cells[pk].get(c.pk), currency) for c in criteria]
        total, coverage = totals[pk]
        metrics_row = measured.get(pk, {})
        rows.append(
            {
                "account": account,
                "account_id": pk,
                "name": account.name,
                "external_id": account.external_id,
                "owner": str(account.owner.get_full_name() or account.owner)
                if account.owner
                else "",
                "country": account.country,
                "account_class": account.account_class,
                "class_label": account.get_account_class_display(),
                "scores": {cell["key"]: cell for cell in row_cells},
                "cells": row_cells,
                "total": total,
                "coverage": coverage,
                "headroom": metrics_row.get(M.HEADROOM),
                "share_of_wallet": metrics_row.get(M.SHARE_OF_WALLET),
                "candidate": pk in candidate_ids,
            }
        )
    return rows


def _criteria_json(criteria: list[Criterion], weights: dict[str, Decimal]) -> list[dict]:
    return [
        {
            "id": c.pk,
            "key": c.key,
            "label": c.get_key_display(),
            "weight": c.weight,
            "normalised_weight": weights.get(c.key, ZERO),
            "is_data": c.is_data,
            "metric": c.metric,
            "method": c.method,
            "low": c.low,
            "high": c.high,
            "higher_is_better": c.higher_is_better,
        }
        for c in criteria
    ]


def _measured_for_sort(
    period: Period | None, filters: _Filters, accounts, base_rows: list[BaseRow]
) -> Measured:
    """The wallet figures of every row when the sheet sorts by one of them, else {}."""
    if filters.sort not in ("headroom", "-headroom", "share_of_wallet"):
        return {}
    scope = [pk for pk, _n, _c in base_rows] if filters.candidates else accounts
    return account_metrics(
        period, scope, base=PortfolioSettings.load().base_currency, metrics=WALLET_METRICS
    )


def score_sheet(*, user, params: Mapping[str, Any] | None = None, per_page: int = PER_PAGE) -> dict:
    """The accounts x criteria grid of the visible accounts that are not closed.

    `params` (a dict or QueryDict): class, owner (user id), country, candidates ("1":
    candidates only), sort (one of SORTS, default "-total"; missing values sort last),
    page. Returns
    {"criteria": [{"id", "key", "label", "weight", "normalised_weight", "is_data",
      "metric", "method", "low", "high", "higher_is_better"}]   (enabled, in order),
     "weights_error": str ("" when the weights are fine),
     "rows": [{"account", "account_id", "name", "external_id", "owner", "country",
       "account_class", "class_label", "scores": {key: cell}, "cells": [cell per
       criterion], "total": Decimal | None (1..10), "coverage": Decimal (0..1),
       "headroom": Decimal | None, "share_of_wallet": Decimal | None (%),
       "candidate": bool}],
       cell = {"criterion_id", "key", "score", "from_data", "value", "rationale",
               "scored_by", "scored_at", "updated_at"} (score None: not scored),
     "page": Django Page (object_list = rows), "count": int (matching accounts),
     "candidates": int (candidates among them), "filters": {"class", "owner",
     "country", "candidates", "sort"}, "sorts": SORTS, "candidate_score": Decimal,
     "currency": str, "period": Period | None}.
    `per_page`: rows per page (an export asks for every row on one page).
    A constant number of queries whatever the number of rows.
    """
    params = params or {}
    settings = PortfolioSettings.load()
    criteria = list(Criterion.objects.filter(enabled=True))
    weights, weights_error = _weights(criteria)
    filters = _Filters.parse(params)
    accounts = filters.apply(visible_accounts(user).exclude(status=AccountStatus.CLOSED))

    base_rows: list[BaseRow] = list(accounts.order_by().values_list("pk", "name", "account_class"))
    totals = _totals(accounts, base_rows, criteria, weights, weights_error)

    def is_candidate(pk: int, cls: str) -> bool:
        total = totals[pk][0]
        return total is not None and total >= settings.candidate_score and cls != "strategic"

    candidate_ids = {pk for pk, _n, cls in base_rows if is_candidate(pk, cls)}
    if filters.candidates:
        base_rows = [row for row in base_rows if row[0] in candidate_ids]

    period = default_period()
    measured = _measured_for_sort(period, filters, accounts, base_rows)
    _sort(base_rows, filters.sort, totals, measured)

    page = Paginator([row[0] for row in base_rows], per_page).get_page(params.get("page"))
    page_ids = list(page.object_list)
    if page_ids and not measured:
        measured = account_metrics(
            period, page_ids, base=PortfolioSettings.load().base_currency, metrics=WALLET_METRICS
        )
    rows = _page_rows(page_ids, criteria, totals, measured, candidate_ids, settings.base_currency)
    page.object_list = rows  # type: ignore[assignment]  # the page shows the built rows
    return {
        "criteria": _criteria_json(criteria, weights),
        "weights_error": weights_error,
        "rows": rows,
        "page": page,
        "count": len(base_rows),
        "candidates": len(candidate_ids) if not filters.candidates else len(base_rows),
        "filters": filters.to_json(),
        "sorts": SORTS,
        "candidate_score": settings.candidate_score,
        "currency": settings.base_currency,
        "period": period,
    }


def weighted_totals_on(*, days: list[date], account_ids) -> dict[date, dict[int, Decimal]]:
    """Each account's weighted criteria total (1..10) as its scores stood at the start of
    each of `days`, read from the scores' history, with the weights of the criteria in use
    now. An account without a weighted score on a day is absent from that day's dict.
    `account_ids`: an Account queryset or ids. Two queries, whatever the number of days."""
    result: dict[date, dict[int, Decimal]] = {day: {} for day in days}
    criteria = list(Criterion.objects.filter(enabled=True))
    _raw, weights = domain.criteria_weights(criteria)
    if not days or not weights:
        return result
    keys = {c.pk: c.key for c in criteria}
    ids = account_ids.order_by().values("pk") if isinstance(account_ids, QuerySet) else account_ids
    moments = sorted((timezone.make_aware(datetime.combine(d, time.min)), d) for d in set(days))
    records = (
        AccountScore.history.filter(
            account_id__in=ids, criterion_id__in=keys, history_date__lt=moments[-1][0]
        )
        .order_by("history_date", "history_id")
        .values_list("history_date", "account_id", "criterion_id", "score", "history_type")
        .iterator()
    )
    state: dict[int, dict[str, int]] = defaultdict(dict)
    pending = next(records, None)
    for moment, day in moments:
        while pending is not None and pending[0] < moment:
            _when, account_id, criterion_id, score, kind = pending
            if kind == "-":
                state[account_id].pop(keys[criterion_id], None)
            else:
                state[account_id][keys[criterion_id]] = score
            pending = next(records, None)
        for account_id, scores in state.items():
            total, _coverage = domain.weighted_total(scores, weights)
            if total is not None:
                result[day][account_id] = total
    return result
