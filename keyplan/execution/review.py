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
Goal progress follows `plans.selectors.goal_actual`, but from one batched read of the
monthly rollups instead of two queries per goal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.plans import domain as plans_domain
from keyplan.plans.models import (
    CURRENT_STATES,
    OPEN_ACTION_STATES,
    AccountPlan,
    Action,
    Goal,
)
from keyplan.portfolio import domain as portfolio_domain
from keyplan.portfolio.models import PortfolioSettings
from keyplan.portfolio.rollups import (
    Period,
    Scope,
    add_months,
    converted_sums,
    default_period,
    from_minor,
    planning_rates,
    scoped_figures,
)

from . import alignment
from . import review_reads as reads
from .models import (
    ELEMENTS,
    Checkpoint,
    CheckpointAnswer,
    CheckpointKind,
    Element,
    RequestStatus,
    ResourceRequest,
)

TREND_MONTHS = 24
SHOWN = 5  # risks, overdue actions and open requests listed per account
TENTH = Decimal("0.1")


# --- results -------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementResult:
    """One element of a checkpoint as shown: `alignment.ElementStats` with a label and
    the figures rounded to one decimal."""

    element: str
    label: str
    average: Decimal
    spread: Decimal
    low: int
    high: int
    raters: int
    disagreement: bool
    weakest: bool


@dataclass(frozen=True)
class CheckpointResult:
    checkpoint: Checkpoint
    kind_label: str
    raters: int
    average: Decimal | None
    previous_average: Decimal | None
    elements: tuple[ElementResult, ...]
    trend: str = ""  # alignment.trend against the previous answered checkpoint; "" without

    @property
    def weakest(self) -> ElementResult | None:
        return next((e for e in self.elements if e.weakest), None)

    @property
    def disagreements(self) -> tuple[ElementResult, ...]:
        return tuple(e for e in self.elements if e.disagreement)


@dataclass(frozen=True)
class ReviewRisk:
    severity: str  # "high", "medium" or "alert" (competition)
    label: str
    message: str


@dataclass
class AccountReview:
    account: Account
    class_label: str
    rank: int | None
    ranked: int  # accounts with a positive gross profit in the period
    period: Period | None
    currency: str
    revenue: Decimal
    gross_profit: Decimal
    months: list[dict] = field(default_factory=list)
    missing_rates: list[str] = field(default_factory=list)
    plan: AccountPlan | None = None
    goals: list[tuple[Goal, plans_domain.GoalProgress]] = field(default_factory=list)
    risks: list[ReviewRisk] = field(default_factory=list)
    risk_count: int = 0
    overdue: list[Action] = field(default_factory=list)
    overdue_count: int = 0
    requests: list[ResourceRequest] = field(default_factory=list)
    request_count: int = 0
    checkpoints: list[CheckpointResult] = field(default_factory=list)

    @property
    def margin(self) -> Decimal | None:
        if not self.revenue:
            return None
        return (self.gross_profit / self.revenue * 100).quantize(TENTH, ROUND_HALF_UP)

    def chart(self) -> dict:
        """The mini trend chart's data (review.js)."""
        return {
            "currency": self.currency,
            "months": [m["month"].strftime("%Y-%m") for m in self.months],
            "revenue": [float(m["revenue"]) for m in self.months],
            "gross_profit": [float(m["gross_profit"]) for m in self.months],
            "labels": {"revenue": _("Revenue"), "gross_profit": _("Gross profit")},
        }


# --- pure parts ----------------------------------------------------------------------


def _round(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TENTH, ROUND_HALF_UP)


def checkpoint_result(
    checkpoint: Checkpoint,
    answers: list[tuple[int, str, int]],
    previous: list[tuple[int, str, int]] | None = None,
) -> CheckpointResult:
    """The results of one checkpoint from its `(user, element, score)` answers, by the
    rules of `alignment` (spread, disagreement, weakest, trend); `previous`: the answers
    of the checkpoint of the same kind before it, if any."""
    elements = ELEMENTS[checkpoint.kind]
    summary = alignment.summarize(elements, answers)
    before = alignment.summarize(elements, previous) if previous else None
    labels = dict(Element.choices)
    return CheckpointResult(
        checkpoint=checkpoint,
        kind_label=str(CheckpointKind(checkpoint.kind).label),
        raters=summary.raters,
        average=_round(summary.average),
        previous_average=_round(before.average) if before else None,
        elements=tuple(
            ElementResult(
                element=stats.element,
                label=str(labels[stats.element]),
                average=_round(stats.average),
                spread=_round(stats.spread),
                low=stats.low,
                high=stats.high,
                raters=stats.raters,
                disagreement=stats.disagreement,
                weakest=stats.element == summary.weakest,
            )
            for stats in summary.elements
            if stats.raters
        ),
        trend=alignment.trend([before.average if before else None, summary.average]) or "",
    )


# --- reads ---------------------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


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
            pair = chosen.get((account_id, kind))
            if pair:
                previous = answers[pair[1].pk] if len(pair) > 1 else None
                review.checkpoints.append(checkpoint_result(pair[0], answers[pair[0].pk], previous))


def _ranking(period: Period | None, settings: PortfolioSettings):
    """Rank by gross profit of each open account over `period`, company-wide, and the
    figures behind it."""
    if period is None:
        return {}, 0, None
    open_ids = Account.objects.exclude(status=AccountStatus.CLOSED).values_list("id", flat=True)
    figures = scoped_figures(open_ids, period, Scope(), settings)
    ranking = portfolio_domain.pareto(
        [portfolio_domain.Item(pk, r, gp) for pk, (r, gp) in figures.values.items()],
        "gp",
    )
    ranks = {entry.id: entry.rank for entry in ranking.ranked}
    return ranks, len(ranking.ranked), figures


def reviews_for(accounts: Sequence[Account], *, today: date | None = None) -> list[AccountReview]:
    """The review of each account, in the given order (a fixed number of queries; see
    the module docstring). The caller has checked access to every account."""
    today = today or timezone.localdate()
    accounts = list(accounts)
    if not accounts:
        return []
    ids = [a.pk for a in accounts]
    settings = PortfolioSettings.load()
    period = default_period()
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

    # Current plans (with their goals), and the monthly sales the trend and goals read.
    plans_by_account: dict[int, list[AccountPlan]] = defaultdict(list)
    for plan in AccountPlan.objects.filter(account_id__in=ids, state__in=CURRENT_STATES):
        plans_by_account[plan.account_id].append(plan)
    current = {pk: reads.pick_plan(plans_by_account.get(pk, []), today) for pk in ids}
    for pk, plan in current.items():
        if plan is not None:
            plan.account = reviews[pk].account
            reviews[pk].plan = plan
    last_month = period.date_to if period else _month_start(today)
    trend_from = add_months(_month_start(last_month), 1 - TREND_MONTHS)
    since = min(
        [trend_from, add_months(_month_start(today), -11)]
        + [p.starts_on.replace(day=1) for p in current.values() if p is not None]
    )
    sales = reads.Sales(ids, since)
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
    for pk, found in reads.goals(current, sales, today).items():
        reviews[pk].goals = found

    # Top risks: the relationships' (high first), then competition alerts.
    relationship = reads.relationship_risks(ids, today)
    competition = reads.competition_alerts(ids)
    for pk, review in reviews.items():
        found = [
            ReviewRisk(r.severity, str(r.severity_label), str(r.message))
            for r in relationship.get(pk, [])
        ] + [ReviewRisk("alert", _("Competition"), a.message) for a in competition.get(pk, [])]
        review.risk_count = len(found)
        review.risks = found[:SHOWN]

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

    for request in (
        ResourceRequest.objects.filter(account_id__in=ids, status=RequestStatus.PENDING)
        .select_related("business_unit", "requested_by")
        .order_by("period_start", "pk")
    ):
        review = reviews[request.account_id]
        review.request_count += 1
        if len(review.requests) < SHOWN:
            review.requests.append(request)

    _checkpoints(reviews)
    return [reviews[pk] for pk in ids]


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
