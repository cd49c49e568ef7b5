"""Reads of a plan's items, with the joins displaying them needs, and of the items deleted
from it (what "undo" offers). The caller has already passed the access rule for the plan
(keyplan.plans.access)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from keyplan.plans.models import ITEM_MODELS, AccountPlan, ItemKind, PlanItem


def _item_queryset(kind: str, qs: QuerySet) -> QuerySet:
    if kind == ItemKind.ACTION:
        return qs.select_related("owner", "business_unit", "goal")
    if kind == ItemKind.CUSTOMER_PROBLEM:
        return qs.select_related("customer_goal")
    if kind == ItemKind.CUSTOMER_GOAL:
        return qs.prefetch_related("products")
    return qs


def items_of(plan: AccountPlan, kind: str) -> QuerySet:
    """One section's items, in order, with what displaying them needs."""
    return _item_queryset(kind, ITEM_MODELS[kind].objects.filter(plan=plan))


def plan_items(plan: AccountPlan) -> dict[str, list[PlanItem]]:
    """Every section of the plan: kind -> items in order (one query per section)."""
    return {kind: list(items_of(plan, kind)) for kind in ITEM_MODELS}


@dataclass(frozen=True)
class DeletedItem:
    kind: str
    id: int
    label: str
    deleted_at: datetime
    deleted_by: str


def deleted_items(plan: AccountPlan, *, limit: int = 50) -> list[DeletedItem]:
    """Items deleted from the plan that are still gone, newest first: what "undo" offers."""
    found: list[DeletedItem] = []
    for kind, model in ITEM_MODELS.items():
        history = model.history  # type: ignore[attr-defined]
        records = (
            history.filter(plan_id=plan.pk, history_type="-")
            .exclude(id__in=model.objects.filter(plan=plan).values("pk"))
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        seen: set[int] = set()
        for record in records:
            if record.id in seen:
                continue
            seen.add(record.id)
            found.append(
                DeletedItem(
                    kind=kind,
                    id=record.id,
                    label=record.instance.label,
                    deleted_at=record.history_date,
                    deleted_by=str(record.history_user) if record.history_user_id else "",
                )
            )
    found.sort(key=lambda d: d.deleted_at, reverse=True)
    return found[:limit]
