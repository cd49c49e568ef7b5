"""The offer comparison from the customer's view (seed 000): the account's buying
criteria with their weights (add, edit, delete), the score grid of our offer and each
competitor's (inline edit), weighted totals, the radar chart and the unique advantages,
each of which goes to the plan's unique value in one click; and the portfolio view."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.web import htmx_or_redirect, parse_pk

from . import selectors, services_offers
from .access import criterion_for_user
from .forms import CriterionForm, OfferScoreForm, apply_errors
from .views_common import CONFLICT_MESSAGE


def _grid_context(access, *, error: str = "", comparison=None) -> dict:
    comparison = comparison or selectors.offer_comparison(access.account)
    radar = dict(comparison.radar)
    radar["labels"] = {"max": _("Score (1-5)")}
    return {
        "account": access.account,
        "can_write": access.can_write,
        "comparison": comparison,
        "radar": radar,
        "grid_error": error,
    }


def _page(request, access, *, new_form=None, bound=None, status=200):
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
def offer_page(request, account_pk):
    access = account_for_user(request.user, account_pk)
    return _page(request, access)


@internal_required
@require_POST
def criterion_create(request, account_pk):
    access = account_for_user(request.user, account_pk, write=True)
    form = CriterionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services_offers.criterion_create(
                user=request.user, account=access.account, data=form.data_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Criterion added."))
            return redirect(reverse("competition:offers", args=[access.account.pk]) + "#criteria")
    return _page(request, access, new_form=form, status=422)


@internal_required
@require_POST
def criterion_edit(request, pk):
    criterion, access = criterion_for_user(request.user, pk, write=True)
    form = CriterionForm.for_instance(criterion, request.POST)
    status = 422
    if form.is_valid():
        try:
            services_offers.criterion_update(
                user=request.user,
                criterion=criterion,
                data=form.data_fields(),
                seen_updated_at=form.cleaned_data.get("seen_updated_at"),
            )
        except ConflictError:
            status = 409
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Criterion saved."))
            return redirect(reverse("competition:offers", args=[access.account.pk]) + "#criteria")
    return _page(request, access, bound={criterion.pk: form}, status=status)


@internal_required
@require_POST
def criterion_delete(request, pk):
    criterion, access = criterion_for_user(request.user, pk, write=True)
    form = CriterionForm.for_instance(criterion, request.POST)
    form.is_valid()
    try:
        services_offers.criterion_delete(
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
def score_set(request, pk):
    """One cell of the grid: `offer` is "us" or a competitor's id; an empty score
    clears the cell. htmx gets the grid back (totals and advantages follow)."""
    criterion, access = criterion_for_user(request.user, pk, write=True)
    offer = request.POST.get("offer", "us")
    competitor_id = None if offer == "us" else parse_pk(offer)
    form = OfferScoreForm(request.POST)
    error, status = "", 200
    if form.is_valid():
        try:
            services_offers.offer_score_set(
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
def advantage_to_plan(request, pk):
    criterion, access = criterion_for_user(request.user, pk, write=True)
    back = reverse("competition:offers", args=[access.account.pk]) + "#advantages"
    try:
        item = services_offers.advantage_to_plan(user=request.user, criterion=criterion)
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


# --- portfolio ----------------------------------------------------------------------------


PORTFOLIO_SORTS = {
    "name": lambda row: (row.competitor.name.lower(),),
    "accounts": lambda row: (row.accounts,),
    "class": lambda row: (row.of_class,),
    "incumbent": lambda row: (row.incumbent,),
    "share": lambda row: (row.share_avg is not None, row.share_avg or 0),
    "rising": lambda row: (row.support_rising,),
}


@internal_required
@require_http_methods(["GET"])
def portfolio(request):
    account_class = request.GET.get("class", AccountClass.STRATEGIC)
    if account_class not in AccountClass.values:
        account_class = AccountClass.STRATEGIC
    rows = selectors.portfolio_competition(request.user, account_class=account_class)
    raw = request.GET.get("sort", "-accounts")
    key = raw.lstrip("-")
    if key not in PORTFOLIO_SORTS:
        raw, key = "-accounts", "accounts"
    rows = sorted(rows, key=lambda r: r.competitor.name.lower())
    rows.sort(key=PORTFOLIO_SORTS[key], reverse=raw.startswith("-"))
    from .views_common import paginate

    context = {
        "page": paginate(request, rows),
        "account_class": account_class,
        "class_label": dict(AccountClass.choices)[account_class],
        "class_choices": AccountClass.choices,
        "default_sort": "-accounts",
    }
    return render(request, "competition/portfolio.html", context)
