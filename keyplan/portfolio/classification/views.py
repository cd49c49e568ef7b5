"""Classification pages (SPEC §1.2): the preview and apply, the snapshots of applied
classifications, one snapshot's rows and the comparison of two snapshots."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from keyplan.accounts.models import AccountClass
from keyplan.core.decorators import internal_required
from keyplan.core.web import parse_pk

from ..access import can_manage_portfolio, require_portfolio_manager
from ..common.views import TABLE_PAGE_SIZE, class_label, form_errors, metric_label, pager, percent
from ..models import PortfolioSettings, Snapshot
from .forms import ApplyClassificationForm
from .scope import snapshot_for_user, snapshots_for_user
from .selectors import (
    classification_preview,
    compare_snapshots,
    previous_snapshot_id,
    snapshot_choices,
    snapshot_rows,
    snapshots_with_counts,
)
from .services import apply_classification

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


def _apply(request, form: ApplyClassificationForm):
    """Apply the classification for a valid form: the snapshot's page, or None with the
    service's refusal on the form."""
    try:
        snapshot = apply_classification(user=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return None
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


@internal_required
@require_http_methods(["GET", "POST"])
def classes(request):
    can_manage = can_manage_portfolio(request.user)
    form = ApplyClassificationForm(request.POST or None)
    if request.method == "POST":
        require_portfolio_manager(request.user)
        if form.is_valid():
            applied = _apply(request, form)
            if applied is not None:
                return applied
    preview = classification_preview(user=request.user)
    changes = Paginator(preview.changes, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    change_rows = [
        {
            "row": row,
            "current": class_label(row.current),
            "proposed": class_label(row.proposed),
            "cumulative": percent(row.cumulative_share),
        }
        for row in changes.object_list
    ]
    context = {
        "preview": preview,
        "counts": _class_counts(preview.counts_before, preview.counts_after),
        "changes": changes,
        "change_rows": change_rows,
        "changes_pager": pager(
            request, changes, "page", label=_("Pages of changes"), target="class-changes"
        ),
        "settings": PortfolioSettings.load(),
        "metric_label": metric_label(preview.metric),
        "form": form,
        "errors": form_errors(form),
        "can_manage": can_manage,
    }
    if request.htmx and request.htmx.target == "class-changes":
        return render(request, "portfolio/_class_changes.html", context)
    return render(request, "portfolio/classes.html", context)


# --- snapshots ----------------------------------------------------------------------------


@internal_required
@require_GET
def snapshot_list(request):
    snapshots = snapshots_with_counts(request.user)
    page = Paginator(snapshots, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    # "Changed" over the accounts the user sees, like the class counts (issue #19).
    page.object_list = snapshots_for_user(page.object_list, request.user)
    choices = snapshot_choices()
    return render(
        request,
        "portfolio/snapshots.html",
        {
            "page": page,
            "classes": AccountClass.choices,
            "choices": choices,
            "default_a": choices[1][0] if len(choices) > 1 else None,
            "default_b": choices[0][0] if choices else None,
            "can_manage": can_manage_portfolio(request.user),
        },
    )


@internal_required
@require_GET
def snapshot_detail(request, pk):
    found = get_object_or_404(snapshots_with_counts(request.user), pk=parse_pk(pk))
    # Totals, "classes changed" and the parameters over what the user sees (issue #19).
    snapshot = snapshot_for_user(found, request.user)
    changed_only = request.GET.get("changed") == "1"
    class_filter = request.GET.get("class", "")
    if class_filter not in AccountClass.values:
        class_filter = ""
    rows = snapshot_rows(
        snapshot, request.user, changed_only=changed_only, account_class=class_filter
    )
    page = Paginator(rows, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    display = [
        {
            "row": row,
            "before": class_label(row.class_before),
            "after": class_label(row.class_after),
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
            "previous": previous_snapshot_id(snapshot),
            "can_manage": can_manage_portfolio(request.user),
        },
    )


def _parameter_text(key: str, value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k} {v}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if key == "metric":
        return metric_label(str(value))
    return str(value)


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
    return [
        (labels.get(key, key.replace("_", " ")), _parameter_text(key, value))
        for key, value in (parameters or {}).items()
        if key not in SHOWN_APART
    ]


def _picked_snapshots(snapshots, given: dict[str, str]):
    """The two snapshots the query names ("a", "b"), with what is wrong with the choice;
    without any choice the latest two (older as "a")."""
    errors: list[str] = []
    picked: dict[str, Snapshot | None] = {"a": None, "b": None}
    labels = {"a": _("Older snapshot"), "b": _("Newer snapshot")}
    if not any(given.values()):
        latest = list(snapshots[:2])
        if len(latest) == 2:
            picked = {"a": latest[1], "b": latest[0]}
        return picked, errors
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
            errors.append(f"{labels[name]}: " + _("No snapshot “%(value)s”.") % {"value": raw[:40]})
        picked[name] = found
    if picked["a"] and picked["b"] and picked["a"].pk == picked["b"].pk:
        errors.append(f"{labels['b']}: {_('Choose two different snapshots.')}")
    return picked, errors


def _comparison(older: Snapshot, newer: Snapshot, user) -> dict:
    """The comparison with the class labels, and the first MOVED_SHOWN accounts of each
    list for display."""
    comparison = compare_snapshots(older, newer, user=user)
    for entry in comparison["classes"]:
        for name in ("moved_in", "moved_out"):
            for row in entry[name]:
                row["before_label"] = class_label(row["before"])
                row["after_label"] = class_label(row["after"])
            entry[f"{name}_shown"] = entry[name][:MOVED_SHOWN]
    return comparison


@internal_required
@require_GET
def snapshot_compare(request):
    snapshots = Snapshot.objects.select_related("created_by")
    given = {name: request.GET.get(name, "").strip() for name in ("a", "b")}
    picked, errors = _picked_snapshots(snapshots, given)
    comparison = None
    older, newer = picked["a"], picked["b"]
    if older and newer and not errors:
        if (newer.created_at, newer.pk) < (older.created_at, older.pk):
            older, newer = newer, older
        comparison = _comparison(older, newer, request.user)
    return render(
        request,
        "portfolio/snapshot_compare.html",
        {
            "errors": errors,
            "older": older,
            "newer": newer,
            "comparison": comparison,
            "choices": snapshot_choices(),
            "currency": newer.currency if newer else "",
            "can_manage": can_manage_portfolio(request.user),
            "selected_a": older.pk if older else given["a"],
            "selected_b": newer.pk if newer else given["b"],
        },
    )
