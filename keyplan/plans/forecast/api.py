"""The statistical forecast of an account's revenue over REST, beside the plan's potential.

No `from __future__ import annotations` here: ninja reads the annotations of the views
as real types.
"""

from ninja import Router

from keyplan.core.api.common import ERRORS
from keyplan.plans.access import plan_for_user
from keyplan.plans.models import PotentialEstimate
from keyplan.sales.forecast.selectors import account_forecast

from .schemas import ForecastOut

router = Router(tags=["plans"])


@router.get(
    "/plans/{plan_id}/forecast",
    response={200: ForecastOut, **ERRORS},
    summary="Statistical forecast of revenue beside the plan's potential",
)
def plan_forecast(request, plan_id: int):
    user = request.auth
    plan = plan_for_user(user, plan_id).plan
    forecast = account_forecast(plan.account)
    estimates = PotentialEstimate.objects.filter(plan=plan).order_by("year")
    return {
        "currency": forecast.currency,
        "available": forecast.available,
        "reason": forecast.reason,
        "method": forecast.method,
        "method_label": forecast.method_label,
        "level": forecast.level,
        "history": forecast.history,
        "partial_start": forecast.partial_start,
        "year_to_date": forecast.year_to_date,
        "points": forecast.points,
        "estimates": [{"year": e.year, "value": e.expected_volume} for e in estimates],
    }
