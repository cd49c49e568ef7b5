"""The competitors across the portfolio: for each, the accounts it is present at (of a
class), where it is the incumbent, its mean share of spend, where its support rises."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from keyplan.accounts.models import AccountClass
from keyplan.core.decorators import internal_required

from ..common.views import paginate, sort_param
from .selectors import CompetitorRow, portfolio_competition

PORTFOLIO_SORTS: dict[str, Callable[[CompetitorRow], tuple[Any, ...]]] = {
    "name": lambda row: (row.competitor.name.lower(),),
    "accounts": lambda row: (row.accounts,),
    "class": lambda row: (row.of_class,),
    "incumbent": lambda row: (row.incumbent,),
    "share": lambda row: (row.share_avg is not None, row.share_avg or 0),
    "rising": lambda row: (row.support_rising,),
}


@internal_required
@require_http_methods(["GET"])
def portfolio(request: HttpRequest) -> HttpResponse:
    account_class = request.GET.get("class", AccountClass.STRATEGIC)
    if account_class not in AccountClass.values:
        account_class = AccountClass.STRATEGIC
    rows = portfolio_competition(request.user, account_class=account_class)
    sort, sort_key = sort_param(request, PORTFOLIO_SORTS, "-accounts")
    rows = sorted(rows, key=lambda r: r.competitor.name.lower())
    rows.sort(key=sort_key, reverse=sort.startswith("-"))
    context = {
        "page": paginate(request, rows),
        "account_class": account_class,
        "class_label": dict(AccountClass.choices)[account_class],
        "class_choices": AccountClass.choices,
        "default_sort": "-accounts",
    }
    return render(request, "competition/portfolio.html", context)
