"""The competitors across the accounts a user sees, over REST.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from ninja import Query, Router

from keyplan.core.api.common import ERRORS

from .schemas import CompetitorRowOut, PortfolioQuery
from .selectors import portfolio_competition

router = Router(tags=["competition"])


@router.get(
    "/competition/portfolio",
    response={200: list[CompetitorRowOut], **ERRORS},
    summary="Each competitor across the accounts you see",
)
def get_competition_portfolio(request, filters: Query[PortfolioQuery]):
    user = request.auth
    return [
        {
            "competitor": {"id": row.competitor.pk, "name": row.competitor.name},
            "accounts": row.accounts,
            "of_class": row.of_class,
            "incumbent": row.incumbent,
            "share_avg": row.share_avg,
            "share_known": row.share_known,
            "spend_by_currency": row.spend_by_currency,
            "support_rising": row.support_rising,
        }
        for row in portfolio_competition(user, account_class=filters.account_class)
    ]
