"""Pure rules of goal progress: how far a goal has come, against its target and its
period. No ORM: goals.selectors measures the actual value from the sales data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

# Metrics summed over the goal's period (a flow): progress is the share of the target
# reached so far, beside the share of the period gone (the pace). Other data metrics are
# levels (share of wallet): progress is the way gone from the baseline to the target.
CUMULATIVE_METRICS = frozenset({"revenue", "gross_profit"})
DATA_METRICS = frozenset({"revenue", "gross_profit", "share_of_wallet"})


@dataclass(frozen=True)
class GoalProgress:
    """How far a goal has come.

    Revenue and gross profit add up over the goal's period: `percent` is the actual so
    far as a share of the target, `expected_percent` the share of the period gone (on
    pace when percent >= expected_percent). Share of wallet is a level: `percent` is the
    share of the way from the baseline (0) to the target (100), below 0 when it fell,
    above 100 when the target is beaten. None, with `reason`, when it cannot be computed.
    """

    actual: Decimal | None
    percent: Decimal | None
    reason: str = ""
    expected_percent: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None

    @property
    def bar(self) -> int:
        """The percent bounded to 0-100, for a progress bar."""
        if self.percent is None:
            return 0
        return int(max(Decimal(0), min(Decimal(100), self.percent)))

    @property
    def behind_pace(self) -> bool:
        return (
            self.percent is not None
            and self.expected_percent is not None
            and self.percent < self.expected_percent
        )


def goal_period(
    *,
    plan_starts_on: date,
    plan_ends_on: date,
    starts_on: date | None,
    deadline: date | None,
) -> tuple[date, date]:
    """The goal's period: from its start (or the plan's) to its deadline (or the plan's end)."""
    return starts_on or plan_starts_on, deadline or plan_ends_on


def goal_progress(
    *,
    metric: str,
    baseline: Decimal | None,
    target: Decimal | None,
    actual: Decimal | None,
    period: tuple[date, date],
    today: date,
    no_data_reason: str = "",
) -> GoalProgress:
    """Progress of a goal whose actual value the caller measured from data up to
    min(today, end of period); `actual` None when there is no data, with
    `no_data_reason` saying why."""
    start, end = period

    def unknown(reason: str) -> GoalProgress:
        return GoalProgress(actual, None, reason, None, start, end)

    if metric not in DATA_METRICS:
        return unknown(_("This metric is not measured from data; keep the goal's status current."))
    if target is None:
        return unknown(_("The goal has no target yet."))
    if today < start:
        return unknown(_("The goal's period has not started yet."))
    if actual is None:
        return unknown(no_data_reason or _("No data for the goal's period."))
    if metric in CUMULATIVE_METRICS:
        if target <= 0:
            return unknown(_("A revenue or profit target must be above zero."))
        total_days = (end - start).days + 1
        gone_days = min((today - start).days + 1, total_days)
        expected = Decimal(100 * gone_days) / Decimal(max(total_days, 1))
        percent = actual / target * 100
        return GoalProgress(
            actual,
            percent.quantize(Decimal("0.1")),
            "",
            expected.quantize(Decimal("0.1")),
            start,
            end,
        )
    base = baseline if baseline is not None else Decimal(0)
    if target == base:
        percent = Decimal(100) if actual >= target else Decimal(0)
    else:
        percent = (actual - base) / (target - base) * 100
    return GoalProgress(actual, percent.quantize(Decimal("0.1")), "", None, start, end)


def share_of_wallet(our_revenue: Decimal, category_spend: Decimal) -> Decimal | None:
    """What we sell to the customer as a percent of its spend in our category."""
    if category_spend <= 0:
        return None
    return (our_revenue / category_spend * 100).quantize(Decimal("0.01"))
