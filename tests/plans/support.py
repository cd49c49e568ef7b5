"""Helpers for the plan tests: plans and items made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from keyplan.plans import services
from keyplan.plans.models import AccountPlan, PlanItem

PERIOD_START = date(2025, 1, 1)
PERIOD_END = date(2025, 12, 31)

# A valid body (API) or data (service) for each item kind, and a change to one field.
SAMPLES: dict[str, dict[str, Any]] = {
    "profile": {"topic": "direction", "text": "Expanding into Germany"},
    "industry": {"category": "technology", "description": "Automation of lines", "impact": 4},
    "swot": {"quadrant": "S", "factor": "cash_flow", "text": "Strong cash position"},
    "customer_goal": {"text": "Cut unplanned downtime", "offering": "Service contract"},
    "customer_problem": {"text": "Ageing machines"},
    "culture": {"text": "Decisions by consensus"},
    "potential": {"year": 2026, "expected_volume": "1500000.00"},
    "goal": {"title": "Grow revenue", "metric": "revenue", "target": "1200000.00"},
    "value": {"value_kind": "unique", "text": "24-hour spare parts"},
    "perception": {"quadrant": "W", "text": "Slow quotes", "customer_rating": 2, "our_rating": 4},
    "action": {"title": "Visit the plant"},
}
CHANGES: dict[str, tuple[str, Any]] = {
    "profile": ("text", "Expanding into Austria"),
    "industry": ("impact", 5),
    "swot": ("importance", 5),
    "customer_goal": ("offering", "Remote monitoring"),
    "customer_problem": ("detail", "Twenty years old"),
    "culture": ("text", "Top-down decisions"),
    "potential": ("trends", "Plant expansion"),
    "goal": ("why", "Our share is low"),
    "value": ("detail", "Stock in Poznań"),
    "perception": ("our_rating", 3),
    "action": ("obstacle", "No sponsor"),
}


def make_plan(world, *, user=None, period: str = "FY2025", account=None, **kwargs) -> AccountPlan:
    return services.plan_create(
        user=user or world.owner,
        account=account or world.account,
        period=period,
        starts_on=kwargs.pop("starts_on", PERIOD_START),
        ends_on=kwargs.pop("ends_on", PERIOD_END),
        **kwargs,
    )


def add(plan: AccountPlan, kind: str, user, **data: Any) -> PlanItem:
    from decimal import Decimal

    values = {**SAMPLES[kind], **data}
    for key in ("expected_volume", "target", "baseline"):
        if isinstance(values.get(key), str):
            values[key] = Decimal(values[key])
    return services.item_create(user=user, plan=plan, kind=kind, data=values)


def approved(world, plan: AccountPlan) -> AccountPlan:
    services.plan_submit(user=world.owner, plan=plan)
    return services.plan_approve(user=world.director, plan=plan)
