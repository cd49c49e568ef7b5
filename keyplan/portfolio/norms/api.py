"""The portfolio norms over REST (over the accounts the caller may see).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Router

from keyplan.core.api.common import ERRORS

from . import selectors
from .schemas import NormsOut

router = Router(tags=["portfolio"])


@router.get(
    "/portfolio/norms",
    response={200: NormsOut, **ERRORS},
    by_alias=True,
    summary="Portfolio norms: strategic share of revenue and accounts, per KAM, SAM fitness",
)
def portfolio_norms(request):
    """Over the accounts you may see: the share of revenue and gross profit from strategic
    accounts against the target, the share of accounts that are strategic against the
    norm, strategic accounts per KAM against the maximum, and the SAM fitness of each
    strategic account. Shares are percentages."""
    result = selectors.portfolio_norms(user=request.auth)
    period = result["period"]
    return result | {"period": period.to_json() if period is not None else None}
