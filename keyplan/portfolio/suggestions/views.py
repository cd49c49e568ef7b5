"""The reclassification suggestions page (SPEC §1.4): pending and decided suggestions
with their reason and figures, a director's decision, and generating them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import AccountClass
from keyplan.core.decorators import internal_required
from keyplan.core.money import format_money
from keyplan.core.web import htmx_or_redirect

from ..access import can_manage_portfolio, require_portfolio_manager
from ..common.views import error_messages
from ..models import PortfolioSettings, Suggestion, SuggestionStatus
from .domain import reason_text
from .forms import DecisionForm
from .services import decide, generate_suggestions

DECIDED = (SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED, SuggestionStatus.OUTDATED)


@internal_required
@require_http_methods(["GET"])
def suggestion_list(request):
    show = "decided" if request.GET.get("status") == "decided" else "pending"
    qs = Suggestion.objects.filter(account__in=visible_accounts(request.user)).select_related(
        "account", "account__owner", "decided_by"
    )
    if show == "pending":
        qs = qs.filter(status=SuggestionStatus.PENDING).order_by("-created_at", "-pk")
    else:
        qs = qs.filter(status__in=DECIDED).order_by("-decided_at", "-created_at", "-pk")
    page = Paginator(qs, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = can_manage_portfolio(request.user)
    labels = dict(AccountClass.choices)
    rows = [
        {
            "suggestion": s,
            "reason": reason_text(s),
            "figures": _figures(s.evidence),
            "from_label": labels.get(s.from_class, s.from_class),
            "to_label": labels.get(s.to_class, s.to_class),
            "form": DecisionForm(prefix=f"s{s.pk}") if can_manage and show == "pending" else None,
        }
        for s in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "show": show,
        "can_manage": can_manage,
    }
    return render(request, "portfolio/suggestions.html", context)


def _figures(evidence) -> list[tuple[str, str]]:
    """The main figures behind a suggestion (the reason sentence has the rest)."""
    if not isinstance(evidence, dict):
        return []
    currency = evidence.get("currency") or PortfolioSettings.load().base_currency
    figures = []
    period = evidence.get("period")
    if isinstance(period, dict) and period.get("from") and period.get("to"):
        try:
            start, end = date.fromisoformat(period["from"]), date.fromisoformat(period["to"])
        except (TypeError, ValueError):
            pass
        else:
            figures.append(
                (
                    _("Period"),
                    f"{date_format(start, 'SHORT_DATE_FORMAT')} – "
                    f"{date_format(end, 'SHORT_DATE_FORMAT')}",
                )
            )
    for key, label in (
        ("revenue", _("Revenue")),
        ("previous_revenue", _("Revenue a year earlier")),
        ("gross_profit", _("Gross profit")),
    ):
        value = evidence.get(key)
        if value is None:
            continue
        try:
            figures.append((label, format_money(Decimal(str(value)), currency)))
        except (InvalidOperation, ValueError):
            continue
    return figures


@internal_required
@require_POST
def suggestion_decide(request, pk):
    require_portfolio_manager(request.user)
    suggestion = get_object_or_404(
        Suggestion.objects.filter(account__in=visible_accounts(request.user)).select_related(
            "account"
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST, prefix=f"s{suggestion.pk}")
    if not form.is_valid():
        # A plain form without the prefix (the API-like call) is accepted too.
        plain = DecisionForm(request.POST)
        if plain.is_valid():
            form = plain
    back = reverse("scoring:suggestions")
    if form.is_valid():
        accept = form.cleaned_data["decision"] == DecisionForm.ACCEPT
        try:
            decide(
                user=request.user,
                suggestion=suggestion,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            name = suggestion.account.name
            messages.success(
                request,
                (_("Accepted: %(name)s changes class.") if accept else _("Rejected for %(name)s."))
                % {"name": name},
            )
    else:
        error_messages(request, form)
    return redirect(back)


@internal_required
@require_POST
def suggestion_generate(request):
    require_portfolio_manager(request.user)
    try:
        made = generate_suggestions(user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if made:
            messages.success(
                request,
                _("%(count)s suggestions created or updated.") % {"count": len(made)},
            )
        else:
            messages.info(request, _("No new suggestions: every class fits the data."))
    return htmx_or_redirect(request, reverse("scoring:suggestions"))
