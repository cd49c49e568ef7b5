"""Reads of an account's plans and their versions: the plans, the current one, two
versions compared item by item, and a plan's history (who, when, what) from
django-simple-history: the plan itself and every item that was ever in it, deletions and
restorations included. The caller has already passed the access rule (keyplan.plans.access)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from django.db.models import Field, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.history import ACTION_LABELS, FieldChange, HistoryEntry
from keyplan.accounts.models import Account
from keyplan.plans.items.selectors import plan_items
from keyplan.plans.models import (
    CURRENT_STATES,
    ITEM_MODELS,
    AccountPlan,
    CustomerGoal,
    ItemKind,
    PlanItem,
    PlanState,
)
from keyplan.sales.models import Product

from . import domain


def plans_for_account(account: Account, *, archived: bool = False) -> QuerySet[AccountPlan]:
    """Every plan and version of the account, newest period and version first: the
    archived ones left out, or only them with `archived=True`."""
    plans = AccountPlan.objects.filter(account=account).select_related("approved_by")
    if archived:
        return plans.filter(state=PlanState.ARCHIVED)
    return plans.exclude(state=PlanState.ARCHIVED)


def current_plan(account: Account, *, today: date | None = None) -> AccountPlan | None:
    """The plan the account works by: the current version whose period holds today,
    else the latest-starting current one."""
    today = today or timezone.localdate()
    plans = AccountPlan.objects.filter(account=account, state__in=CURRENT_STATES)
    return (
        plans.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
        or plans.order_by("-starts_on", "-version").first()
    )


# --- compare ----------------------------------------------------------------------------


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


# --- history ----------------------------------------------------------------------------


def _record_display(record: Any, field_name: str) -> str:
    field = record.instance_type._meta.get_field(field_name)
    if field.many_to_many:
        return "—"  # handled by the caller
    value = getattr(record, field.attname)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        try:
            related = getattr(record, field_name)
        except Exception:  # the related row was deleted since
            return f"#{value}"
        return str(getattr(related, "label", None) or related)
    return str(value)


def _m2m_display(rows: list[dict]) -> str:
    ids = sorted(row["product"] for row in rows if row.get("product") is not None)
    codes = dict(Product.objects.filter(pk__in=ids).values_list("pk", "code"))
    return ", ".join(codes.get(pk, f"#{pk}") for pk in ids) or "—"


def _history_entries(records: list[Any], subject_of: Callable[[Any], str]) -> list[HistoryEntry]:
    """`records` newest first; each change diffed against the next older record of the
    same object in the list, in memory."""
    older: dict[int, Any] = {}
    previous_of: dict[int, Any] = {}
    for record in reversed(records):
        previous_of[record.history_id] = older.get(record.id)
        older[record.id] = record
    entries: list[HistoryEntry] = []
    for record in records:
        changes: list[FieldChange] = []
        if record.history_type == "~":
            previous = previous_of[record.history_id]
            if previous is not None:
                for change in record.diff_against(previous).changes:
                    field = record.instance_type._meta.get_field(change.field)
                    if field.many_to_many:
                        old = _m2m_display(change.old)
                        new = _m2m_display(change.new)
                    else:
                        old = _record_display(previous, change.field)
                        new = _record_display(record, change.field)
                    if old != new:
                        changes.append(FieldChange(str(field.verbose_name).capitalize(), old, new))
            if not changes:
                continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user_id else str(_("system")),
                subject=subject_of(record),
                action=str(ACTION_LABELS[record.history_type]),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def plan_history(plan: AccountPlan, *, limit: int = 100) -> list[HistoryEntry]:
    """The latest changes to the plan and its items, newest first."""
    plan_records = list(
        plan.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = _history_entries(plan_records, lambda r: str(_("Plan")))
    kind_labels = dict(ItemKind.choices)
    for kind, model in ITEM_MODELS.items():
        records = list(
            model.history.filter(plan_id=plan.pk)  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[: limit * 2]
        )

        def subject(record: Any, label: str = str(kind_labels[kind])) -> str:
            return f"{label}: {record.instance.label[:80]}"

        entries += _history_entries(records, subject)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
