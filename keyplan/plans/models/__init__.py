"""The account plan (SPEC §3, §6.1; seeds 000, 001, 003): one living, versioned plan per
key account and period, made of structured items in nine sections.

Every model keeps history (django-simple-history): who changed what and when, deletions
included, which is what makes a deleted item restorable. Every item has `updated_at`
for optimistic concurrency (a stale save is refused, never silently overwriting) and
an `origin` key that a revision copies, so that two versions compare item by item.

The models live in submodules by topic (the choices, the plan, the items); every name is
importable from here, as `keyplan.plans.models.X`.
"""

from .choices import (
    CURRENT_STATES,
    EDITABLE_STATES,
    EXTERNAL_FACTORS,
    INTERNAL_FACTORS,
    INTERNAL_QUADRANTS,
    OPEN_ACTION_STATES,
    ActionStatus,
    GoalMetric,
    GoalStatus,
    Horizon,
    IndustryCategory,
    ItemKind,
    PlanState,
    ProfileTopic,
    Quadrant,
    SwotFactor,
    ValueKind,
)
from .items import (
    ITEM_MODELS,
    RELATED_NAMES,
    Action,
    CultureNote,
    CustomerGoal,
    CustomerProblem,
    Goal,
    IndustryFactor,
    PerceptionItem,
    PotentialEstimate,
    ProfileItem,
    SwotItem,
    ValueItem,
)
from .plan import HISTORY_EXCLUDED, RATING, AccountPlan, PlanItem

__all__ = [
    "CURRENT_STATES",
    "EDITABLE_STATES",
    "EXTERNAL_FACTORS",
    "HISTORY_EXCLUDED",
    "INTERNAL_FACTORS",
    "INTERNAL_QUADRANTS",
    "ITEM_MODELS",
    "OPEN_ACTION_STATES",
    "RATING",
    "RELATED_NAMES",
    "AccountPlan",
    "Action",
    "ActionStatus",
    "CultureNote",
    "CustomerGoal",
    "CustomerProblem",
    "Goal",
    "GoalMetric",
    "GoalStatus",
    "Horizon",
    "IndustryCategory",
    "IndustryFactor",
    "ItemKind",
    "PerceptionItem",
    "PlanItem",
    "PlanState",
    "PotentialEstimate",
    "ProfileItem",
    "ProfileTopic",
    "Quadrant",
    "SwotFactor",
    "SwotItem",
    "ValueItem",
    "ValueKind",
]
