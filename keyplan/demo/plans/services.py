"""The demo's account plans (issue #5): a plan for each of the top strategic accounts,
written through the plan services (so history records who wrote what), with content in
the account's language (Polish, Russian, else English).

Plans are in every state: most approved, some in review, some drafts, one revised (an
approved version superseded by a draft copy); actions include overdue and blocked ones,
so that My actions, the account page and the completeness panel have something to show.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import BigIntegerField, Max, Sum
from django.utils import timezone

from keyplan.accounts.models import Account, AccountTeamMember
from keyplan.core.fields import from_minor
from keyplan.plans.items.services import item_create
from keyplan.plans.models import AccountPlan
from keyplan.plans.versions.services import plan_approve, plan_create, plan_revise, plan_submit
from keyplan.users.models import User

from ..accounts.domain import language
from .domain import (
    REVENUE_GOAL_GROWTH,
    TEXT,
    TOP_ACCOUNTS,
    last_months,
    plan_base,
    potential_volumes,
)


def seed_plans(
    *,
    accounts: Iterable[Account],
    users: Mapping[str, User],
    rng: random.Random,
    today: date | None = None,
    limit: int = TOP_ACCOUNTS,
) -> dict[str, int]:
    """Write plans for the `limit` largest strategic accounts among `accounts` (by
    customer revenue). `users` maps user names to users: the director approves, the
    account's owner and team write. Returns counts for the loader's summary."""
    today = today or timezone.localdate()
    strategic = sorted(
        (a for a in accounts if a.account_class == "strategic" and a.owner_id),
        key=lambda a: (-(a.annual_revenue or 0), a.pk),
    )[:limit]
    director = users.get("director")
    counts = {"plans": 0, "items": 0}
    for index, account in enumerate(strategic):
        owner = account.owner
        if owner is None:  # not picked above; for the type checker
            continue
        plan = _write_plan(account, owner, index, counts, rng=rng, today=today)
        _advance(plan, owner, index, director, counts)
    return counts


@dataclass
class _Plan:
    """One plan being written by its account's owner: adds items and counts them. Later
    accounts get thinner plans (`depth`): completeness varies across the portfolio."""

    plan: AccountPlan
    owner: User
    text: dict[str, Any]
    depth: float
    counts: dict[str, int]

    def add(self, kind: str, data: dict) -> Any:
        self.counts["items"] += 1
        return item_create(user=self.owner, plan=self.plan, kind=kind, data=data)

    def pick(self, key: str, minimum: int = 1) -> list:
        rows = self.text[key]
        return rows[: max(minimum, round(len(rows) * self.depth))]


def _write_plan(
    account: Account,
    owner: User,
    index: int,
    counts: dict[str, int],
    *,
    rng: random.Random,
    today: date,
) -> AccountPlan:
    team = list(
        AccountTeamMember.objects.filter(account=account)
        .select_related("user")
        .values_list("user", flat=True)
    )
    text = TEXT[language(account.country)]
    year = today.year
    plan = plan_create(
        user=owner,
        account=account,
        period=f"FY{year}",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        summary=text["summary"],
    )
    counts["plans"] += 1
    writer = _Plan(plan, owner, text, 1.0 if index < 6 else (0.6 if index < 11 else 0.3), counts)
    _analysis(writer, rng)
    base = plan_base(last_12_months_revenue(account), account.annual_revenue)
    goals = _goals(writer, account, base, year)
    _actions(writer, [owner.pk, *team], goals, index, rng=rng, today=today)
    return plan


def last_12_months_revenue(account: Account) -> Decimal:
    """The account's revenue in its currency over the twelve months up to the last month
    the sales data covers; zero without sales."""
    from keyplan.sales.models import MonthlyRollup

    end = MonthlyRollup.objects.aggregate(last=Max("month"))["last"]
    if end is None:
        return Decimal(0)
    first, last = last_months(end)
    total = MonthlyRollup.objects.filter(
        account=account, currency=account.currency, month__gte=first, month__lte=last
    ).aggregate(total=Sum("revenue", output_field=BigIntegerField()))["total"]
    # Summed as the integer minor units the column holds.
    return from_minor(total or 0)


def _analysis(writer: _Plan, rng: random.Random) -> None:
    """The customer's profile, industry, SWOT, goals, problems and culture."""
    for topic, body in writer.pick("profile", 2):
        writer.add("profile", {"topic": topic, "text": body})
    for category, body, effect in writer.pick("industry"):
        writer.add(
            "industry",
            {
                "category": category,
                "description": body,
                "effect_on_customer": effect,
                "impact": rng.randint(2, 5),
            },
        )
    for quadrant, factor, body in writer.pick("swot", 2):
        writer.add(
            "swot",
            {"quadrant": quadrant, "factor": factor, "text": body, "importance": rng.randint(2, 5)},
        )
    customer_goals = [
        writer.add("customer_goal", {"text": goal, "offering": offering})
        for goal, offering in writer.pick("customer_goal")
    ]
    for i, problem in enumerate(writer.pick("customer_problem")):
        writer.add(
            "customer_problem",
            {"text": problem, "customer_goal_id": customer_goals[i % len(customer_goals)].pk},
        )
    for note in writer.pick("culture"):
        writer.add("culture", {"text": note})


def _goals(writer: _Plan, account: Account, base: Decimal, year: int) -> list:
    """The potential (in fuller plans), our goals, the value we bring and how the
    customer sees us (in fuller plans); the goals."""
    text = writer.text
    if writer.depth > 0.5:
        for step, (potential_year, volume) in enumerate(potential_volumes(base, year)):
            writer.add(
                "potential",
                {
                    "year": potential_year,
                    "expected_volume": volume,
                    "currency": account.currency,
                    "trends": text["trends"] if step == 0 else "",
                },
            )
    goals = [
        writer.add(
            "goal",
            {
                "title": title,
                "why": why,
                "metric": "revenue" if i == 0 else "other",
                "target": (base * REVENUE_GOAL_GROWTH).quantize(Decimal("1")) if i == 0 else None,
                "deadline": date(year, 12, 31) if i == 0 else None,
                "horizon": "short" if i == 0 else "long",
            },
        )
        for i, (title, why) in enumerate(writer.pick("goal"))
    ]
    for kind_of_value, body in writer.pick("value"):
        writer.add("value", {"value_kind": kind_of_value, "text": body})
    if writer.depth > 0.5:
        for quadrant, body, theirs, ours in text["perception"]:
            writer.add(
                "perception",
                {"quadrant": quadrant, "text": body, "customer_rating": theirs, "our_rating": ours},
            )
    return goals


def _actions(
    writer: _Plan, people: list[int], goals: list, index: int, *, rng: random.Random, today: date
) -> None:
    """The plan's actions, owned in turn by the owner and the team; overdue and blocked
    ones among them."""
    for i, (title, obstacle) in enumerate(writer.pick("action")):
        status = rng.choice(["planned", "in_progress", "in_progress", "done"])
        if i == 1 and index % 3 == 0:
            status = "blocked"
        due = today + timedelta(days=rng.randint(-40, 90))
        writer.add(
            "action",
            {
                "title": title,
                "obstacle": obstacle,
                "owner_id": people[i % len(people)],
                "due_on": due,
                "status": status,
                "goal_id": goals[0].pk if goals else None,
                "progress_note": writer.text["progress"] if status == "blocked" else "",
            },
        )


def _advance(
    plan: AccountPlan, owner: User, index: int, director: User | None, counts: dict[str, int]
) -> None:
    """States: most approved, some in review, some drafts, one revised."""
    if director is None or index % 5 == 4:
        return  # a draft
    plan_submit(user=owner, plan=plan)
    if index % 5 == 3:
        return  # in review
    plan = plan_approve(user=director, plan=plan)
    if index == 0:
        plan_revise(user=owner, plan=plan)
        counts["plans"] += 1
