"""Classification pages (SPEC §1.2): the preview and apply, the snapshots of applied
classifications, one snapshot's rows and the comparison of two snapshots."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import AccountClass
from keyplan.core.decorators import internal_required

from . import classification, services
from .access import can_manage_portfolio, require_portfolio_manager
from .forms import (
    ApplyClassificationForm,
)
from .models import PortfolioSettings, Snapshot, SnapshotRow
from .web import PARETO_PAGE_SIZE, _class_label, _form_errors, _metric_label, _pager, _pk, percent

# Snapshot parameters shown with the snapshot's own fields, or meant for the raw JSON.
SHOWN_APART = frozenset({"metric", "date_from", "date_to", "base_currency", "period_note"})
MOVED_SHOWN = 200  # accounts listed per class and direction in a comparison


# --- classification -----------------------------------------------------------------------


def _class_counts(before: dict, after: dict) -> list[dict]:
    return [
        {
            "key": key,
            "label": label,
            "before": before.get(key, 0),
            "after": after.get(key, 0),
            "difference": after.get(key, 0) - before.get(key, 0),
        }
        for key, label in AccountClass.choices
    ]


@internal_required
@require_http_methods(["GET", "POST"])
def classes(request):
    can_manage = can_manage_portfolio(request.user)
    form = ApplyClassificationForm(request.POST or None)
    if request.method == "POST":
        require_portfolio_manager(request.user)
        if form.is_valid():
            try:
                snapshot = services.apply_classification(
                    user=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Classification applied: %(count)d account changed class.",
                        "Classification applied: %(count)d accounts changed class.",
                        snapshot.changed,
                    )
                    % {"count": snapshot.changed},
                )
                url = reverse("portfolio:snapshot", args=[snapshot.pk])
                if request.htmx:
                    return HttpResponseClientRedirect(url)
                return redirect(url)
    preview = classification.classification_preview(user=request.user)
    changes = Paginator(preview.changes, PARETO_PAGE_SIZE).get_page(request.GET.get("page"))
    change_rows = [
        {
            "row": row,
            "current": _class_label(row.current),
            "proposed": _class_label(row.proposed),
            "cumulative": percent(row.cumulative_share),
        }
        for row in changes.object_list
    ]
    context = {
        "preview": preview,
        "counts": _class_counts(preview.counts_before, preview.counts_after),
        "changes": changes,
        "change_rows": change_rows,
        "changes_pager": _pager(
            request, changes, "page", label=_("Pages of changes"), target="class-changes"
        ),
        "settings": PortfolioSettings.load(),
        "metric_label": _metric_label(preview.metric),
        "form": form,
        "errors": _form_errors(form),
        "can_manage": can_manage,
    }
    if request.htmx and request.htmx.target == "class-changes":
        return render(request, "portfolio/_class_changes.html", context)
    return render(request, "portfolio/classes.html", context)


# --- snapshots ----------------------------------------------------------------------------


def _visible_rows(user):
    """Snapshot rows the user may see: all for portfolio managers, else visible accounts."""
    if can_manage_portfolio(user):
        return Q()
    return Q(rows__account__in=visible_accounts(user))


def _snapshots_with_counts(user):
    visible = _visible_rows(user)
    counts = {
        f"n_{key}": Count("rows", filter=visible & Q(rows__class_after=key))
        for key in AccountClass.values
    }
    # GROUP BY queries ignore Meta.ordering, so the order is spelled out.
    return (
        Snapshot.objects.select_related("created_by")
        .annotate(**counts)
        .order_by("-created_at", "-pk")
    )


@internal_required
@require_GET
def snapshot_list(request):
    snapshots = _snapshots_with_counts(request.user)
    page = Paginator(snapshots, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    choices = list(Snapshot.objects.values_list("pk", "created_at", "note")[:200])
    return render(
        request,
        "portfolio/snapshots.html",
        {
            "page": page,
            "classes": AccountClass.choices,
            "choices": choices,
            "default_a": choices[1][0] if len(choices) > 1 else None,
            "default_b": choices[0][0] if choices else None,
        },
    )


@internal_required
@require_GET
def snapshot_detail(request, pk):
    snapshot = get_object_or_404(_snapshots_with_counts(request.user), pk=_pk(pk))
    rows = SnapshotRow.objects.filter(snapshot=snapshot).select_related("account")
    if not can_manage_portfolio(request.user):
        rows = rows.filter(account__in=visible_accounts(request.user))
    changed_only = request.GET.get("changed") == "1"
    if changed_only:
        rows = rows.exclude(class_before=F("class_after"))
    class_filter = request.GET.get("class", "")
    if class_filter in AccountClass.values:
        rows = rows.filter(class_after=class_filter)
    else:
        class_filter = ""
    rows = rows.order_by(F("rank").asc(nulls_last=True), "account__name", "pk")
    page = Paginator(rows, PARETO_PAGE_SIZE).get_page(request.GET.get("page"))
    display = [
        {
            "row": row,
            "before": _class_label(row.class_before),
            "after": _class_label(row.class_after),
            "cumulative": percent(row.cumulative_share),
        }
        for row in page.object_list
    ]
    counts = [
        {"key": key, "label": label, "count": getattr(snapshot, f"n_{key}")}
        for key, label in AccountClass.choices
    ]
    return render(
        request,
        "portfolio/snapshots.html",
        {
            "snapshot": snapshot,
            "parameters": _parameter_list(snapshot.parameters),
            "counts": counts,
            "page": page,
            "rows": display,
            "changed_only": changed_only,
            "class_filter": class_filter,
            "classes": AccountClass.choices,
            "previous": Snapshot.objects.filter(
                Q(created_at__lt=snapshot.created_at)
                | Q(created_at=snapshot.created_at, pk__lt=snapshot.pk)
            )
            .values_list("pk", flat=True)
            .first(),
        },
    )


def _parameter_list(parameters: dict) -> list[tuple[str, str]]:
    """The saved parameters for display, with the settings' labels where a key is one."""
    labels = {
        field.name: str(field.verbose_name)
        for field in PortfolioSettings._meta.fields
        if field.name not in ("id", "updated_at")
    }
    labels |= {
        "metric": _("classified on"),
        "date_from": _("from"),
        "date_to": _("to"),
        "strategic_cap": _("at most strategic accounts"),
        "interest_since": _("interest counted since"),
        "classified": _("accounts classified"),
        "rates": _("exchange rates"),
        "missing_rates": _("currencies without a rate"),
    }
    items = []
    for key, value in (parameters or {}).items():
        if key in SHOWN_APART:
            continue
        if isinstance(value, dict):
            text = "; ".join(f"{k} {v}" for k, v in value.items()) or "—"
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value) or "—"
        elif key == "metric":
            text = _metric_label(str(value))
        else:
            text = str(value)
        items.append((labels.get(key, key.replace("_", " ")), text))
    return items


@internal_required
@require_GET
def snapshot_compare(request):
    snapshots = Snapshot.objects.select_related("created_by")
    errors: list[str] = []
    picked: dict[str, Snapshot | None] = {"a": None, "b": None}
    labels = {"a": _("Older snapshot"), "b": _("Newer snapshot")}
    given = {name: request.GET.get(name, "").strip() for name in picked}
    if not any(given.values()):
        latest = list(snapshots[:2])
        if len(latest) == 2:
            picked = {"a": latest[1], "b": latest[0]}
    else:
        for name, raw in given.items():
            if not raw:
                errors.append(f"{labels[name]}: {_('Choose a snapshot.')}")
                continue
            try:
                number = int(raw)
            except ValueError:
                number = 0
            found = snapshots.filter(pk=number).first() if 0 < number < 2**63 else None
            if found is None:
                errors.append(
                    f"{labels[name]}: " + _("No snapshot “%(value)s”.") % {"value": raw[:40]}
                )
            picked[name] = found
        if picked["a"] and picked["b"] and picked["a"].pk == picked["b"].pk:
            errors.append(f"{labels['b']}: {_('Choose two different snapshots.')}")
    comparison = None
    older, newer = picked["a"], picked["b"]
    if older and newer and not errors:
        if (newer.created_at, newer.pk) < (older.created_at, older.pk):
            older, newer = newer, older
        comparison = services.compare_snapshots(older, newer, user=request.user)
        for entry in comparison["classes"]:
            for name in ("moved_in", "moved_out"):
                for row in entry[name]:
                    row["before_label"] = _class_label(row["before"])
                    row["after_label"] = _class_label(row["after"])
                entry[f"{name}_shown"] = entry[name][:MOVED_SHOWN]
    return render(
        request,
        "portfolio/snapshot_compare.html",
        {
            "errors": errors,
            "older": older,
            "newer": newer,
            "comparison": comparison,
            "choices": list(Snapshot.objects.values_list("pk", "created_at", "note")[:200]),
            "currency": newer.currency if newer else "",
            "can_manage": can_manage_portfolio(request.user),
            "selected_a": older.pk if older else given["a"],
            "selected_b": newer.pk if newer else given["b"],
        },
    )
