"""The plans of an account and their life: versions, creating, the header, state
changes (submit, return, approve, revise, review, delete), comparing two versions, the
history, the print view and the recently deleted items (restored in the workspace)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import account_for_user, can_write_account
from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_save
from keyplan.core.web import apply_service_errors, parse_pk, safe_next
from keyplan.plans.access import can_approve_plans, can_delete_plan, permissions, plan_for_user
from keyplan.plans.items.selectors import deleted_items
from keyplan.plans.models import ITEM_MODELS, AccountPlan, ItemKind, PlanState
from keyplan.plans.workspace.domain import KIND_LABELS
from keyplan.plans.workspace.views import section_url

from . import pdf, selectors, services
from .forms import PlanForm


@internal_required
@require_http_methods(["GET"])
def plan_list(request, account_pk):
    access = account_for_user(request.user, account_pk)
    account = access.account
    plans = list(selectors.plans_for_account(account))
    archived = list(selectors.plans_for_account(account, archived=True))
    is_approver = can_approve_plans(request.user)
    for plan in plans:
        plan.account = account
        plan.perms = {  # type: ignore[attr-defined]
            "submit": access.can_write and plan.state == PlanState.DRAFT,
            "return": plan.state == PlanState.IN_REVIEW and (access.can_write or is_approver),
            "approve": plan.state == PlanState.IN_REVIEW and is_approver,
            "revise": access.can_write and plan.state == PlanState.APPROVED,
            "delete": access.can_write
            and plan.state == PlanState.DRAFT
            and can_delete_plan(request.user, plan),
        }
    form = PlanForm() if access.can_write else None
    return render(
        request,
        "plans/list.html",
        {
            "account": account,
            "access": access,
            "plans": plans,
            "archived_plans": archived,
            "can_restore": access.can_write
            and (is_approver or account.owner_id == request.user.pk),
            "form": form,
        },
    )


@internal_required
@require_http_methods(["GET", "POST"])
def plan_create(request, account_pk):
    access = account_for_user(request.user, account_pk, write=True)
    account = access.account
    if not can_write_account(request.user, account):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            plan = services.plan_create(
                user=request.user,
                account=account,
                period=data["period"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                summary=data.get("summary") or "",
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Plan %(plan)s started.") % {"plan": f"{plan.period} v{plan.version}"}
            )
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "account": account, "plan": None})


@internal_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    pa = plan_for_user(request.user, pk, write=True)
    plan = pa.plan
    if not plan.is_editable:
        raise PermissionDenied
    form = PlanForm(request.POST or None, instance=plan)
    conflict = None
    status = 200
    if request.method == "POST":
        result = row_save(
            form,
            lambda valid: services.plan_update(
                user=request.user,
                plan=plan,
                data=valid.service_data(),
                seen_updated_at=valid.cleaned_data.get("seen_updated_at"),
            ),
        )
        if result.status == 200:
            messages.success(request, _("Changes saved."))
            return redirect("plans:detail", pk=plan.pk)
        if result.status == 409:
            conflict = result.current
            status = 409
            form.add_error(
                None,
                _(
                    "Someone else saved this plan while you were editing it. Their version "
                    "is shown beside yours; save again to keep yours, or reload to keep theirs."
                ),
            )
            form.data = form.data.copy()
            form.data["seen_updated_at"] = conflict.updated_at.isoformat()
    return render(
        request,
        "plans/plan_form.html",
        {"form": form, "account": plan.account, "plan": plan, "conflict": conflict},
        status=status,
    )


def _transition(request, pk, action: str):
    write = action not in ("approve", "return")
    pa = plan_for_user(request.user, pk, write=write)
    if not write and not (pa.can_write or can_approve_plans(request.user)):
        raise PermissionDenied
    plan = pa.plan
    comment = request.POST.get("comment", "")[:500]
    done = {
        "submit": _("Plan submitted for review."),
        "return": _("Plan returned to draft."),
        "approve": _("Plan approved."),
        "revise": _("New version started: the approved one is kept as it was."),
        "reviewed": _("Plan marked as reviewed."),
    }
    try:
        if action == "submit":
            result = services.plan_submit(user=request.user, plan=plan, comment=comment)
        elif action == "return":
            result = services.plan_return(user=request.user, plan=plan, comment=comment)
        elif action == "approve":
            result = services.plan_approve(user=request.user, plan=plan, comment=comment)
        elif action == "revise":
            result = services.plan_revise(user=request.user, plan=plan)
        else:
            result = services.plan_mark_reviewed(user=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(safe_next(request, reverse("plans:detail", args=[plan.pk])))
    messages.success(request, done[action])
    if action == "revise":
        return redirect("plans:detail", pk=result.pk)
    return redirect(safe_next(request, reverse("plans:detail", args=[plan.pk])))


@internal_required
@require_POST
def plan_submit(request, pk):
    return _transition(request, pk, "submit")


@internal_required
@require_POST
def plan_return(request, pk):
    return _transition(request, pk, "return")


@internal_required
@require_POST
def plan_approve(request, pk):
    return _transition(request, pk, "approve")


@internal_required
@require_POST
def plan_revise(request, pk):
    return _transition(request, pk, "revise")


@internal_required
@require_POST
def plan_reviewed(request, pk):
    return _transition(request, pk, "reviewed")


@internal_required
@require_http_methods(["GET", "POST"])
def plan_delete(request, pk):
    """Archive a draft (the former delete): a confirmation page, nothing deleted."""
    pa = plan_for_user(request.user, pk, write=True)
    plan = pa.plan
    if not can_delete_plan(request.user, plan):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            services.plan_delete(user=request.user, plan=plan)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("Plan %(plan)s archived.") % {"plan": f"{plan.period} v{plan.version}"}
            )
            return redirect("plans:account", account_pk=plan.account_id)
    return render(
        request,
        "plans/plan_delete.html",
        {"plan": plan, "account": plan.account, "error": error},
        status=422 if error else 200,
    )


@internal_required
@require_POST
def plan_restore(request, pk):
    pa = plan_for_user(request.user, pk, write=True)
    plan = pa.plan
    if not can_delete_plan(request.user, plan):
        raise PermissionDenied
    try:
        services.plan_restore(user=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Plan %(plan)s restored.") % {"plan": f"{plan.period} v{plan.version}"}
        )
    return redirect("plans:account", account_pk=plan.account_id)


# --- versions, history, print, deleted ----------------------------------------------------


@internal_required
@require_http_methods(["GET"])
def plan_compare(request, pk):
    pa = plan_for_user(request.user, pk)
    plan = pa.plan
    versions = list(
        AccountPlan.objects.filter(account_id=plan.account_id)
        .exclude(pk=plan.pk)
        .order_by("-starts_on", "-version")
    )
    base = None
    raw = request.GET.get("base")
    if raw:
        base_pk = parse_pk(raw)
        base = next((v for v in versions if v.pk == base_pk), None)
        if base is None:
            raise Http404  # another account's plan, or none: the same answer
    elif plan.previous_id is not None:
        base = next((v for v in versions if v.pk == plan.previous_id), None)
    diff = None
    sections = []
    if base is not None:
        base.account = plan.account
        diff = selectors.plan_compare(base, plan)
        for kind, label in ItemKind.choices:
            items = [item for item in diff.items if item.kind == kind]
            if items:
                sections.append({"kind": kind, "label": label, "items": items})
    return render(
        request,
        "plans/compare.html",
        {
            "plan": plan,
            "account": plan.account,
            "base": base,
            "versions": versions,
            "diff": diff,
            "diff_sections": sections,
        },
    )


@internal_required
@require_http_methods(["GET"])
def plan_history_page(request, pk):
    pa = plan_for_user(request.user, pk)
    return render(
        request,
        "plans/history.html",
        {"plan": pa.plan, "account": pa.plan.account, "history": selectors.plan_history(pa.plan)},
    )


@internal_required
@require_http_methods(["GET"])
def plan_print(request, pk):
    pa = plan_for_user(request.user, pk)
    return render(request, "plans/print.html", pdf.print_context(pa.plan))


@internal_required
@require_http_methods(["GET"])
def plan_pdf(request, pk):
    """The plan as an A4 PDF in the language `?lang=` names (en, ru, pl; else the page's)."""
    pa = plan_for_user(request.user, pk)
    response = HttpResponse(
        pdf.render_pdf(pa.plan, request.GET.get("lang")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{pdf.pdf_filename(pa.plan)}"'
    return response


@internal_required
@require_http_methods(["GET"])
def plan_deleted(request, pk):
    pa = plan_for_user(request.user, pk)
    plan = pa.plan
    rows = [
        {"entry": entry, "kind_label": KIND_LABELS[entry.kind]} for entry in deleted_items(plan)
    ]
    return render(
        request,
        "plans/deleted.html",
        {
            "plan": plan,
            "account": plan.account,
            "rows": rows,
            "kinds": list(ITEM_MODELS),
            "section_url": section_url,
            **permissions(request.user, pa),
        },
    )
