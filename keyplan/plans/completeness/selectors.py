"""Reads behind a plan's completeness: the facts of one or many plans, counted in a fixed
number of queries, scored by completeness.domain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, When
from django.db.models import Value as V
from django.utils import timezone

from keyplan.accounts.models import Account, Contact
from keyplan.plans.models import (
    CURRENT_STATES,
    ITEM_MODELS,
    OPEN_ACTION_STATES,
    AccountPlan,
    Action,
    ActionStatus,
    Goal,
    ItemKind,
    PlanItem,
    SwotItem,
)

from . import domain


def _counts(model: type[PlanItem], plan_ids: list[int], **filters: Any) -> dict[int, int]:
    rows = (
        model.objects.filter(plan_id__in=plan_ids, **filters)
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values_list("plan_id", "n")
    )
    return dict(rows)


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def plan_facts(
    plans: Iterable[AccountPlan], *, today: date | None = None
) -> dict[int, domain.PlanFacts]:
    """The completeness facts of several plans in a fixed number of queries."""
    plans = list(plans)
    today = today or timezone.localdate()
    ids = [plan.pk for plan in plans]
    if not ids:
        return {}
    count = {kind: _counts(model, ids) for kind, model in ITEM_MODELS.items()}
    quadrants: dict[int, set[str]] = defaultdict(set)
    for plan_id, quadrant in (
        SwotItem.objects.filter(plan_id__in=ids)
        .order_by()
        .values_list("plan_id", "quadrant")
        .distinct()
    ):
        quadrants[plan_id].add(quadrant)
    with_targets = _counts(Goal, ids, target__isnull=False, deadline__isnull=False)
    live_actions = Action.objects.filter(plan_id__in=ids).exclude(status=ActionStatus.DROPPED)
    action_rows = live_actions.values("plan_id").annotate(
        n=Count("pk"),
        owned=Count("pk", filter=Q(owner__isnull=False)),
        overdue=Count("pk", filter=Q(status__in=OPEN_ACTION_STATES, due_on__lt=today)),
    )
    actions = {row["plan_id"]: row for row in action_rows}
    # Proxy until stakeholders land (SPEC §4): the last change to any of its contacts.
    touched = dict(
        Contact.objects.filter(account_id__in={plan.account_id for plan in plans})
        .values("account_id")
        .annotate(last=Max("updated_at"))
        .values_list("account_id", "last")
    )
    facts = {}
    for plan in plans:
        row = actions.get(plan.pk, {})
        facts[plan.pk] = domain.PlanFacts(
            today=today,
            profile_items=count[ItemKind.PROFILE].get(plan.pk, 0),
            industry_factors=count[ItemKind.INDUSTRY].get(plan.pk, 0),
            swot_quadrants=frozenset(quadrants.get(plan.pk, ())),
            customer_goals=count[ItemKind.CUSTOMER_GOAL].get(plan.pk, 0),
            potential_estimates=count[ItemKind.POTENTIAL].get(plan.pk, 0),
            goals_with_targets=with_targets.get(plan.pk, 0),
            value_items=count[ItemKind.VALUE].get(plan.pk, 0),
            perception_items=count[ItemKind.PERCEPTION].get(plan.pk, 0),
            actions=row.get("n", 0),
            actions_with_owners=row.get("owned", 0),
            overdue_actions=row.get("overdue", 0),
            stakeholders_reviewed_on=_local_date(touched.get(plan.account_id)),
            reviewed_on=_local_date(plan.reviewed_at),
        )
    return facts


def plan_completeness(plan: AccountPlan, *, today: date | None = None) -> domain.Completeness:
    return domain.completeness(plan_facts([plan], today=today)[plan.pk])


def completeness_for_accounts(
    accounts: Iterable[Account], *, today: date | None = None
) -> dict[int, tuple[AccountPlan, domain.Completeness]]:
    """For a list page (the portfolio): account id -> (its current plan, completeness),
    for the accounts that have a current plan. A fixed number of queries."""
    return completeness_for_account_ids([account.pk for account in accounts], today=today)


def completeness_for_account_ids(
    account_ids: Iterable[int] | QuerySet, *, today: date | None = None
) -> dict[int, tuple[AccountPlan, domain.Completeness]]:
    """`completeness_for_accounts` by account ids: a list of ids or a queryset of ids
    (`accounts.values("pk")`, used as a subquery, so that thousands of accounts are
    neither loaded nor sent as parameters). A fixed number of queries."""
    today = today or timezone.localdate()
    if not isinstance(account_ids, QuerySet):
        account_ids = list(account_ids)
    chosen: dict[int, AccountPlan] = {}
    in_period = Case(
        When(starts_on__lte=today, ends_on__gte=today, then=V(1)),
        default=V(0),
        output_field=IntegerField(),
    )
    for plan in (
        AccountPlan.objects.filter(account_id__in=account_ids, state__in=CURRENT_STATES)
        .annotate(in_period=in_period)
        .order_by("account_id", "-in_period", "-starts_on", "-version")
    ):
        chosen.setdefault(plan.account_id, plan)
    facts = plan_facts(chosen.values(), today=today)
    return {
        account_id: (plan, domain.completeness(facts[plan.pk]))
        for account_id, plan in chosen.items()
    }
