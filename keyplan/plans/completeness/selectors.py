"""Reads behind a plan's completeness: the facts of one or many plans, counted in a fixed
number of queries, scored by completeness.domain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import cast

from django.db import connection
from django.db.models import Case, Count, Field, IntegerField, Max, Q, QuerySet, When
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

# The kinds whose number of items the completeness reads (SWOT, goals and actions are
# read by their own queries below).
COUNTED_KINDS = (
    ItemKind.PROFILE,
    ItemKind.INDUSTRY,
    ItemKind.CUSTOMER_GOAL,
    ItemKind.POTENTIAL,
    ItemKind.VALUE,
    ItemKind.PERCEPTION,
)


GOALS_WITH_TARGETS = "goals_with_targets"
SWOT = "swot"


def _column(model: type[PlanItem], name: str) -> str:
    return connection.ops.quote_name(cast("Field", model._meta.get_field(name)).column)


def _part(model: type[PlanItem], label: str, marks: str, *, where: str = "", detail: str = ""):
    """One SELECT of `_item_counts`' union: (label, detail, plan id, count); `detail` is a
    field whose values split the count."""
    quote = connection.ops.quote_name
    plan = _column(model, "plan")
    detail_sql = _column(model, detail) if detail else "''"
    group = f"{plan}, {detail_sql}" if detail else plan
    return (
        f"SELECT %s, {detail_sql}, {plan}, COUNT(*) FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"WHERE {plan} IN ({marks}){where} GROUP BY {group}"
    )


def _item_counts(plan_ids: list[int]) -> dict[tuple[str, str], dict[int, int]]:
    """(kind, "") -> plan id -> number of items, for COUNTED_KINDS; (GOALS_WITH_TARGETS,
    "") -> goals with a target and a deadline; (SWOT, quadrant) -> items in it.

    One statement (a UNION ALL of plain counts) instead of eight ORM queries: on a list
    page the ORM's building of eight queries cost more than running them. Table and
    column names come from the models; the ids are parameters (in chunks that stay under
    the database's parameter limit)."""
    goal_fields = [_column(Goal, name) for name in ("target", "deadline")]
    parts: list[tuple[type[PlanItem], str, str, str]] = [
        (ITEM_MODELS[kind], kind, "", "") for kind in COUNTED_KINDS
    ]
    parts.append(
        (Goal, GOALS_WITH_TARGETS, "".join(f" AND {f} IS NOT NULL" for f in goal_fields), "")
    )
    parts.append((SwotItem, SWOT, "", "quadrant"))
    limit = connection.features.max_query_params or 30000
    chunk = max(1, limit // len(parts) - 1)
    found: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        for start in range(0, len(plan_ids), chunk):
            ids = plan_ids[start : start + chunk]
            marks = ", ".join(["%s"] * len(ids))
            sql = " UNION ALL ".join(
                _part(model, label, marks, where=where, detail=detail)
                for model, label, where, detail in parts
            )
            params: list[str | int] = []
            for _model, label, _where, _detail in parts:
                params += [label, *ids]
            cursor.execute(sql, params)
            for label, detail, plan_id, n in cursor.fetchall():
                found[(label, detail)][plan_id] = n
    return found


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
    counts = _item_counts(ids)
    count = {kind: counts.get((kind, ""), {}) for kind in COUNTED_KINDS}
    quadrants: dict[int, set[str]] = defaultdict(set)
    for (label, quadrant), plans_with in counts.items():
        if label == SWOT:
            for plan_id in plans_with:
                quadrants[plan_id].add(quadrant)
    with_targets = counts.get((GOALS_WITH_TARGETS, ""), {})
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
