"""Cash over REST: the receivables of the accounts the caller may see, and one account's
cash with its trend (the one access rule: an account you may not see answers 404).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Query, Router

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import ERRORS

from .schemas import (
    AccountCashOut,
    AccountCashQuery,
    CashQuery,
    CashTableOut,
    cash_out,
    money,
    text_or_none,
)
from .selectors import CashFilters, account_cash_detail, cash_table

router = Router(tags=["economics"])


@router.get(
    "/economics/cash",
    response={200: CashTableOut, **ERRORS},
    summary="Receivables of the accounts you may see",
)
def economics_cash(request, filters: Query[CashQuery]):
    """Open, overdue, ageing buckets (days past due: current, 1-30, 31-60, 61-90, over
    90), DSO and amount-weighted days paid late per account at `as_of`, in the base
    currency; only accounts with payment items. `total` covers every account the filters
    select (never accounts you may not see). Currencies without an exchange rate are left
    out and listed in `missing_rates`."""
    table = cash_table(
        user=request.auth,
        filters=CashFilters(
            as_of=filters.as_of,
            q=filters.q.replace("\x00", "").strip(),
            owner=filters.owner,
            account_class=filters.account_class,
            sort=filters.sort,
        ),
    )
    count = len(table.rows)
    start = (filters.page - 1) * filters.page_size
    return {
        "as_of": table.as_of,
        "currency": table.currency,
        "missing_rates": table.missing_rates,
        "total": cash_out(table.total),
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": max(1, -(-count // filters.page_size)),
        "items": [
            {
                "account_id": row.account_id,
                "external_id": row.external_id,
                "name": row.name,
                "account_class": row.account_class,
                "owner": row.owner,
                "cash": cash_out(row.cash),
            }
            for row in table.rows[start : start + filters.page_size]
        ],
    }


@router.get(
    "/accounts/{account_id}/cash",
    response={200: AccountCashOut, **ERRORS},
    summary="One account's receivables and their 12-month trend",
)
def account_cash(request, account_id: int, filters: Query[AccountCashQuery]):
    access = account_for_user(request.auth, account_id)
    detail = account_cash_detail(account=access.account, as_of=filters.as_of)
    return {
        "account_id": access.account.pk,
        "as_of": detail.as_of,
        "currency": detail.currency,
        "missing_rates": detail.missing_rates,
        "cash": None if detail.cash is None else cash_out(detail.cash),
        "trend": [
            {
                "day": point.day,
                "open": money(point.open),
                "overdue": money(point.overdue),
                "dso": text_or_none(point.dso),
                "days_late": text_or_none(point.days_late),
            }
            for point in detail.trend
        ],
    }
