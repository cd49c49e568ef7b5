"""Writes of the whitespace: one line added to the account's current plan as a goal or as
an action, through the plans' own service (keyplan.plans.items.services.item_create), so
the plan's rules hold: only who may write the account, only a plan in draft or in review
(an approved one must be revised first), the plan row locked while the item is added.

- whitespace_add(*, user, account, product_line, kind) -> PlanItem
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keyplan.accounts.access import can_write_account
from keyplan.accounts.models import Account
from keyplan.core.money import format_money, format_number
from keyplan.plans.items.services import item_create
from keyplan.plans.models import AccountPlan, Action, Goal, GoalMetric, Horizon, PlanItem
from keyplan.plans.versions.selectors import current_plan
from keyplan.users.models import User

from .domain import Opportunity
from .selectors import AccountWhitespace, account_whitespace
from .titles import GOAL, KINDS, item_title, rule_text, title_variants

CENT = Decimal("0.01")


def figures_text(result: AccountWhitespace, line: Opportunity) -> str:
    """What the plan item says about the line: the peers, the spend and the opportunity."""
    whitespace = result.whitespace
    assert whitespace is not None and result.period is not None
    return _(
        "%(share)s%% of %(peers)s similar accounts (%(rule)s) buy “%(line)s”; this account "
        "bought none of it from %(start)s to %(end)s. Spend of a peer of this size: "
        "%(spend)s; opportunity (penetration × spend): %(opportunity)s."
    ) % {
        "share": format_number(line.penetration * 100, places=1),
        "peers": whitespace.peer_count,
        "rule": rule_text(whitespace.rule),
        "line": line.product_line,
        "start": result.period.date_from.isoformat(),
        "end": result.period.date_to.isoformat(),
        "spend": format_money(line.spend, result.currency),
        "opportunity": format_money(line.opportunity, result.currency),
    }


def _data(kind: str, plan: AccountPlan, result: AccountWhitespace, line: Opportunity) -> dict:
    title = item_title(kind, line.product_line)
    text = figures_text(result, line)
    if kind == GOAL:
        # Measured as "other": the plan's revenue goals measure the whole account.
        return {
            "title": title,
            "why": text,
            "metric": GoalMetric.OTHER,
            "unit": result.currency,
            "baseline": 0,
            "target": line.spend.quantize(CENT, rounding=ROUND_HALF_UP),
            "deadline": plan.ends_on,
            "horizon": Horizon.SHORT,
        }
    goal_titles = title_variants(GOAL, line.product_line)
    goal = Goal.objects.filter(plan=plan, title__in=goal_titles).order_by("position", "pk").first()
    data: dict[str, Any] = {"title": title, "detail": text}
    if goal is not None:
        data["goal_id"] = goal.pk
    return data


def whitespace_add(*, user: User, account: Account, product_line: str, kind: str) -> PlanItem:
    """Add whitespace line `product_line` of `account` to its current plan as a `kind`
    ("goal" or "action"); the text names the line and its figures.

    Raises PermissionDenied if `user` may not change the account, ValidationError when the
    line is not (or no longer) whitespace, the account has no current plan, the plan is
    approved or superseded, or the plan already has this line as this kind.
    """
    if not can_write_account(user, account):
        raise PermissionDenied
    if kind not in KINDS:
        raise ValidationError({"kind": [_("Add it as a goal or as an action.")]})
    name = (product_line or "").strip()
    result = account_whitespace(account=account)
    line = result.line(name)
    if line is None:
        raise ValidationError(
            {
                "product_line": [
                    _("“%(line)s” is not whitespace for this account: it buys it, or no peer does.")
                    % {"line": name}
                ]
            }
        )
    plan = current_plan(account)
    if plan is None:
        raise ValidationError(_("This account has no plan yet: create one first."))
    with transaction.atomic():
        # Serialises two clicks on the same line (item_create locks it again, harmlessly).
        locked = AccountPlan.objects.select_for_update().get(pk=plan.pk)
        locked.account = account
        titles = title_variants(kind, name)
        held = (
            Goal.objects.filter(plan=locked, title__in=titles)
            if kind == GOAL
            else Action.objects.filter(plan=locked, title__in=titles)
        )
        if held.exists():
            message = (
                _("“%(line)s” is already in the plan as a goal.")
                if kind == GOAL
                else _("“%(line)s” is already in the plan as an action.")
            )
            raise ValidationError({"product_line": [message % {"line": name}]})
        return item_create(
            user=user, plan=locked, kind=kind, data=_data(kind, locked, result, line)
        )
