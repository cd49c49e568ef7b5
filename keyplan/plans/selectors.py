"""Reads of plans and their items, with the joins applied. The caller has already
passed the access rule for the account or plan (access.py), except for the functions
taking a `user`, which scope by it themselves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    Field,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models import Value as V
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, Contact
from keyplan.core.fields import from_minor

from . import domain
from .models import (
    CURRENT_STATES,
    ITEM_MODELS,
    OPEN_ACTION_STATES,
    AccountPlan,
    Action,
    ActionStatus,
    CustomerGoal,
    Goal,
    GoalMetric,
    ItemKind,
    PlanItem,
    SwotItem,
)

if TYPE_CHECKING:
    from keyplan.users.models import User


def plans_for_account(account: Account) -> QuerySet[AccountPlan]:
    """Every plan and version of the account, newest period and version first."""
    return AccountPlan.objects.filter(account=account).select_related("approved_by")


def current_plan(account: Account, *, today: date | None = None) -> AccountPlan | None:
    """The plan the account works by: the current version whose period holds today,
    else the latest-starting current one."""
    today = today or timezone.localdate()
    plans = AccountPlan.objects.filter(account=account, state__in=CURRENT_STATES)
    return (
        plans.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
        or plans.order_by("-starts_on", "-version").first()
    )


def _item_queryset(kind: str, qs: QuerySet) -> QuerySet:
    if kind == ItemKind.ACTION:
        return qs.select_related("owner", "business_unit", "goal")
    if kind == ItemKind.CUSTOMER_PROBLEM:
        return qs.select_related("customer_goal")
    if kind == ItemKind.CUSTOMER_GOAL:
        return qs.prefetch_related("products")
    return qs


def items_of(plan: AccountPlan, kind: str) -> QuerySet:
    """One section's items, in order, with what displaying them needs."""
    return _item_queryset(kind, ITEM_MODELS[kind].objects.filter(plan=plan))


def plan_items(plan: AccountPlan) -> dict[str, list[PlanItem]]:
    """Every section of the plan: kind -> items in order (one query per section)."""
    return {kind: list(items_of(plan, kind)) for kind in ITEM_MODELS}


# --- completeness ------------------------------------------------------------------------


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
    today = today or timezone.localdate()
    account_ids = [account.pk for account in accounts]
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


# --- goal progress -----------------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _sales(account_id: int, currency: str, start: date, end: date) -> dict[str, Decimal] | None:
    """Revenue and gross profit of the months from `start` to `end`, in `currency`;
    None when the account has no sales in that currency at all (no data yet)."""
    from keyplan.sales.models import MonthlyRollup

    rollups = MonthlyRollup.objects.filter(account_id=account_id, currency=currency)
    totals = rollups.filter(month__gte=_month_start(start), month__lte=end).aggregate(
        revenue=Sum("revenue", output_field=BigIntegerField()),
        cost=Sum("cost", output_field=BigIntegerField()),
    )
    if totals["revenue"] is None and not rollups.exists():
        return None
    revenue = from_minor(totals["revenue"] or 0)
    cost = from_minor(totals["cost"] or 0)
    return {"revenue": revenue, "gross_profit": revenue - cost}


def _wallet(account_id: int):
    try:
        from keyplan.portfolio.models import WalletEstimate
    except ImportError:  # pragma: no cover - the portfolio app is optional here
        return None
    return WalletEstimate.objects.filter(account_id=account_id).first()


def goal_actual(goal: Goal, plan: AccountPlan, *, today: date) -> tuple[Decimal | None, str]:
    """The measured value of a data goal up to today (or its end), and why not if None.
    Revenue and gross profit in the account's currency; share of wallet from the last
    twelve months of sales against the account's wallet estimate, in its currency."""
    start, end = domain.goal_period(
        plan_starts_on=plan.starts_on,
        plan_ends_on=plan.ends_on,
        starts_on=goal.starts_on,
        deadline=goal.deadline,
    )
    measured_to = min(end, today)
    account = plan.account
    if goal.metric in (GoalMetric.REVENUE, GoalMetric.GROSS_PROFIT):
        sales = _sales(account.pk, account.currency, start, measured_to)
        if sales is None:
            return None, _("No sales in %(currency)s recorded for this account yet.") % {
                "currency": account.currency
            }
        return sales[goal.metric], ""
    if goal.metric == GoalMetric.SHARE_OF_WALLET:
        wallet = _wallet(account.pk)
        if wallet is None:
            return None, _("The account has no share-of-wallet estimate yet.")
        year_start = _months_back(measured_to, 11)
        sales = _sales(account.pk, wallet.currency, year_start, measured_to)
        if sales is None:
            return None, _("No sales in %(currency)s recorded for this account yet.") % {
                "currency": wallet.currency
            }
        share = domain.share_of_wallet(sales["revenue"], wallet.category_spend)
        if share is None:
            return None, _("The account's category spend is zero.")
        return share, ""
    return None, ""


def _months_back(day: date, n: int) -> date:
    """The first day of the month `n` months before `day`'s month."""
    month = day.year * 12 + day.month - 1 - n
    return date(month // 12, month % 12 + 1, 1)


def plan_goal_progress(
    plan: AccountPlan, *, today: date | None = None
) -> list[tuple[Goal, domain.GoalProgress]]:
    """Every goal of the plan with its progress from data (where the metric allows)."""
    today = today or timezone.localdate()
    result = []
    for goal in Goal.objects.filter(plan=plan):
        period = domain.goal_period(
            plan_starts_on=plan.starts_on,
            plan_ends_on=plan.ends_on,
            starts_on=goal.starts_on,
            deadline=goal.deadline,
        )
        needs_data = (
            goal.metric in domain.DATA_METRICS and goal.target is not None and today >= period[0]
        )
        actual, reason = goal_actual(goal, plan, today=today) if needs_data else (None, "")
        result.append(
            (
                goal,
                domain.goal_progress(
                    metric=goal.metric,
                    baseline=goal.baseline,
                    target=goal.target,
                    actual=actual,
                    period=period,
                    today=today,
                    no_data_reason=reason,
                ),
            )
        )
    return result


# --- versions ----------------------------------------------------------------------------


def _field(model: Any, name: str) -> Field:
    """The model field behind an editable name (owner_id -> owner)."""
    return cast(Field, model._meta.get_field(name.removesuffix("_id")))


def _display(item: PlanItem, name: str) -> str:
    if name == "product_ids":
        return ", ".join(sorted(p.code for p in item.products.all()))  # type: ignore[attr-defined]
    field = _field(item, name)
    if field.is_relation:
        related = getattr(item, field.name)
        if related is None:
            return ""
        return str(getattr(related, "label", None) or related)
    value = getattr(item, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _label(item: PlanItem, name: str) -> str:
    if name == "product_ids":
        return str(_field(CustomerGoal, "products").verbose_name).capitalize()
    return str(_field(item, name).verbose_name).capitalize()


def snapshot(item: PlanItem) -> domain.ItemSnapshot:
    names = [name for name in item.editable_fields if name != "position"]
    return domain.ItemSnapshot(
        kind=item.kind,
        origin=str(item.origin),
        label=item.label,
        values=tuple((_label(item, name), _display(item, name)) for name in names),
    )


def _header(plan: AccountPlan) -> tuple[tuple[str, str], ...]:
    return tuple(
        (
            str(_field(plan, name).verbose_name).capitalize(),
            _display_plan(plan, name),
        )
        for name in ("period", "starts_on", "ends_on", "summary")
    )


def _display_plan(plan: AccountPlan, name: str) -> str:
    value = getattr(plan, name)
    return value.isoformat() if isinstance(value, date) else str(value or "")


def plan_compare(old: AccountPlan, new: AccountPlan) -> domain.VersionDiff:
    """Item by item, what changed from `old` to `new` (two versions of one account's
    plan; the caller checks they belong to the same account)."""
    old_items = [snapshot(i) for items in plan_items(old).values() for i in items]
    new_items = [snapshot(i) for items in plan_items(new).values() for i in items]
    return domain.diff_versions(
        old_items,
        new_items,
        kind_order=list(ITEM_MODELS),
        old_header=_header(old),
        new_header=_header(new),
    )


# --- actions -----------------------------------------------------------------------------


def _attention_order(today: date):
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


# --- deleted items -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeletedItem:
    kind: str
    id: int
    label: str
    deleted_at: datetime
    deleted_by: str


def deleted_items(plan: AccountPlan, *, limit: int = 50) -> list[DeletedItem]:
    """Items deleted from the plan that are still gone, newest first: what "undo" offers."""
    found: list[DeletedItem] = []
    for kind, model in ITEM_MODELS.items():
        history = model.history  # type: ignore[attr-defined]
        records = (
            history.filter(plan_id=plan.pk, history_type="-")
            .exclude(id__in=model.objects.filter(plan=plan).values("pk"))
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        seen: set[int] = set()
        for record in records:
            if record.id in seen:
                continue
            seen.add(record.id)
            found.append(
                DeletedItem(
                    kind=kind,
                    id=record.id,
                    label=record.instance.label,
                    deleted_at=record.history_date,
                    deleted_by=str(record.history_user) if record.history_user_id else "",
                )
            )
    found.sort(key=lambda d: d.deleted_at, reverse=True)
    return found[:limit]
