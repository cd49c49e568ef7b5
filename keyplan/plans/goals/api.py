"""The progress of a plan's goals over REST, measured from data.

No `from __future__ import annotations` here: ninja reads the annotations of the views
as real types.
"""

from django.utils import timezone
from ninja import Router

from keyplan.core.api.common import ERRORS
from keyplan.plans.access import plan_for_user

from .schemas import GoalProgressOut
from .selectors import plan_goal_progress as goal_progress

router = Router(tags=["plans"])


@router.get(
    "/plans/{plan_id}/goal-progress",
    response={200: list[GoalProgressOut], **ERRORS},
    summary="Progress of each goal from data",
)
def plan_goal_progress(request, plan_id: int):
    user = request.auth
    plan = plan_for_user(user, plan_id).plan
    return [
        {
            "goal_id": goal.pk,
            "title": goal.title,
            "metric": goal.metric,
            "baseline": goal.baseline,
            "target": goal.target,
            "actual": progress.actual,
            "percent": progress.percent,
            "expected_percent": progress.expected_percent,
            "reason": progress.reason,
            "period_start": progress.period_start,
            "period_end": progress.period_end,
        }
        for goal, progress in goal_progress(plan, today=timezone.localdate())
    ]
