"""The plan workspace: one tab per section, items added, changed, deleted and restored
inline (htmx), every action also a plain form for a browser without JavaScript.

Thin adapters: plans.access decides who may see and change; items.services write (and
refuse stale saves with ConflictError); the selectors read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_delete, row_save
from keyplan.core.web import apply_service_errors, safe_next
from keyplan.plans.access import (
    PlanAccess,
    can_edit_item,
    item_for_user,
    item_model,
    permissions,
    plan_for_user,
)
from keyplan.plans.completeness.selectors import plan_completeness
from keyplan.plans.forecast.charts import potential_chart
from keyplan.plans.items import services
from keyplan.plans.items.forms import (
    SERVICE_TO_FIELD,
    ItemForm,
    add_form,
    add_slots,
    conflict_rows,
    item_form,
)
from keyplan.plans.items.selectors import items_of
from keyplan.plans.models import AccountPlan, ItemKind, PlanItem, Quadrant
from keyplan.sales.forecast.selectors import account_forecast

from .domain import DEFAULT_SECTION, SECTION_BY_SLUG, SECTION_OF_KIND, SECTIONS, Section
from .selectors import decorate, load_item, undo_offer

# --- the page ----------------------------------------------------------------------------


def section_url(plan: AccountPlan, kind_or_slug: str) -> str:
    section = SECTION_BY_SLUG.get(kind_or_slug) or SECTION_OF_KIND.get(kind_or_slug)
    if section is None or section is DEFAULT_SECTION:
        return reverse("plans:detail", args=[plan.pk])
    return reverse("plans:section", args=[plan.pk, section.slug])


def step_url(plan: AccountPlan, step_section: str) -> str:
    """Where to fix a completeness step: its tab, the plan's review, the stakeholders."""
    if step_section == "plan":
        return reverse("plans:detail", args=[plan.pk]) + "#plan-review"
    if step_section == "stakeholders":
        return reverse("accounts:detail-people", args=[plan.account_id]) + "#contacts"
    return section_url(plan, step_section)


def completeness_context(plan: AccountPlan) -> dict[str, Any]:
    result = plan_completeness(plan)
    steps = [{"step": step, "url": step_url(plan, step.section)} for step in result.missing]
    return {"completeness": result, "missing_steps": steps}


def section_context(
    request,
    pa: PlanAccess,
    section: Section,
    *,
    bound: dict[str, ItemForm] | None = None,
    notice: str = "",
    undo: dict | None = None,
) -> dict[str, Any]:
    """The body of one tab: its items (with what displaying them needs), an add form per
    slot for those who may edit, and the notice of the last inline change."""
    plan = pa.plan
    perms = permissions(request.user, pa)
    today = timezone.localdate()
    blocks: list[dict[str, Any]] = []
    for kind in section.kinds:
        items = decorate(plan, kind, list(items_of(plan, kind)), today=today)
        forms = []
        if perms["can_edit"]:
            for slot, fixed, heading in add_slots(kind):
                form = (bound or {}).get(slot) or add_form(plan, kind, slot, fixed)
                forms.append({"slot": slot, "form": form, "heading": heading, "fixed": fixed})
        blocks.append(
            {
                "kind": kind,
                "label": ItemKind(kind).label,
                "items": items,
                "forms": forms,
                "can_edit_items": can_edit_item(perms, kind),
            }
        )
    context: dict[str, Any] = {
        "plan": plan,
        "account": plan.account,
        "section": section,
        "blocks": blocks,
        "by_kind": {block["kind"]: block for block in blocks},
        "notice": notice,
        "undo": undo,
        "today": today,
        **perms,
    }
    if section.slug == "potential":
        forecast = account_forecast(plan.account, today=today)
        context["forecast"] = forecast
        context["chart"] = potential_chart(forecast, blocks[0]["items"])
    if section.slug == "swot":
        context["quadrants"] = _swot_grid(blocks[0])
    return context


def _swot_grid(block: dict[str, Any]) -> list[dict[str, Any]]:
    forms = {f["fixed"].get("quadrant"): f for f in block["forms"]}
    return [
        {
            "code": code,
            "label": label,
            "items": [i for i in block["items"] if i.quadrant == code],
            "form": forms.get(code),
        }
        for code, label in Quadrant.choices
    ]


def workspace_context(request, pa: PlanAccess, section: Section, **kwargs: Any) -> dict[str, Any]:
    plan = pa.plan
    versions = list(
        AccountPlan.objects.filter(account_id=plan.account_id, period=plan.period)
        .exclude(pk=plan.pk)
        .order_by("-version")
        .values("pk", "version", "state")
    )
    return {
        **section_context(request, pa, section, **kwargs),
        **completeness_context(plan),
        "sections": SECTIONS,
        "other_versions": versions,
    }


def _render_workspace(
    request, pa: PlanAccess, section: Section, *, status: int = 200, **kwargs: Any
) -> HttpResponse:
    if request.htmx and not request.htmx.boosted:
        context = {**section_context(request, pa, section, **kwargs)}
        context.update(completeness_context(pa.plan))
        context["oob"] = True
        return render(request, "plans/_section_body.html", context, status=status)
    context = workspace_context(request, pa, section, **kwargs)
    return render(request, "plans/workspace.html", context, status=status)


@internal_required
@require_http_methods(["GET"])
def plan_detail(request, pk, section: str = DEFAULT_SECTION.slug):
    pa = plan_for_user(request.user, pk)
    chosen = SECTION_BY_SLUG.get(section)
    if chosen is None:
        raise Http404
    token = request.GET.get("undo")
    undo = undo_offer(pa.plan, token[:40]) if token else None
    context = workspace_context(request, pa, chosen, undo=undo)
    return render(request, "plans/workspace.html", context)


# --- items -------------------------------------------------------------------------------


def _kind_of(kind: str) -> str:
    item_model(kind)  # 404 for an unknown kind
    return kind


def _refused(request, pa: PlanAccess, kind: str, notice: str, *, status: int = 422) -> HttpResponse:
    """A write the service refused: the tab with the reason (htmx), else back to it."""
    if request.htmx:
        return _render_workspace(request, pa, SECTION_OF_KIND[kind], status=status, notice=notice)
    messages.error(request, notice)
    return redirect(section_url(pa.plan, kind))


@internal_required
@require_POST
def item_create(request, pk, kind):
    kind = _kind_of(kind)
    pa = plan_for_user(request.user, pk, write=True)
    plan = pa.plan
    section = SECTION_OF_KIND[kind]
    slots = {slot: fixed for slot, fixed, _h in add_slots(kind)}
    slot = request.POST.get("slot", kind)
    if slot not in slots:
        slot = next(iter(slots))
    form = add_form(plan, kind, slot, slots[slot], data=request.POST)
    if form.is_valid():
        try:
            item = services.item_create(
                user=request.user, plan=plan, kind=kind, data=form.service_data()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, SERVICE_TO_FIELD)
        else:
            notice = _("Added “%(label)s”.") % {"label": item.label[:80]}
            if request.htmx:
                return _render_workspace(request, pa, section, notice=notice)
            messages.success(request, notice)
            return redirect(section_url(plan, kind) + f"#item-{kind}-{item.pk}")
    status = 422 if request.htmx else 200
    return _render_workspace(request, pa, section, status=status, bound={slot: form})


def _item_context(request, pa: PlanAccess, item: PlanItem, **extra: Any) -> dict[str, Any]:
    perms = permissions(request.user, pa)
    return {
        "plan": pa.plan,
        "item": item,
        "kind": item.kind,
        "can_edit_items": can_edit_item(perms, item.kind),
        "today": timezone.localdate(),
        "section_url": section_url(pa.plan, item.kind),
        **perms,
        **extra,
    }


def _require_item_edit(request, pa: PlanAccess, kind: str) -> None:
    if not can_edit_item(permissions(request.user, pa), kind):
        # Approved or superseded: read-only (the page offers no edit for these).
        raise PermissionDenied


@internal_required
@require_http_methods(["GET"])
def item_detail(request, pk, kind, item_pk):
    """One item as displayed (what Cancel brings back); without htmx, its tab."""
    item, pa = item_for_user(request.user, _kind_of(kind), item_pk, plan_id=pk)
    if not request.htmx:
        return redirect(section_url(pa.plan, kind) + f"#item-{kind}-{item.pk}")
    item = load_item(pa.plan, kind, item.pk) or item
    return render(request, "plans/_item.html", _item_context(request, pa, item))


@internal_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk, kind, item_pk):
    kind = _kind_of(kind)
    item, pa = item_for_user(request.user, kind, item_pk, plan_id=pk, write=True)
    _require_item_edit(request, pa, kind)
    form = item_form(
        item.plan,
        item.kind,
        data=request.POST if request.method == "POST" else None,
        instance=item,
    )
    status = 200
    conflict = None
    if request.method == "POST":
        result = row_save(
            form,
            lambda valid: services.item_update(
                user=request.user,
                item=item,
                data=valid.service_data(),
                seen_updated_at=valid.cleaned_data.get("seen_updated_at"),
            ),
            SERVICE_TO_FIELD,
        )
        if result.status == 200:
            return _item_saved(request, pa, kind, result.saved)
        status = result.status
        if result.current is not None:
            conflict = load_item(pa.plan, kind, result.current.pk) or result.current
    rows = []
    if conflict is not None:
        rows = conflict_rows(form, conflict)
        # The next save is checked against the version now shown: saving again keeps yours.
        form.data = form.data.copy()
        form.data["seen_updated_at"] = conflict.updated_at.isoformat()
    if status == 422 and not request.htmx:
        status = 200
    context = _item_context(
        request, pa, item, form=form, conflict=conflict, conflict_rows=rows, editing=True
    )
    template = "plans/_item_form.html" if request.htmx else "plans/item_edit.html"
    return render(request, template, context, status=status)


def _item_saved(request, pa: PlanAccess, kind: str, saved: PlanItem) -> HttpResponse:
    """The saved item in place (htmx, with the completeness out of band), else its tab."""
    notice = _("Saved “%(label)s”.") % {"label": saved.label[:80]}
    if not request.htmx:
        messages.success(request, notice)
        return redirect(section_url(pa.plan, kind) + f"#item-{kind}-{saved.pk}")
    shown = load_item(pa.plan, kind, saved.pk) or saved
    context = _item_context(request, pa, shown, notice=notice, saved=True)
    context.update(completeness_context(pa.plan))
    context["oob"] = True
    return render(request, "plans/_item.html", context)


@internal_required
@require_http_methods(["GET", "POST"])
def item_delete(request, pk, kind, item_pk):
    kind = _kind_of(kind)
    item, pa = item_for_user(request.user, kind, item_pk, plan_id=pk, write=True)
    if request.method == "GET":  # the confirmation, for a browser without JavaScript
        return render(request, "plans/item_delete.html", _item_context(request, pa, item))
    try:
        deleted = row_delete(
            request,
            ItemForm,
            lambda seen: services.item_delete(user=request.user, item=item, seen_updated_at=seen),
        )
    except ValidationError as exc:
        return _refused(request, pa, kind, exc.messages[0])
    if not deleted:
        notice = _(
            "Someone changed “%(label)s” after you opened the page; it was not deleted. "
            "Its current version is shown now: delete it again if you still mean to."
        ) % {"label": item.label[:80]}
        return _refused(request, pa, kind, notice, status=409)
    undo = {"kind": kind, "id": item.pk, "label": item.label}
    if request.htmx:
        return _render_workspace(request, pa, SECTION_OF_KIND[kind], undo=undo)
    return redirect(section_url(pa.plan, kind) + f"?undo={kind}:{item.pk}")


@internal_required
@require_POST
def item_restore(request, pk, kind, item_pk):
    kind = _kind_of(kind)
    pa = plan_for_user(request.user, pk, write=True)
    try:
        item_id = int(item_pk)
        item = services.item_restore(user=request.user, plan=pa.plan, kind=kind, item_id=item_id)
    except ValidationError as exc:
        return _refused(request, pa, kind, exc.messages[0])
    notice = _("Restored “%(label)s”.") % {"label": item.label[:80]}
    if request.htmx and not request.POST.get("next"):
        return _render_workspace(request, pa, SECTION_OF_KIND[kind], notice=notice)
    messages.success(request, notice)
    default = section_url(pa.plan, kind) + f"#item-{kind}-{item.pk}"
    return redirect(safe_next(request, default))
