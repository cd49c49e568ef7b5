"""The plan workspace: one tab per section, items added, changed, deleted and restored
inline (htmx), every action also a plain form for a browser without JavaScript.

Thin adapters: plans.access decides who may see and change; services write (and refuse
stale saves with ConflictError); selectors read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.web import apply_service_errors, safe_next

from . import selectors, services
from .access import PlanAccess, item_for_user, item_model, plan_for_user
from .forecast import account_forecast
from .forms import SERVICE_TO_FIELD, ItemForm, item_form
from .models import ITEM_MODELS, AccountPlan, ItemKind, PlanItem
from .web import (
    DEFAULT_SECTION,
    SECTION_BY_SLUG,
    SECTION_OF_KIND,
    SECTIONS,
    Section,
    add_form,
    add_slots,
    can_edit_item,
    conflict_rows,
    decorate,
    load_item,
    permissions,
    section_url,
    step_url,
)


def completeness_context(plan: AccountPlan) -> dict:
    result = selectors.plan_completeness(plan)
    steps = [{"step": step, "url": step_url(plan, step.section)} for step in result.missing]
    return {"completeness": result, "missing_steps": steps}


def _undo(plan: AccountPlan, token: str) -> dict | None:
    """The deleted item named by `token` ("kind:id") if it is still gone: the Undo offer."""
    kind, _sep, raw = token.partition(":")
    if kind not in ITEM_MODELS or not raw.isdigit():
        return None
    model = ITEM_MODELS[kind]
    record = (
        model.history.filter(id=int(raw), plan_id=plan.pk)  # type: ignore[attr-defined]
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None or record.history_type != "-":
        return None
    return {"kind": kind, "id": int(raw), "label": record.instance.label}


def section_context(
    request,
    pa: PlanAccess,
    section: Section,
    *,
    bound: dict[str, ItemForm] | None = None,
    notice: str = "",
    undo: dict | None = None,
) -> dict:
    """The body of one tab: its items (with what displaying them needs), an add form per
    slot for those who may edit, and the notice of the last inline change."""
    plan = pa.plan
    perms = permissions(request.user, pa)
    today = timezone.localdate()
    blocks = []
    for kind in section.kinds:
        items = decorate(plan, kind, list(selectors.items_of(plan, kind)), today=today)
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
    context = {
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
        context["forecast"] = account_forecast(plan.account, today=today)
        context["chart"] = _potential_chart(context["forecast"], blocks[0]["items"])
    if section.slug == "swot":
        context["quadrants"] = _swot_grid(blocks[0])
    return context


def _swot_grid(block: dict) -> list[dict]:
    from .models import Quadrant

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


def _potential_chart(forecast, estimates) -> dict:
    """The chart's data: the actual yearly revenue, the forecast with its interval and
    the entered estimates, on one axis of years (amounts as numbers for ECharts)."""
    years = sorted(
        {y.year for y in forecast.history}
        | {p.year for p in forecast.points}
        | {e.year for e in estimates}
    )

    def series(values: dict[int, object]) -> list:
        return [float(values[y]) if y in values else None for y in years]

    points = {p.year: p for p in forecast.points}
    return {
        "years": [str(y) for y in years],
        "actual": series({y.year: y.value for y in forecast.history}),
        "forecast": series({y: p.mid for y, p in points.items()}),
        "lower": series({y: p.lower for y, p in points.items()}),
        "band": series({y: p.upper - p.lower for y, p in points.items()}),
        "upper": series({y: p.upper for y, p in points.items()}),
        "estimates": series({e.year: e.expected_volume for e in estimates}),
        "currency": forecast.currency,
        "labels": {
            "actual": _("Actual revenue"),
            "forecast": _("Forecast"),
            "band": _("Forecast interval (%(level)d%%)") % {"level": round(forecast.level * 100)},
            "estimates": _("Our estimate"),
        },
    }


def workspace_context(request, pa: PlanAccess, section: Section, **kwargs) -> dict:
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


def _render_workspace(request, pa: PlanAccess, section: Section, *, status=200, **kwargs):
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
    undo = _undo(pa.plan, request.GET.get("undo", "")[:40]) if request.GET.get("undo") else None
    context = workspace_context(request, pa, chosen, undo=undo)
    return render(request, "plans/workspace.html", context)


# --- items -------------------------------------------------------------------------------


def _kind_of(kind: str) -> str:
    item_model(kind)  # 404 for an unknown kind
    return kind


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


def _edit_form(item: PlanItem, data=None) -> ItemForm:
    return item_form(item.plan, item.kind, data=data, instance=item)


def _item_context(request, pa: PlanAccess, item: PlanItem, **extra) -> dict:
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
    form = _edit_form(item, request.POST if request.method == "POST" else None)
    status = 200
    conflict = None
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.item_update(
                    user=request.user,
                    item=item,
                    data=form.service_data(),
                    seen_updated_at=form.cleaned_data.get("seen_updated_at"),
                )
            except ConflictError as exc:
                conflict = load_item(pa.plan, kind, exc.current.pk) or exc.current
                status = 409
            except ValidationError as exc:
                apply_service_errors(form, exc, SERVICE_TO_FIELD)
                status = 422
            else:
                notice = _("Saved “%(label)s”.") % {"label": saved.label[:80]}
                if not request.htmx:
                    messages.success(request, notice)
                    return redirect(section_url(pa.plan, kind) + f"#item-{kind}-{saved.pk}")
                shown = load_item(pa.plan, kind, saved.pk) or saved
                context = _item_context(request, pa, shown, notice=notice, saved=True)
                context.update(completeness_context(pa.plan))
                context["oob"] = True
                return render(request, "plans/_item.html", context)
        else:
            status = 422
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


@internal_required
@require_http_methods(["GET", "POST"])
def item_delete(request, pk, kind, item_pk):
    kind = _kind_of(kind)
    item, pa = item_for_user(request.user, kind, item_pk, plan_id=pk, write=True)
    section = SECTION_OF_KIND[kind]
    if request.method == "GET":  # the confirmation, for a browser without JavaScript
        return render(request, "plans/item_delete.html", _item_context(request, pa, item))
    seen = ItemForm.base_fields["seen_updated_at"]
    try:
        seen_at = seen.clean(request.POST.get("seen_updated_at") or None)
    except ValidationError:
        seen_at = None
    try:
        services.item_delete(user=request.user, item=item, seen_updated_at=seen_at)
    except ConflictError:
        notice = _(
            "Someone changed “%(label)s” after you opened the page; it was not deleted. "
            "Its current version is shown now: delete it again if you still mean to."
        ) % {"label": item.label[:80]}
        if request.htmx:
            return _render_workspace(request, pa, section, status=409, notice=notice)
        messages.error(request, notice)
        return redirect(section_url(pa.plan, kind))
    except ValidationError as exc:
        if request.htmx:
            return _render_workspace(request, pa, section, status=422, notice=exc.messages[0])
        messages.error(request, exc.messages[0])
        return redirect(section_url(pa.plan, kind))
    undo = {"kind": kind, "id": item.pk, "label": item.label}
    if request.htmx:
        return _render_workspace(request, pa, section, undo=undo)
    return redirect(section_url(pa.plan, kind) + f"?undo={kind}:{item.pk}")


@internal_required
@require_POST
def item_restore(request, pk, kind, item_pk):
    kind = _kind_of(kind)
    pa = plan_for_user(request.user, pk, write=True)
    section = SECTION_OF_KIND[kind]
    try:
        item_id = int(item_pk)
        item = services.item_restore(user=request.user, plan=pa.plan, kind=kind, item_id=item_id)
    except ValidationError as exc:
        if request.htmx:
            return _render_workspace(request, pa, section, status=422, notice=exc.messages[0])
        messages.error(request, exc.messages[0])
        return redirect(section_url(pa.plan, kind))
    notice = _("Restored “%(label)s”.") % {"label": item.label[:80]}
    if request.htmx and not request.POST.get("next"):
        return _render_workspace(request, pa, section, notice=notice)
    messages.success(request, notice)
    default = section_url(pa.plan, kind) + f"#item-{kind}-{item.pk}"
    return redirect(safe_next(request, default))
