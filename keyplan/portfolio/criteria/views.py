"""The criteria page (SPEC §1.3): the ten selection criteria, their weights and data
rules, and the latest changes to them."""

from __future__ import annotations

import importlib
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import Field
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from keyplan.core.decorators import internal_required
from keyplan.core.money import format_number

from ..access import can_manage_portfolio, require_portfolio_manager
from ..common.views import as_percent
from ..models import Criterion
from ..scoring.domain import criteria_weights
from .forms import CriteriaFormSet

ACTIONS = {"+": gettext_lazy("added"), "~": gettext_lazy("changed"), "-": gettext_lazy("removed")}
CRITERION_FIELDS = ("enabled", "weight", "metric", "method", "low", "high", "higher_is_better")


def _field(name: str) -> Field:
    """One of the criterion's own columns (get_field may also answer a relation)."""
    field = Criterion._meta.get_field(name)
    if not isinstance(field, Field):
        raise LookupError(name)
    return field


def _criterion_value(record, name: str) -> str:
    value = getattr(record, name)
    field = _field(name)
    if name == "metric" and not value:
        return str(_("Scored by people"))
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def _seeded_criteria() -> dict[str, Criterion]:
    """The catalogue as migration 0002 seeded it (that migration writes no history): the
    baseline a criterion's first recorded change is compared with."""
    seed = importlib.import_module("keyplan.portfolio.migrations.0002_criteria_catalogue")
    baseline = {}
    for key, enabled, weight, metric, method, low, high, higher in seed.CATALOGUE:
        baseline[key] = Criterion(
            key=key,
            enabled=enabled,
            weight=Decimal(weight),
            metric=metric,
            method=method,
            low=None if low is None else Decimal(low),
            high=None if high is None else Decimal(high),
            higher_is_better=higher,
        )
    return baseline


def _changes(previous, record) -> list[dict]:
    """The rule's fields that differ between two versions of a criterion, as shown."""
    changes = []
    for name in CRITERION_FIELDS:
        old, new = _criterion_value(previous, name), _criterion_value(record, name)
        if old != new:
            label = str(_field(name).verbose_name)
            changes.append({"field": label[:1].upper() + label[1:], "old": old, "new": new})
    return changes


def _criteria_history(limit: int = 20) -> list[dict]:
    """The latest changes to the criteria, newest first, each with its field changes."""
    records = list(
        Criterion.history.select_related("history_user").order_by("-history_date", "-history_id")[
            :200
        ]
    )
    older: dict[int, Any] = {}
    previous_of: dict[int, Any] = {}
    for record in reversed(records):
        previous_of[record.history_id] = older.get(record.id)
        older[record.id] = record
    labels = dict(_field("key").flatchoices)
    seeded = _seeded_criteria()
    entries = []
    for record in records:
        previous = previous_of[record.history_id]
        if previous is None and record.history_type == "~":
            previous = seeded.get(record.key)
        changes = [] if previous is None else _changes(previous, record)
        if previous is not None and not changes:
            continue
        entries.append(
            {
                "when": record.history_date,
                "who": str(record.history_user) if record.history_user_id else _("system"),
                "subject": str(labels.get(record.key, record.key)),
                "action": ACTIONS.get(record.history_type, ""),
                "changes": changes,
            }
        )
        if len(entries) == limit:
            break
    return entries


@internal_required
@require_http_methods(["GET", "POST"])
def criteria(request):
    can_manage = can_manage_portfolio(request.user)
    if request.method == "POST":
        require_portfolio_manager(request.user)
    items = list(Criterion.objects.all())
    formset = CriteriaFormSet(request.POST if request.method == "POST" else None, criteria=items)
    if request.method == "POST":
        if formset.is_valid():
            rules_before = {c.pk: _rule(c) for c in Criterion.objects.all()}
            saved = formset.save()
            if saved:
                messages.success(request, _("Criteria saved."))
                if any(_rule(c) != rules_before.get(c.pk) for c in saved):
                    messages.info(
                        request,
                        _("The data rules changed: recompute the data scores to apply them."),
                    )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("scoring:criteria")
        for error in formset.error_messages():
            messages.error(request, error)
        items = list(Criterion.objects.all())  # the weights shown are the saved ones
    _raw, normalised = criteria_weights(items)
    rows = [
        {"criterion": c, "form": f, "normalised": as_percent(normalised.get(c.key))}
        for c, f in zip(items, formset.forms, strict=True)
    ]
    context = {
        "rows": rows,
        "formset": formset,
        "can_manage": can_manage,
        "history": _criteria_history(),
        "weights_valid": bool(normalised),
    }
    return render(
        request,
        "portfolio/criteria.html",
        context,
        status=200,
    )


def _rule(criterion) -> tuple:
    return (
        criterion.enabled,
        criterion.metric,
        criterion.method,
        criterion.low,
        criterion.high,
        criterion.higher_is_better,
    )
