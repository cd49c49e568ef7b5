"""The review pack (SPEC §6.5, seed 002: key accounts on every agenda): a one-page
review per account for internal meetings, and the portfolio pack of every strategic
account, one page each.

`reviews_for(accounts, today=...)` reads everything for a list of accounts with a
FIXED number of queries whatever their number and their data (about 25: settings and
rates, the company-wide gross profit ranking, the monthly sales, plans, goals, wallets,
the zipper facts (5), competition ratings, criteria and offer scores, overdue actions,
open requests, checkpoints and their answers). The one-account review is the same call
with one account, so the page and the pack can never disagree.

Rank: by gross profit over the default period (the 12 months up to the latest sales
month) among every account that is not closed, company-wide, as the classes are
computed (`portfolio.classification`); only the account's own position is shown.
Goal progress follows `plans.goals.selectors.goal_actual`, but from one batched read of the
monthly rollups instead of two queries per goal. The pure parts (what a review holds, a
checkpoint's results as shown) are in `domain`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.plans.goals import domain as plans_domain
from keyplan.plans.models import (
    CURRENT_STATES,
    OPEN_ACTION_STATES,
    AccountPlan,
    Action,
    Goal,
    GoalMetric,
)
from keyplan.portfolio.models import PortfolioSettings
from keyplan.portfolio.pareto import domain as portfolio_domain
from keyplan.sales.figures.domain import Period, add_months, converted_sums, from_minor
from keyplan.sales.figures.selectors import account_figures, default_period, planning_rates
from keyplan.sales.figures.series import account_currencies, monthly_rows, wallet_estimates
from keyplan.stakeholders.relationships import domain as stakeholders_domain
from keyplan.stakeholders.relationships.selectors import (
    EMPTY_FACTS,
    relationship_facts,
    risks_from_facts,
    thresholds,
)

from ..common.selectors import competition_alerts
from ..models import Checkpoint, CheckpointAnswer, CheckpointKind, RequestStatus, ResourceRequest
from .domain import AccountReview, ReviewRisk, checkpoint_result, pick_plan

TREND_MONTHS = 24
SHOWN = 5  # risks, overdue actions and open requests listed per account


def _month_start(day: date) -> date:
    return day.replace(day=1)


# --- the batched reads ---------------------------------------------------------------


class Sales:
    """Monthly rollups of the accounts, in minor units per (account, currency, month)."""

    def __init__(self, account_ids: list[int], since: date):
        self.months: dict[tuple[int, str], dict[date, tuple[int, int]]] = defaultdict(dict)
        for account_id, currency, month, revenue, cost in monthly_rows(account_ids, since):
            self.months[(account_id, currency)][month] = (revenue, cost)
        self.currencies = account_currencies(account_ids)

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
    wallets = wallet_estimates(list(current))
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
        found = risks_from_facts(facts.get(pk, EMPTY_FACTS), limits=limits, today=today)
        order = {stakeholders_domain.HIGH: 0, stakeholders_domain.MEDIUM: 1}
        result[pk] = sorted(found, key=lambda r: order.get(r.severity, 2))
    return result


def _checkpoints(reviews: dict[int, AccountReview]) -> None:
    """The last answered checkpoint of each kind per account, against the one before."""
    chosen: dict[tuple[int, str], list[Checkpoint]] = defaultdict(list)
    answered = (
        Checkpoint.objects.filter(account_id__in=reviews, answers__isnull=False)
        .distinct()
        .order_by("account_id", "kind", "-period_start", "-pk")
    )
    for checkpoint in answered:
        pair = chosen[(checkpoint.account_id, checkpoint.kind)]
        if len(pair) < 2:
            pair.append(checkpoint)
    wanted = [c.pk for pair in chosen.values() for c in pair]
    answers: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for checkpoint_id, user_id, element, score in CheckpointAnswer.objects.filter(
        checkpoint_id__in=wanted
    ).values_list("checkpoint_id", "user_id", "element", "score"):
        answers[checkpoint_id].append((user_id, element, score))
    for kind in (CheckpointKind.SAA, CheckpointKind.SEVEN_S):
        for account_id, review in reviews.items():
            latest = chosen.get((account_id, kind))
            if latest:
                previous = answers[latest[1].pk] if len(latest) > 1 else None
                review.checkpoints.append(
                    checkpoint_result(latest[0], answers[latest[0].pk], previous)
                )


def _ranking(period: Period | None, settings: PortfolioSettings):
    """Rank by gross profit of each open account over `period`, company-wide, and the
    figures behind it."""
    if period is None:
        return {}, 0, None
    open_ids = Account.objects.exclude(status=AccountStatus.CLOSED).values_list("id", flat=True)
    figures = account_figures(open_ids, period, base=settings.base_currency)
    ranking = portfolio_domain.pareto(
        [portfolio_domain.Item(pk, r, gp) for pk, (r, gp) in figures.values.items()],
        "gp",
    )
    ranks = {entry.id: entry.rank for entry in ranking.ranked}
    return ranks, len(ranking.ranked), figures


# --- the review --------------------------------------------------------------------


def _new_reviews(
    accounts: list[Account], period: Period | None, settings: PortfolioSettings
) -> dict[int, AccountReview]:
    """Each account's review with its figures and rank over `period` (the ranking's
    queries); the rest is filled in by the steps of `reviews_for`."""
    ranks, ranked, figures = _ranking(period, settings)
    values = figures.values if figures else {}
    currency = figures.currency if figures else settings.base_currency
    missing = figures.missing_rates if figures else []
    zero = Decimal("0.00")
    reviews: dict[int, AccountReview] = {}
    for account in accounts:
        revenue, gross_profit = values.get(account.pk, (zero, zero))
        reviews[account.pk] = AccountReview(
            account=account,
            class_label=str(AccountClass(account.account_class).label)
            if account.account_class in AccountClass.values
            else account.account_class,
            rank=ranks.get(account.pk),
            ranked=ranked,
            period=period,
            currency=currency,
            revenue=revenue,
            gross_profit=gross_profit,
            missing_rates=list(missing),
        )
    return reviews


def _current_plans(reviews: dict[int, AccountReview], today: date) -> dict[int, AccountPlan | None]:
    """Each account's current plan (one query), set on its review."""
    plans_by_account: dict[int, list[AccountPlan]] = defaultdict(list)
    for plan in AccountPlan.objects.filter(account_id__in=reviews, state__in=CURRENT_STATES):
        plans_by_account[plan.account_id].append(plan)
    current = {pk: pick_plan(plans_by_account.get(pk, []), today) for pk in reviews}
    for pk, chosen in current.items():
        if chosen is not None:
            chosen.account = reviews[pk].account
            reviews[pk].plan = chosen
    return current


def _sales_and_goals(
    reviews: dict[int, AccountReview],
    current: dict[int, AccountPlan | None],
    period: Period | None,
    settings: PortfolioSettings,
    today: date,
) -> None:
    """The monthly sales the trend and the goals read (one batched read), the trend of
    each review and its current plan's goals with their progress."""
    last_month = period.date_to if period else _month_start(today)
    trend_from = add_months(_month_start(last_month), 1 - TREND_MONTHS)
    since = min(
        [trend_from, add_months(_month_start(today), -11)]
        + [p.starts_on.replace(day=1) for p in current.values() if p is not None]
    )
    sales = Sales(list(reviews), since)
    rates = planning_rates(settings.base_currency)
    trend_period = Period.months(trend_from, last_month)
    for pk, review in reviews.items():
        totals, _missing = converted_sums(
            sales.rows(pk, trend_period.date_from, trend_period.date_to), rates
        )
        review.months = [
            {
                "month": month,
                "revenue": from_minor(totals.get(month, (0, 0))[0]),
                "gross_profit": from_minor(totals.get(month, (0, 0))[1]),
            }
            for month in trend_period.month_starts()
        ]
    for pk, progress in goals(current, sales, today).items():
        reviews[pk].goals = progress


def _risks(reviews: dict[int, AccountReview], today: date) -> None:
    """Top risks: the relationships' (high first), then competition alerts."""
    ids = list(reviews)
    relationship = relationship_risks(ids, today)
    competition = competition_alerts(ids)
    for pk, review in reviews.items():
        found = [
            ReviewRisk(r.severity, str(r.severity_label), str(r.message))
            for r in relationship.get(pk, [])
        ] + [ReviewRisk("alert", _("Competition"), a.message) for a in competition.get(pk, [])]
        review.risk_count = len(found)
        review.risks = found[:SHOWN]


def _overdue_actions(
    reviews: dict[int, AccountReview], current: dict[int, AccountPlan | None], today: date
) -> None:
    account_of_plan = {plan.pk: pk for pk, plan in current.items() if plan is not None}
    for action in (
        Action.objects.filter(
            plan_id__in=account_of_plan, status__in=OPEN_ACTION_STATES, due_on__lt=today
        )
        .select_related("owner")
        .order_by("due_on", "pk")
    ):
        review = reviews[account_of_plan[action.plan_id]]
        review.overdue_count += 1
        if len(review.overdue) < SHOWN:
            review.overdue.append(action)


def _open_requests(reviews: dict[int, AccountReview]) -> None:
    for request in (
        ResourceRequest.objects.filter(account_id__in=reviews, status=RequestStatus.PENDING)
        .select_related("business_unit", "requested_by")
        .order_by("period_start", "pk")
    ):
        review = reviews[request.account_id]
        review.request_count += 1
        if len(review.requests) < SHOWN:
            review.requests.append(request)


def reviews_for(accounts: Sequence[Account], *, today: date | None = None) -> list[AccountReview]:
    """The review of each account, in the given order (a fixed number of queries; see
    the module docstring). The caller has checked access to every account."""
    today = today or timezone.localdate()
    chosen = list(accounts)
    if not chosen:
        return []
    settings = PortfolioSettings.load()
    period = default_period()
    reviews = _new_reviews(chosen, period, settings)
    current = _current_plans(reviews, today)
    _sales_and_goals(reviews, current, period, settings, today)
    _risks(reviews, today)
    _overdue_actions(reviews, current, today)
    _open_requests(reviews)
    _checkpoints(reviews)
    return [reviews[account.pk] for account in chosen]


def account_review(account: Account, *, today: date | None = None) -> AccountReview:
    """One account's review (see `reviews_for`)."""
    return reviews_for([account], today=today)[0]


def strategic_accounts(visible):
    """The strategic accounts of `visible` (a queryset) that are not closed, by name,
    with the owner joined."""
    return (
        visible.filter(account_class=AccountClass.STRATEGIC)
        .exclude(status=AccountStatus.CLOSED)
        .select_related("owner")
        .order_by("name", "pk")
    )
