"""What a monthly report shows from the data, gathered through the lower apps' public
selectors into a language-neutral JSON document (codes, dates and amounts as text), so
that a stored report renders in any language and never changes once issued.

- done: the actions completed in the month, the meetings held (stakeholders
  interactions), the goals' progress (plans goals);
- next: the open actions with their owners and due dates, joint ones first;
- kpis: revenue and gross profit of the month and the year to date against a year
  earlier (sales figures, in the base currency), the health score where the economics
  health package offers one, the customer satisfaction (stakeholders satisfaction).
"""

from __future__ import annotations

import importlib
import logging
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.core.fields import from_minor
from keyplan.plans.goals.selectors import plan_goal_progress
from keyplan.plans.models import CURRENT_STATES, OPEN_ACTION_STATES, Action, ActionStatus
from keyplan.plans.versions.selectors import current_plan
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.series import account_monthly_converted
from keyplan.stakeholders.interactions.selectors import timeline
from keyplan.stakeholders.models import InteractionKind
from keyplan.stakeholders.satisfaction.selectors import account_satisfaction

from . import domain

logger = logging.getLogger(__name__)
ZERO = Decimal(0)
CONTENT_VERSION = 1
# The kinds of interaction a report lists as meetings held (e-mails are not meetings).
MEETING_KINDS = (InteractionKind.MEETING, InteractionKind.VISIT, InteractionKind.CALL)


def _name(user) -> str:
    return "" if user is None else (user.get_full_name() or user.username)


def _day(moment: datetime | None) -> str | None:
    return None if moment is None else timezone.localdate(moment).isoformat()


def _bounds(month: date) -> tuple[datetime, datetime]:
    """The month as aware datetimes [start, next month's start) in the current zone."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(month, time.min, tzinfo=zone)
    end = datetime.combine(domain.add_months(month, 1), time.min, tzinfo=zone)
    return start, end


def _action_row(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "title": action.title,
        "owner": _name(action.owner),
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status,
        "goal": action.goal.title if action.goal_id and action.goal else "",
        "completed_on": _day(action.completed_at),
        # Another package may add `joint` (owned with the customer) to actions.
        "joint": bool(getattr(action, "joint", False)),
    }


def _actions(account: Account) -> Any:
    return Action.objects.filter(
        plan__account=account, plan__state__in=CURRENT_STATES
    ).select_related("owner", "goal")


def done_actions(account: Account, month: date) -> list[dict[str, Any]]:
    start, end = _bounds(month)
    found = _actions(account).filter(
        status=ActionStatus.DONE, completed_at__gte=start, completed_at__lt=end
    )
    return [_action_row(a) for a in found.order_by("completed_at", "pk")]


def next_actions(account: Account, month: date) -> list[dict[str, Any]]:
    rows = [_action_row(a) for a in _actions(account).filter(status__in=OPEN_ACTION_STATES)]
    for row in rows:
        row["overdue"] = domain.is_overdue(row["due_on"], month)
    return domain.next_actions_order(rows)


def meetings(account: Account, month: date) -> list[dict[str, Any]]:
    found = (
        timeline(account, sort="date")
        .filter(occurred_on__gte=month, occurred_on__lte=domain.month_end(month))
        .filter(kind__in=MEETING_KINDS)
    )
    return [
        {
            "date": item.occurred_on.isoformat(),
            "kind": item.kind,
            "subject": item.subject,
            "our_people": [_name(u) for u in item.our_people.all()],
            "their_people": [str(c) for c in item.their_people.all()],
            "next_step": item.next_step,
        }
        for item in found
    ]


def goals(account: Account, month: date, today: date) -> list[dict[str, Any]]:
    end = min(domain.month_end(month), today)
    plan = current_plan(account, today=end)
    if plan is None:
        return []
    rows = []
    for goal, progress in plan_goal_progress(plan, today=end):
        rows.append(
            {
                "title": goal.title,
                "metric": goal.metric,
                "status": goal.status,
                "target": None if goal.target is None else format(goal.target, "f"),
                "deadline": goal.deadline.isoformat() if goal.deadline else None,
                "actual": None if progress.actual is None else format(progress.actual, "f"),
                "percent": None if progress.percent is None else format(progress.percent, "f"),
            }
        )
    return rows


def _sum(months: dict[date, list[int]], start: date, end: date, index: int) -> Decimal:
    return sum(
        (from_minor(values[index]) for m, values in months.items() if start <= m <= end), ZERO
    )


def sales(account: Account, month: date) -> dict[str, Any]:
    """Revenue and gross profit of the month and the year to date against a year earlier,
    and the last twelve months beside the same months a year before (the chart). One
    query for the months, one for the rates."""
    base = PortfolioSettings.load().base_currency
    first = domain.add_months(month, -23)
    window = Period.months(first, domain.month_end(month))
    months, missing = account_monthly_converted(account.pk, window, base=base)
    months = {
        (m if isinstance(m, date) else date.fromisoformat(str(m))): v for m, v in months.items()
    }
    p = domain.periods(month)
    figures = {}
    for index, key in ((0, "revenue"), (1, "gross_profit")):
        figures[key] = domain.kpi_line(
            _sum(months, p.month[0], p.month[1], index),
            _sum(months, p.month_last_year[0], p.month_last_year[1], index),
            _sum(months, p.ytd[0], p.ytd[1], index),
            _sum(months, p.ytd_last_year[0], p.ytd_last_year[1], index),
        )
    chart = []
    for offset in range(-11, 1):
        current = domain.add_months(month, offset)
        before = domain.add_months(current, -12)
        chart.append(
            {
                "month": current.isoformat()[:7],
                "revenue": format(_sum(months, current, current, 0), "f"),
                "revenue_last_year": format(_sum(months, before, before, 0), "f"),
            }
        )
    return {"currency": base, "missing_rates": sorted(missing), **figures, "chart": chart}


def satisfaction(account: Account, month: date) -> dict[str, Any] | None:
    """The mean score of the twelve months up to the month's end; None without answers."""
    found = account_satisfaction(
        [account.pk], domain.add_months(month, -11), domain.month_end(month)
    ).get(account.pk)
    if found is None:
        return None
    return {"mean": format(found.mean, "f"), "answers": found.answers}


HEALTH_FUNCTIONS = ("account_health", "health_for_account", "account_health_score")


def health(account: Account, month: date) -> dict[str, Any] | None:
    """The account's health score where keyplan.economics.health.selectors offers one for
    a single account (another package builds it); None otherwise. Read defensively: its
    name and result are not settled yet, and the report must render without it."""
    try:
        module = importlib.import_module("keyplan.economics.health.selectors")
    except ImportError:
        return None
    function = next((getattr(module, n) for n in HEALTH_FUNCTIONS if hasattr(module, n)), None)
    if function is None:
        return None
    end = domain.month_end(month)
    try:
        try:
            result = function(account=account, as_of=end)
        except TypeError:
            result = function(account, as_of=end)
    except Exception:  # an unfinished neighbour must not break the report
        logger.warning("health score unavailable for account %s", account.pk, exc_info=True)
        return None
    result = getattr(result, "health", result)
    score = getattr(result, "score", getattr(result, "total", result))
    if isinstance(score, int | float | Decimal) and not isinstance(score, bool):
        return {"score": format(Decimal(str(score)).quantize(Decimal(1)), "f")}
    return None


def report_content(account: Account, month: date, *, today: date | None = None) -> dict[str, Any]:
    """The whole generated content of `account`'s report on `month`."""
    today = today or timezone.localdate()
    return {
        "version": CONTENT_VERSION,
        "account": {"id": account.pk, "name": account.name},
        "month": month.isoformat()[:7],
        "done": {
            "actions": done_actions(account, month),
            "meetings": meetings(account, month),
            "goals": goals(account, month, today),
        },
        "next": {"actions": next_actions(account, month)},
        "kpis": {
            "sales": sales(account, month),
            "health": health(account, month),
            "satisfaction": satisfaction(account, month),
        },
    }
