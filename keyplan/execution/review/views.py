"""The review pack pages (namespace "review", SPEC §6.5): one printable page per
account, and the portfolio pack of every strategic account the user sees, one page
each (20 per screen page, `?all=1` for printing them all). Both read through
`selectors.reviews_for`, a fixed number of queries whatever the number of accounts."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from keyplan.accounts.access import account_for_user, visible_accounts
from keyplan.core.decorators import internal_required

from . import selectors
from .domain import AccountReview

PAGE_SIZE = 20


def _charts(reviews) -> list[tuple[AccountReview, dict, str]]:
    return [(r, r.chart(), f"review-chart-{r.account.pk}") for r in reviews]


@require_GET
@internal_required
def account(request, pk):
    access = account_for_user(request.user, pk)
    found = selectors.account_review(access.account)
    return render(
        request,
        "execution/review/account.html",
        {
            "account": access.account,
            "reviews": _charts([found]),
            "today": timezone.localdate(),
        },
    )


@require_GET
@internal_required
def portfolio(request):
    accounts = selectors.strategic_accounts(visible_accounts(request.user))
    print_all = request.GET.get("all") == "1"
    page = None
    if print_all:
        chosen = list(accounts)
    else:
        page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
        chosen = list(page.object_list)
    return render(
        request,
        "execution/review/portfolio.html",
        {
            "reviews": _charts(selectors.reviews_for(chosen)),
            "page": page,
            "print_all": print_all,
            "today": timezone.localdate(),
        },
    )
