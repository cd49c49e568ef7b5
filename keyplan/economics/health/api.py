"""The health score over REST: the accounts' health and one account's explanation with
its monthly history, under the one access rule (an account you may not see answers 404,
like a missing one).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Query, Router

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import ERRORS

from .schemas import AccountHealthOut, HealthQuery, HealthTableOut, components_out, weakest_out
from .selectors import HealthFilters, account_health, health_table, source_url

router = Router(tags=["economics"])


@router.get(
    "/economics/health",
    response={200: HealthTableOut, **ERRORS},
    summary="The health score of the accounts you may see",
)
def economics_health(request, filters: Query[HealthQuery]):
    """The health score (0-100, null without data) of every open account the filters
    select, today, with the score recorded for the previous month, the change and the
    weakest component. Sorted by score, weakest first, by default."""
    table = health_table(
        user=request.auth,
        filters=HealthFilters(
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
        "previous_month": table.previous_month,
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
                "score": row.score,
                "previous": row.previous,
                "change": row.change,
                "weakest": weakest_out(row.weakest),
            }
            for row in table.rows[start : start + filters.page_size]
        ],
    }


@router.get(
    "/accounts/{account_id}/health",
    response={200: AccountHealthOut, **ERRORS},
    summary="One account's health score explained, and its monthly history",
)
def account_health_detail(request, account_id: int):
    access = account_for_user(request.auth, account_id)
    detail = account_health(account=access.account)
    paths = [source_url(c, access.account.pk) for c in detail.health.components]
    return {
        "account_id": access.account.pk,
        "as_of": detail.as_of,
        "score": detail.health.score,
        "previous": detail.previous,
        "components": components_out(detail.health, paths),
        "history": [{"month": f"{month:%Y-%m}", "score": score} for month, score in detail.history],
    }
