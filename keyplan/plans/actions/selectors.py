"""Reads of actions across plans: a person's own (my actions), an account's that need
attention."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Case, F, IntegerField, Q, QuerySet, When
from django.db.models import Value as V
from django.utils import timezone

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account
from keyplan.plans.models import CURRENT_STATES, OPEN_ACTION_STATES, Action, ActionStatus

if TYPE_CHECKING:
    from keyplan.users.models import User


def _attention_order(today: date) -> Case:
    """Overdue first, then blocked, then the rest by due date."""
    return Case(
        When(status__in=OPEN_ACTION_STATES, due_on__lt=today, then=V(0)),
        When(status=ActionStatus.BLOCKED, then=V(1)),
        default=V(2),
        output_field=IntegerField(),
    )


def my_actions(
    user: User, *, today: date | None = None, include_closed: bool = False
) -> QuerySet[Action]:
    """The actions `user` owns in the current plans of the accounts they may see:
    overdue first, then blocked, then by due date. Open ones unless `include_closed`."""
    today = today or timezone.localdate()
    qs = Action.objects.filter(
        owner=user,
        plan__state__in=CURRENT_STATES,
        plan__account__in=visible_accounts(user),
    )
    if not include_closed:
        qs = qs.filter(status__in=OPEN_ACTION_STATES)
    return (
        qs.select_related("plan", "plan__account", "goal", "business_unit", "owner")
        .annotate(attention=_attention_order(today))
        .order_by("attention", F("due_on").asc(nulls_last=True), "pk")
    )


def account_attention_actions(account: Account, *, today: date | None = None) -> QuerySet[Action]:
    """Overdue and blocked actions of the account's current plans, for its page."""
    today = today or timezone.localdate()
    return (
        Action.objects.filter(plan__account=account, plan__state__in=CURRENT_STATES)
        .filter(Q(status=ActionStatus.BLOCKED) | Q(status__in=OPEN_ACTION_STATES, due_on__lt=today))
        .select_related("plan", "owner", "goal")
        .annotate(attention=_attention_order(today))
        .order_by("attention", F("due_on").asc(nulls_last=True), "pk")
    )


def account_next_actions(
    account: Account, *, today: date | None = None, limit: int = 5
) -> list[Action]:
    """The account's next open actions in its current plans (one query): overdue first,
    then blocked, then by due date; each with `overdue` set."""
    today = today or timezone.localdate()
    actions: list[Action] = list(
        Action.objects.filter(
            plan__account=account, plan__state__in=CURRENT_STATES, status__in=OPEN_ACTION_STATES
        )
        .select_related("owner")
        .annotate(attention=_attention_order(today))
        .order_by("attention", F("due_on").asc(nulls_last=True), "pk")[:limit]
    )
    for action in actions:
        action.overdue = action.is_overdue(today)  # type: ignore[attr-defined]
    return actions
