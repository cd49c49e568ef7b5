"""Reads of joint actions and proposals: the customer's view (joint actions of the current
plan, their own account's proposals) and the team's (every action of the current plan,
with its joint flag, co-owners and the customer's confirmations)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from keyplan.accounts.models import Account
from keyplan.plans.models import Action
from keyplan.plans.versions.selectors import current_plan

from ..models import ActionProposal, JointConfirmation


def _actions(account: Account) -> QuerySet[Action]:
    plan = current_plan(account)
    if plan is None:
        return Action.objects.none()
    confirmations = JointConfirmation.objects.select_related("user").order_by("-created_at", "-pk")
    return (
        Action.objects.filter(plan=plan)
        .select_related("owner")
        .prefetch_related("co_owners", Prefetch("portal_confirmations", queryset=confirmations))
        .order_by("position", "due_on", "pk")
    )


def customer_joint_actions(account: Account) -> list[Action]:
    """The joint actions of the account's current plan (4 queries)."""
    return list(_actions(account).filter(joint=True))


def team_actions(account: Account) -> list[Action]:
    """Every action of the account's current plan, joint or not (4 queries)."""
    return list(_actions(account))


def proposals(account: Account) -> QuerySet[ActionProposal]:
    return ActionProposal.objects.filter(account=account).select_related(
        "proposed_by", "decided_by"
    )
