"""The offer comparison from the customer's view (seed 000): the account's buying
criteria with their weights (add, edit, delete), the score grid of our offer and each
competitor's (inline edit), weighted totals, the radar chart and the unique advantages,
each of which goes to the plan's unique value in one click."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.rows import row_save
from keyplan.core.web import apply_service_errors, htmx_or_redirect, parse_pk

from ..access import criterion_for_user
from ..common.views import CONFLICT_MESSAGE, HtmxRequest
from . import services
from .forms import CriterionForm, OfferScoreForm
from .selectors import OfferComparison, offer_comparison


def _grid_context(
    access: AccountAccess, *, error: str = "", comparison: OfferComparison | None = None
) -> dict[str, Any]:
    comparison = comparison or offer_comparison(access.account)
    radar = dict(comparison.radar)
    radar["labels"] = {"max": _("Score (1-5)")}
    return {
        "account": access.account,
        "can_write": access.can_write,
        "comparison": comparison,
        "radar": radar,
        "grid_error": error,
    }


def _page(
    request: HtmxRequest,
    access: AccountAccess,
    *,
    new_form: CriterionForm | None = None,
    bound: dict[int, CriterionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _grid_context(access)
    if access.can_write:
        context["new_form"] = new_form or CriterionForm(prefix="new")
        context["edit_forms"] = {
            row.criterion.pk: (bound or {}).get(row.criterion.pk)
            or CriterionForm.for_instance(row.criterion)
            for row in context["comparison"].rows
        }
    return render(request, "competition/offers.html", context, status=status)


@internal_required
@require_http_methods(["GET"])
def offer_page(request: HtmxRequest, account_pk: int) -> HttpResponse:
    access = account_for_user(request.user, account_pk)
    return _page(request, access)


@internal_required
@require_POST
def criterion_create(request: HtmxRequest, account_pk: int) -> HttpResponse:
    access = account_for_user(request.user, account_pk, write=True)
    form = CriterionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.criterion_create(
                user=request.user, account=access.account, data=form.data_fields()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Criterion added."))
            return redirect(reverse("competition:offers", args=[access.account.pk]) + "#criteria")
    return _page(request, access, new_form=form, status=422)


@internal_required
@require_POST
def criterion_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    criterion, access = criterion_for_user(request.user, pk, write=True)
    form = CriterionForm.for_instance(criterion, request.POST)
    result = row_save(
        form,
        lambda f: services.criterion_update(
            user=request.user,
            criterion=criterion,
            data=f.data_fields(),
            seen_updated_at=f.cleaned_data.get("seen_updated_at"),
        ),
    )
    if result.status == 200:
        messages.success(request, _("Criterion saved."))
        return redirect(reverse("competition:offers", args=[access.account.pk]) + "#criteria")
    if result.status == 409:
        form.add_error(None, CONFLICT_MESSAGE)
    return _page(request, access, bound={criterion.pk: form}, status=result.status)


@internal_required
@require_POST
def criterion_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    criterion, access = criterion_for_user(request.user, pk, write=True)
    form = CriterionForm.for_instance(criterion, request.POST)
    form.is_valid()
    try:
        services.criterion_delete(
            user=request.user,
            criterion=criterion,
            seen_updated_at=form.cleaned_data.get("seen_updated_at"),
        )
    except ConflictError:
        messages.error(request, str(CONFLICT_MESSAGE))
    else:
        messages.success(request, _("Criterion deleted."))
    return redirect(reverse("competition:offers", args=[access.account.pk]) + "#criteria")


@internal_required
@require_POST
def score_set(request: HtmxRequest, pk: int) -> HttpResponse:
    """One cell of the grid: `offer` is "us" or a competitor's id; an empty score
    clears the cell. htmx gets the grid back (totals and advantages follow)."""
    criterion, access = criterion_for_user(request.user, pk, write=True)
    offer = request.POST.get("offer", "us")
    competitor_id = None if offer == "us" else parse_pk(offer)
    form = OfferScoreForm(request.POST)
    error, status = "", 200
    if form.is_valid():
        try:
            services.offer_score_set(
                user=request.user,
                criterion=criterion,
                competitor_id=competitor_id,
                score=form.cleaned_data["score"],
                note=form.cleaned_data.get("note") or "",
                seen_updated_at=form.cleaned_data.get("seen_updated_at"),
            )
        except ConflictError:
            error, status = str(CONFLICT_MESSAGE), 409
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 422
    else:
        error, status = _("Enter a score from 1 to 5, or leave it empty."), 422
    back = reverse("competition:offers", args=[access.account.pk]) + "#offer-grid"
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(back)
    context = _grid_context(access, error=error)
    return render(request, "competition/_offer_grid.html", context, status=status)


@internal_required
@require_POST
def advantage_to_plan(request: HtmxRequest, pk: int) -> HttpResponse:
    criterion, access = criterion_for_user(request.user, pk, write=True)
    back = reverse("competition:offers", args=[access.account.pk]) + "#advantages"
    try:
        item = services.advantage_to_plan(user=request.user, criterion=criterion)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return htmx_or_redirect(request, back)
    url = reverse("plans:section", args=[item.plan_id, "value"])
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>', _("Added to the plan's unique value:"), url, criterion.name
        ),
    )
    return htmx_or_redirect(request, back)
