"""Helpers for the plan tests: plans and items made through the services, sales rollups,
and reading the pages."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape
from typing import Any

from django.utils import timezone

from keyplan.plans.items.services import item_create
from keyplan.plans.models import AccountPlan, PlanItem
from keyplan.plans.versions.services import plan_approve, plan_create, plan_submit
from keyplan.sales.models import MonthlyRollup

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
    return plan_create(
        user=user or world.owner,
        account=account or world.account,
        period=period,
        starts_on=kwargs.pop("starts_on", PERIOD_START),
        ends_on=kwargs.pop("ends_on", PERIOD_END),
        **kwargs,
    )


def add(plan: AccountPlan, kind: str, user, **data: Any) -> PlanItem:
    values = {**SAMPLES[kind], **data}
    for key in ("expected_volume", "target", "baseline"):
        if isinstance(values.get(key), str):
            values[key] = Decimal(values[key])
    return item_create(user=user, plan=plan, kind=kind, data=values)


def approved(world, plan: AccountPlan) -> AccountPlan:
    plan_submit(user=world.owner, plan=plan)
    return plan_approve(user=world.director, plan=plan)


def this_year(world, account=None, **kwargs) -> AccountPlan:
    today = timezone.localdate()
    return make_plan(
        world,
        account=account,
        period=f"FY{today.year}",
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
        **kwargs,
    )


def rollup(account, month: date, revenue: str, cost: str = "0", currency: str = "PLN", line=""):
    return MonthlyRollup.objects.create(
        account=account,
        month=month,
        currency=currency,
        revenue=Decimal(revenue),
        cost=Decimal(cost),
        product_line=line,
    )


# --- the pages ---------------------------------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return unescape(response.content.decode())


def field_errors(response, field: str) -> list[str]:
    """The errors rendered in the block of the form field whose id ends with `_field`."""
    html = response.content.decode()
    for block in html.split('<div class="field')[1:]:
        if re.search(rf'id="id_[\w-]*_{field}"', block.split("</div>")[0] + block):
            head = block.split('<div class="field')[0]
            return [
                unescape(m) for m in re.findall(r'<p class="error" role="alert">(.*?)</p>', head)
            ]
    raise AssertionError(f"no field {field} on the page")
