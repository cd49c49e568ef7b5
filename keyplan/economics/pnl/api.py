"""The P&L over REST: the accounts' P&L, the whale curve and one account's P&L, under the
one access rule (an account you may not see answers 404, like a missing one).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.core.exceptions import ValidationError
from ninja import Query, Router

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import ERRORS
from keyplan.portfolio.management import OptionError, resolve_period

from .group.schemas import GroupPnLOut, GroupQuery, group_out
from .group.selectors import group_pnl
from .schemas import (
    AccountPnLOut,
    PeriodQuery,
    PnLQuery,
    PnLTableOut,
    WhaleOut,
    pnl_out,
    whale_out,
)
from .selectors import PnLFilters, account_pnl, pnl_table

router = Router(tags=["economics"])


def _period(query):
    try:
        return resolve_period(query.date_from, query.date_to)
    except OptionError as exc:
        raise ValidationError({exc.option: [exc.message]}) from None


def _table(request, filters: PnLQuery):
    period = _period(filters)
    return period, pnl_table(
        user=request.auth,
        period=period,
        filters=PnLFilters(
            q=filters.q.replace("\x00", "").strip(),
            owner=filters.owner,
            account_class=filters.account_class,
            sort=filters.sort,
        ),
    )


@router.get(
    "/economics/pnl",
    response={200: PnLTableOut, **ERRORS},
    by_alias=True,
    summary="The P&L of the accounts you may see",
)
def economics_pnl(request, filters: Query[PnLQuery]):
    """Revenue, cost of goods, gross profit, cost to serve (our people's time, service
    costs, cost of money) and contribution per account over whole months (default: the 12
    months up to the latest invoice), in the base currency. `total` covers every account
    the filters select and only those."""
    period, table = _table(request, filters)
    count = len(table.rows)
    start = (filters.page - 1) * filters.page_size
    report = table.report
    return {
        "period": {"from": period.date_from, "to": period.date_to},
        "currency": report.currency,
        "missing_rates": report.missing_rates,
        "unpriced_minutes": report.unpriced_minutes,
        "cost_of_capital": format(report.cost_of_capital, "f"),
        "total": pnl_out(table.total),
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": max(1, -(-count // filters.page_size)),
        "items": [
            {
                "account_id": row.account_id,
                "name": row.name,
                "account_class": row.account_class,
                "owner": row.owner,
                "pnl": pnl_out(row.pnl),
            }
            for row in table.rows[start : start + filters.page_size]
        ],
    }


@router.get(
    "/economics/whale",
    response={200: WhaleOut, **ERRORS},
    by_alias=True,
    summary="The whale curve of the accounts you may see",
)
def economics_whale(request, filters: Query[PnLQuery]):
    """Accounts ranked by contribution, highest first, with the cumulative contribution and
    its share of the total; the peak, how many accounts make it, and what the
    loss-making accounts after it destroy."""
    period, table = _table(request, filters)
    curve = table.whale()
    return {
        "period": {"from": period.date_from, "to": period.date_to},
        "currency": table.report.currency,
        **whale_out(curve, {row.account_id: row.name for row in table.rows}),
    }


@router.get(
    "/accounts/{account_id}/pnl",
    response={200: AccountPnLOut, **ERRORS},
    by_alias=True,
    summary="One account's P&L and its months",
)
def account_pnl_detail(request, account_id: int, filters: Query[PeriodQuery]):
    access = account_for_user(request.auth, account_id)
    period = _period(filters)
    detail = account_pnl(account=access.account, period=period)
    return {
        "account_id": access.account.pk,
        "period": {"from": period.date_from, "to": period.date_to},
        "currency": detail.report.currency,
        "missing_rates": detail.report.missing_rates,
        "unpriced_minutes": detail.report.unpriced_minutes,
        "pnl": pnl_out(detail.pnl),
        "months": [
            {"month": f"{month.date_from:%Y-%m}", "pnl": pnl_out(pnl)}
            for month, pnl in detail.months
        ],
    }


@router.get(
    "/accounts/{account_id}/group-pnl",
    response={200: GroupPnLOut, **ERRORS},
    by_alias=True,
    summary="The P&L of an account's group",
)
def account_group_pnl(request, account_id: int, filters: Query[GroupQuery]):
    """The P&L of the group of `account_id` (any member): its top parent and every
    descendant at any level that you may see, each member's and their total. Accounts you
    may not see are neither listed nor summed; `top` is the listed member nearest the top."""
    access = account_for_user(request.auth, account_id)
    period = _period(filters)
    group = group_pnl(user=request.auth, account=access.account, period=period, sort=filters.sort)
    return group_out(access.account.pk, group)
