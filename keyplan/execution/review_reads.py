"""Batched reads of the review pack (see `review`): each function reads what it needs
for a list of accounts with a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import BigIntegerField, Sum
from django.utils.translation import gettext as _

from keyplan.plans import domain as plans_domain
from keyplan.plans.models import AccountPlan, Goal, GoalMetric
from keyplan.portfolio.models import WalletEstimate
from keyplan.portfolio.rollups import add_months, from_minor
from keyplan.sales.models import MonthlyRollup
from keyplan.stakeholders import domain as stakeholders_domain
from keyplan.stakeholders.risk_selectors import EMPTY_FACTS, relationship_facts, thresholds

# The competition alerts of many accounts: one batching, shared with the my-work page.
from .work import competition_alerts as competition_alerts


def pick_plan(plans: list[AccountPlan], today: date) -> AccountPlan | None:
    """As `plans.selectors.current_plan`: the current version whose period holds
    today, else the latest-starting one."""
    holding = [p for p in plans if p.starts_on <= today <= p.ends_on]
    if holding:
        return max(holding, key=lambda p: p.starts_on)
    if not plans:
        return None
    return max(plans, key=lambda p: (p.starts_on, p.version))


def _month_start(day: date) -> date:
    return day.replace(day=1)


class Sales:
    """Monthly rollups of the accounts, in minor units per (account, currency, month)."""

    def __init__(self, account_ids: list[int], since: date):
        self.months: dict[tuple[int, str], dict[date, tuple[int, int]]] = defaultdict(dict)
        rows = (
            MonthlyRollup.objects.filter(account_id__in=account_ids, month__gte=since)
            .order_by()
            .values("account_id", "currency", "month")
            .annotate(
                r=Sum("revenue", output_field=BigIntegerField()),
                c=Sum("cost", output_field=BigIntegerField()),
            )
            .values_list("account_id", "currency", "month", "r", "c")
        )
        for account_id, currency, month, revenue, cost in rows:
            self.months[(account_id, currency)][month] = (int(revenue or 0), int(cost or 0))
        self.currencies = set(
            MonthlyRollup.objects.filter(account_id__in=account_ids)
            .order_by()
            .values_list("account_id", "currency")
            .distinct()
        )

    def rows(self, account_id: int, since: date, until: date):
        """(month, currency, revenue, cost) of one account's months in the range."""
        for (pk, currency), months in self.months.items():
            if pk != account_id:
                continue
            for month, (revenue, cost) in months.items():
                if since <= month <= until:
                    yield month, currency, revenue, cost

    def total(self, account_id: int, currency: str, start: date, end: date):
        if (account_id, currency) not in self.currencies:
            return None
        months = self.months.get((account_id, currency), {})
        revenue = cost = 0
        for month, (r, c) in months.items():
            if _month_start(start) <= month <= end:
                revenue += r
                cost += c
        return {"revenue": from_minor(revenue), "gross_profit": from_minor(revenue - cost)}


def _goal_actual(goal: Goal, plan: AccountPlan, sales: Sales, wallet, *, today: date):
    start, end = plans_domain.goal_period(
        plan_starts_on=plan.starts_on,
        plan_ends_on=plan.ends_on,
        starts_on=goal.starts_on,
        deadline=goal.deadline,
    )
    measured_to = min(end, today)
    account = plan.account
    if goal.metric in (GoalMetric.REVENUE, GoalMetric.GROSS_PROFIT):
        totals = sales.total(account.pk, account.currency, start, measured_to)
        if totals is None:
            return None, _("No sales in %(currency)s recorded for this account yet.") % {
                "currency": account.currency
            }
        return totals[goal.metric], ""
    if goal.metric == GoalMetric.SHARE_OF_WALLET:
        if wallet is None:
            return None, _("The account has no share-of-wallet estimate yet.")
        year_start = add_months(_month_start(measured_to), -11)
        totals = sales.total(account.pk, wallet.currency, year_start, measured_to)
        if totals is None:
            return None, _("No sales in %(currency)s recorded for this account yet.") % {
                "currency": wallet.currency
            }
        share = plans_domain.share_of_wallet(totals["revenue"], wallet.category_spend)
        if share is None:
            return None, _("The account's category spend is zero.")
        return share, ""
    return None, ""


def goals(
    current: dict[int, AccountPlan | None], sales: Sales, today: date
) -> dict[int, list[tuple[Goal, plans_domain.GoalProgress]]]:
    """Each current plan's goals with their progress, by account id (2 queries)."""
    plans = {p.pk: p for p in current.values() if p is not None}
    wallets = {w.account_id: w for w in WalletEstimate.objects.filter(account_id__in=current)}
    result: dict[int, list] = defaultdict(list)
    for goal in Goal.objects.filter(plan_id__in=plans):
        plan = plans[goal.plan_id]
        period = plans_domain.goal_period(
            plan_starts_on=plan.starts_on,
            plan_ends_on=plan.ends_on,
            starts_on=goal.starts_on,
            deadline=goal.deadline,
        )
        needs_data = (
            goal.metric in plans_domain.DATA_METRICS
            and goal.target is not None
            and today >= period[0]
        )
        actual, reason = (
            _goal_actual(goal, plan, sales, wallets.get(plan.account_id), today=today)
            if needs_data
            else (None, "")
        )
        progress = plans_domain.goal_progress(
            metric=goal.metric,
            baseline=goal.baseline,
            target=goal.target,
            actual=actual,
            period=period,
            today=today,
            no_data_reason=reason,
        )
        result[plan.account_id].append((goal, progress))
    return result


def relationship_risks(ids: list[int], today: date) -> dict[int, list[stakeholders_domain.Risk]]:
    limits = thresholds()
    facts = relationship_facts(ids, today=today)
    result = {}
    for pk in ids:
        f = facts.get(pk, EMPTY_FACTS)
        found = stakeholders_domain.assess(
            f.contacts,
            f.links,
            thresholds=limits,
            today=today,
            participations=f.participations,
            our_names=f.our_names,
        )
        order = {stakeholders_domain.HIGH: 0, stakeholders_domain.MEDIUM: 1}
        result[pk] = sorted(found, key=lambda r: order.get(r.severity, 2))
    return result
