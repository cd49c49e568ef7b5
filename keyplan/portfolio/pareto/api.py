"""The Pareto analysis over REST (the accounts the caller may see, by the one access rule).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.core.exceptions import ValidationError
from ninja import Query, Router

from keyplan.core.api.common import ERRORS

from ..management import OptionError, resolve_period, resolve_scope
from .schemas import ParetoOut, ParetoQuery
from .selectors import pareto

router = Router(tags=["portfolio"])


def _option_error(exc: OptionError) -> ValidationError:
    return ValidationError({exc.option: [exc.message]})


@router.get(
    "/portfolio/pareto",
    response={200: ParetoOut, **ERRORS},
    by_alias=True,
    summary="Pareto analysis of the accounts you may see",
)
def portfolio_pareto(request, filters: Query[ParetoQuery]):
    """Ranking by revenue or gross profit (`gp`), shares and cumulative shares, the
    accounts that make 80% and the concentration. Default period: the 12 months up to
    the latest invoice. Accounts whose metric is zero or negative are listed and counted
    separately with their total; they are not on the cumulative curve, so cumulative
    shares never exceed 100% or decrease. Amounts are in the base currency; currencies
    without an exchange rate are left out and listed in `missing_rates`."""
    try:
        period = resolve_period(filters.date_from, filters.date_to, filters.all)
        scope = resolve_scope(
            business_unit=filters.business_unit,
            country=filters.country,
            owner=filters.owner,
            industry=filters.industry,
        )
    except OptionError as exc:
        raise _option_error(exc) from None
    result = pareto(
        user=request.auth, metric=filters.metric, period=period, level=filters.level, scope=scope
    )
    return result.to_json()
