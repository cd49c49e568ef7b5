"""The account page's plan card: the current plan, its completeness, the actions that
need attention. A fixed number of queries, whatever the size of the plan."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from keyplan.plans.actions.selectors import account_attention_actions, account_next_actions
from keyplan.plans.completeness.selectors import completeness_for_accounts

register = template.Library()

ATTENTION_SHOWN = 8


@register.inclusion_tag("plans/_account_card.html")
def plan_card(account, can_write: bool = False) -> dict:
    today = timezone.localdate()
    found = completeness_for_accounts([account], today=today).get(account.pk)
    plan, completeness = found if found else (None, None)
    # Any: the template also reads `overdue`, set on each action below.
    attention: list[Any] = list(
        account_attention_actions(account, today=today)[: ATTENTION_SHOWN + 1]
    )
    for action in attention:
        action.overdue = action.is_overdue(today)
    return {
        "account": account,
        "plan": plan,
        "completeness": completeness,
        "attention": attention[:ATTENTION_SHOWN],
        "more_attention": len(attention) > ATTENTION_SHOWN,
        "can_write": can_write,
    }


@register.simple_tag
def accounts_with_plans(accounts) -> list:
    """The accounts of a list page, each with its `current_plan` and `plan_completeness`
    (§3.9), in one read for the whole page."""
    accounts = list(accounts)
    found = completeness_for_accounts(accounts, today=timezone.localdate())
    for account in accounts:
        account.current_plan, account.plan_completeness = found.get(account.pk, (None, None))
    return accounts


@register.simple_tag
def next_actions(account, limit: int = 5) -> list:
    """{% next_actions account 5 as actions %}: the account's next open actions of its
    current plans, overdue first (one query): the account workspace's overview."""
    return account_next_actions(account, today=timezone.localdate(), limit=limit)
