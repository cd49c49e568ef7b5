"""What the workspace's item templates read besides the fields (overdue actions, goal
progress), and the Undo offer of a deleted item."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from keyplan.plans.goals.selectors import plan_goal_progress
from keyplan.plans.items.selectors import items_of
from keyplan.plans.models import ITEM_MODELS, AccountPlan, ItemKind, PlanItem


def decorate(plan: AccountPlan, kind: str, items: list[Any], *, today: date) -> list[Any]:
    """What the item templates read besides the fields: overdue actions, goal progress."""
    if kind == ItemKind.ACTION:
        for action in items:
            action.overdue = action.is_overdue(today)
    if kind == ItemKind.GOAL and items:
        progress = {goal.pk: p for goal, p in plan_goal_progress(plan, today=today)}
        for goal in items:
            goal.progress = progress.get(goal.pk)
    return items


def load_item(plan: AccountPlan, kind: str, pk: int) -> PlanItem | None:
    item = items_of(plan, kind).filter(pk=pk).first()
    if item is not None:
        item.plan = plan
        decorate(plan, kind, [item], today=timezone.localdate())
    return item


def undo_offer(plan: AccountPlan, token: str) -> dict[str, Any] | None:
    """The deleted item named by `token` ("kind:id") if it is still gone: the Undo offer."""
    kind, _sep, raw = token.partition(":")
    if kind not in ITEM_MODELS or not raw.isdigit():
        return None
    model = ITEM_MODELS[kind]
    record = (
        model.history.filter(id=int(raw), plan_id=plan.pk)  # type: ignore[attr-defined]
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None or record.history_type != "-":
        return None
    return {"kind": kind, "id": int(raw), "label": record.instance.label}
