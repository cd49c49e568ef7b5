"""A plan's history (who, when, what) from django-simple-history: the plan itself and
every item that was ever in it, deletions and restorations included."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from keyplan.accounts.history import ACTION_LABELS, FieldChange, HistoryEntry
from keyplan.sales.models import Product

from .models import ITEM_MODELS, AccountPlan, ItemKind


def _display(record: Any, field_name: str) -> str:
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


def _entries(records: list[Any], subject_of) -> list[HistoryEntry]:
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
                        old = _display(previous, change.field)
                        new = _display(record, change.field)
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
    entries = _entries(plan_records, lambda r: str(_("Plan")))
    kind_labels = dict(ItemKind.choices)
    for kind, model in ITEM_MODELS.items():
        records = list(
            model.history.filter(plan_id=plan.pk)  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[: limit * 2]
        )

        def subject(record: Any, label: str = str(kind_labels[kind])) -> str:
            return f"{label}: {record.instance.label[:80]}"

        entries += _entries(records, subject)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
