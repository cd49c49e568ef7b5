"""An account's service costs (the cost to serve it): the list (filtered by category and
dates, paged, with exact totals per category of the rows filtered and the latest
changes), adding one, changing one (refused when someone else saved it meanwhile: 409
with their version), deleting one.

Thin adapters: the access rule is `account_for_user` / `cost_for_user` (outsiders 404,
read-only roles 403 on every write), the services write and validate
(keyplan.sales.costs.services), the selectors read.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_delete, row_save
from keyplan.core.web import apply_service_errors, safe_next
from keyplan.sales.costs import services
from keyplan.sales.costs.selectors import (
    account_cost_changes,
    account_cost_list,
    cost_changes,
    cost_for_user,
    cost_totals,
)

from .forms import CostFilterForm, ServiceCostForm


def list_url(account_id: int) -> str:
    return reverse("economics:account-costs", args=[account_id])


@internal_required
@require_GET
def account_costs(request, pk):
    access = account_for_user(request.user, pk)
    account = access.account
    # Its own ids: the add form on the same page has fields of the same names.
    filter_form = CostFilterForm(request.GET, auto_id="filter_%s")
    filters = filter_form.filters()
    costs = account_cost_list(account, filters)
    page = Paginator(costs, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    totals, per_currency = cost_totals(costs)
    form = None
    if access.can_write:
        form = ServiceCostForm(account=account)
        form.fields["date"].widget.attrs.pop("autofocus", None)  # folded: opened by the user
    context = {
        "account": account,
        "access": access,
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "totals": totals,
        "per_currency": per_currency,
        "changes": account_cost_changes(account),
        "form": form,
    }
    return render(request, "economics/costs/list.html", context)


@internal_required
@require_http_methods(["GET", "POST"])
def cost_create(request, pk):
    access = account_for_user(request.user, pk, write=True)
    account = access.account
    form = ServiceCostForm(request.POST if request.method == "POST" else None, account=account)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                cost = services.service_cost_create(
                    user=request.user, account=account, data=form.service_data()
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Added %(category)s of %(date)s.")
                    % {"category": cost.get_category_display(), "date": cost.date.isoformat()},
                )
                return redirect(safe_next(request, list_url(account.pk)))
        status = 422
    context = {"account": account, "form": form, "creating": True}
    return render(request, "economics/costs/form.html", context, status=status)


@internal_required
@require_http_methods(["GET", "POST"])
def cost_edit(request, pk):
    cost, access = cost_for_user(request.user, pk, write=True)
    account = access.account
    form = ServiceCostForm.for_cost(cost, request.POST if request.method == "POST" else None)
    status, conflict = 200, None
    if request.method == "POST":
        result = row_save(
            form,
            lambda valid: services.service_cost_update(
                user=request.user,
                cost=cost,
                data=valid.service_data(),
                seen_updated_at=valid.cleaned_data.get("seen_updated_at"),
            ),
        )
        if result.gone:
            messages.error(request, _("This service cost was deleted meanwhile."))
            return redirect(list_url(account.pk))
        if result.status == 200:
            messages.success(request, _("Saved."))
            return redirect(safe_next(request, list_url(account.pk)))
        status = result.status
        if status == 409:
            conflict = result.current
            # Saving again is checked against their version, so it keeps the user's.
            form.data = form.data.copy()
            form.data["seen_updated_at"] = conflict.updated_at.isoformat()
    context = {
        "account": account,
        "cost": cost,
        "form": form,
        "conflict": conflict,
        "changes": cost_changes(cost),
    }
    return render(request, "economics/costs/form.html", context, status=status)


@internal_required
@require_http_methods(["GET", "POST"])
def cost_delete(request, pk):
    cost, access = cost_for_user(request.user, pk, write=True)
    context = {"account": access.account, "cost": cost}
    if request.method == "GET":
        return render(request, "economics/costs/delete.html", context)
    deleted = row_delete(
        request,
        ServiceCostForm,
        lambda seen: services.service_cost_delete(
            user=request.user, cost=cost, seen_updated_at=seen
        ),
    )
    if not deleted:
        current = account_cost_list(access.account).filter(pk=cost.pk).first()
        if current is None:
            messages.error(request, _("This service cost was deleted meanwhile."))
            return redirect(list_url(access.account.pk))
        # Their version is shown; deleting again (against it) is the user's choice.
        context.update(cost=current, conflict=True)
        return render(request, "economics/costs/delete.html", context, status=409)
    messages.success(request, _("The service cost was deleted."))
    return redirect(safe_next(request, list_url(access.account.pk)))
