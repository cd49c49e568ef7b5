"""The review pack's pure parts (see `selectors`): what one account's review holds, a
checkpoint's results as shown (by the alignment rules of `checkpoints.domain`), and
which plan is the current one. No queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from keyplan.accounts.models import Account
from keyplan.plans.goals import domain as plans_domain
from keyplan.plans.models import AccountPlan, Action, Goal
from keyplan.sales.figures.domain import Period

from ..checkpoints import domain as alignment
from ..models import ELEMENTS, Checkpoint, CheckpointKind, Element, ResourceRequest

TENTH = Decimal("0.1")


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


def _tenth(value: float) -> Decimal:
    return Decimal(str(value)).quantize(TENTH, ROUND_HALF_UP)


def _round(value: float | None) -> Decimal | None:
    return None if value is None else _tenth(value)


def element_result(
    stats: alignment.ElementStats, label: str, *, weakest: bool
) -> ElementResult | None:
    """One element's figures as shown; None for an element nobody rated."""
    if stats.average is None or stats.spread is None or stats.low is None or stats.high is None:
        return None
    return ElementResult(
        element=stats.element,
        label=label,
        average=_tenth(stats.average),
        spread=_tenth(stats.spread),
        low=stats.low,
        high=stats.high,
        raters=stats.raters,
        disagreement=stats.disagreement,
        weakest=weakest,
    )


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
    shown = (
        element_result(stats, str(labels[stats.element]), weakest=stats.element == summary.weakest)
        for stats in summary.elements
    )
    return CheckpointResult(
        checkpoint=checkpoint,
        kind_label=str(CheckpointKind(checkpoint.kind).label),
        raters=summary.raters,
        average=_round(summary.average),
        previous_average=_round(before.average) if before else None,
        elements=tuple(result for result in shown if result is not None),
        trend=alignment.trend([before.average if before else None, summary.average]) or "",
    )


def pick_plan(plans: list[AccountPlan], today: date) -> AccountPlan | None:
    """As `plans.versions.selectors.current_plan`: the current version whose period holds
    today, else the latest-starting one."""
    holding = [p for p in plans if p.starts_on <= today <= p.ends_on]
    if holding:
        return max(holding, key=lambda p: p.starts_on)
    if not plans:
        return None
    return max(plans, key=lambda p: (p.starts_on, p.version))
