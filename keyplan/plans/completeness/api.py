"""A plan's completeness over REST: the score and the steps missing or stale.

No `from __future__ import annotations` here: ninja reads the annotations of the views
as real types.
"""

from ninja import Router

from keyplan.core.api.common import ERRORS
from keyplan.plans.access import plan_for_user

from . import selectors
from .schemas import CompletenessOut

router = Router(tags=["plans"])


@router.get(
    "/plans/{plan_id}/completeness",
    response={200: CompletenessOut, **ERRORS},
    summary="Score and the steps missing or stale",
)
def plan_completeness(request, plan_id: int):
    user = request.auth
    result = selectors.plan_completeness(plan_for_user(user, plan_id).plan)
    return {"score": result.score, "steps": result.steps, "missing": result.missing}
