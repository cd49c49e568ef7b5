"""The account's competition alerts over REST; the account's access rule applies.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from ninja import Router

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import ERRORS

from .schemas import AlertOut
from .selectors import account_alerts

router = Router(tags=["competition"])


@router.get(
    "/accounts/{account_id}/competition-alerts",
    response={200: list[AlertOut], **ERRORS},
    summary="Support rising at a competitor; a competitor ahead on the top criterion",
)
def list_competition_alerts(request, account_id: int):
    account = account_for_user(request.auth, account_id).account
    return [
        {
            "code": a.code,
            "competitor_id": a.competitor_id,
            "competitor": a.competitor,
            "message": a.message,
        }
        for a in account_alerts(account)
    ]
