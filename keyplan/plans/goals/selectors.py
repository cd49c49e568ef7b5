"""Reads behind goal progress: each goal's actual value measured from the sales data
(and the wallet estimate), scored by goals.domain."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.core.fields import from_minor
from keyplan.plans.models import AccountPlan, Goal, GoalMetric
from keyplan.sales.figures.series import account_total, wallet_estimates

from . import domain


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _sales(account_id: int, currency: str, start: date, end: date) -> dict[str, Decimal] | None:
    """Revenue and gross profit of the months from `start` to `end`, in `currency`;
    None when the account has no sales in that currency at all (no data yet)."""
    totals = account_total(account_id, currency, _month_start(start), end)
    if totals is None:
        return None
    revenue, cost = from_minor(totals[0]), from_minor(totals[1])
    return {"revenue": revenue, "gross_profit": revenue - cost}


def _wallet(account_id: int) -> Any:
    return wallet_estimates([account_id]).get(account_id)


def goal_actual(goal: Goal, plan: AccountPlan, *, today: date) -> tuple[Decimal | None, str]:
    """The measured value of a data goal up to today (or its end), and why not if None.
    Revenue and gross profit in the account's currency; share of wallet from the last
    twelve months of sales against the account's wallet estimate, in its currency."""
    start, end = domain.goal_period(
        plan_starts_on=plan.starts_on,
        plan_ends_on=plan.ends_on,
        starts_on=goal.starts_on,
        deadline=goal.deadline,
    )
    measured_to = min(end, today)
    account = plan.account
    if goal.metric in (GoalMetric.REVENUE, GoalMetric.GROSS_PROFIT):
        sales = _sales(account.pk, account.currency, start, measured_to)
        if sales is None:
            return None, _("No sales in %(currency)s recorded for this account yet.") % {
                "currency": account.currency
            }
        return sales[goal.metric], ""
    if goal.metric == GoalMetric.SHARE_OF_WALLET:
        wallet = _wallet(account.pk)
        if wallet is None:
            return None, _("The account has no share-of-wallet estimate yet.")
        year_start = _months_back(measured_to, 11)
        sales = _sales(account.pk, wallet.currency, year_start, measured_to)
        if sales is None:
            return None, _("No sales in %(currency)s recorded for this account yet.") % {
                "currency": wallet.currency
            }
        share = domain.share_of_wallet(sales["revenue"], wallet.category_spend)
        if share is None:
            return None, _("The account's category spend is zero.")
        return share, ""
    return None, ""


def _months_back(day: date, n: int) -> date:
    """The first day of the month `n` months before `day`'s month."""
    month = day.year * 12 + day.month - 1 - n
    return date(month // 12, month % 12 + 1, 1)


def plan_goal_progress(
    plan: AccountPlan, *, today: date | None = None
) -> list[tuple[Goal, domain.GoalProgress]]:
    """Every goal of the plan with its progress from data (where the metric allows)."""
    today = today or timezone.localdate()
    result = []
    for goal in Goal.objects.filter(plan=plan):
        period = domain.goal_period(
            plan_starts_on=plan.starts_on,
            plan_ends_on=plan.ends_on,
            starts_on=goal.starts_on,
            deadline=goal.deadline,
        )
        needs_data = (
            goal.metric in domain.DATA_METRICS and goal.target is not None and today >= period[0]
        )
        actual, reason = goal_actual(goal, plan, today=today) if needs_data else (None, "")
        result.append(
            (
                goal,
                domain.goal_progress(
                    metric=goal.metric,
                    baseline=goal.baseline,
                    target=goal.target,
                    actual=actual,
                    period=period,
                    today=today,
                    no_data_reason=reason,
                ),
            )
        )
    return result
