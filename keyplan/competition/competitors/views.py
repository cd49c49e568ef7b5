"""The competitor registry: the list with search, sorting and pages; a competitor's page
with the accounts it is present at; create, edit, delete. Thin adapters: the services
write and check, the selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import visible_accounts
from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_delete, row_save
from keyplan.core.web import apply_service_errors, parse_pk

from ..access import can_write_registry, competitor_for_user, require_registry_writer
from ..common.views import CONFLICT_MESSAGE, paginate, show_conflict, sort_param
from . import services
from .forms import CompetitorForm
from .selectors import registry

REGISTRY_SORTS = {
    "name": "name",
    "accounts": "account_count",
    "incumbent": "incumbent_count",
    "updated": "updated_at",
}


@internal_required
@require_http_methods(["GET"])
def competitor_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    show = request.GET.get("show", "active")
    sort, field = sort_param(request, REGISTRY_SORTS, "name")
    competitors = registry(request.user)
    if q:
        competitors = competitors.filter(
            Q(name__icontains=q) | Q(products__icontains=q) | Q(strengths__icontains=q)
        )
    if show != "all":
        competitors = competitors.filter(is_active=True)
    order = f"-{field}" if sort.startswith("-") else field
    page = paginate(request, competitors.order_by(order, "name", "pk"))
    context = {
        "page": page,
        "q": q,
        "show": show,
        "default_sort": "name",
        "can_write": can_write_registry(request.user),
    }
    return render(request, "competition/list.html", context)


@internal_required
@require_http_methods(["GET"])
def competitor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    competitor = registry(request.user).filter(pk=parse_pk(pk)).first()
    if competitor is None:
        raise Http404
    presences = (
        competitor.presences.filter(account__in=visible_accounts(request.user).values("pk"))
        .select_related("account", "account__owner")
        .order_by("account__name", "pk")
    )
    page = paginate(request, presences)
    return render(
        request,
        "competition/detail.html",
        {
            "competitor": competitor,
            "page": page,
            "can_write": can_write_registry(request.user),
        },
    )


@internal_required
@require_http_methods(["GET", "POST"])
def competitor_create(request: HttpRequest) -> HttpResponse:
    require_registry_writer(request.user)
    form = CompetitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competitor = services.competitor_create(user=request.user, data=form.data_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Competitor added."))
            return redirect("competition:detail", competitor.pk)
    status = 422 if form.is_bound else 200
    return render(
        request,
        "competition/competitor_form.html",
        {"form": form, "competitor": None},
        status=status,
    )


@internal_required
@require_http_methods(["GET", "POST"])
def competitor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    competitor = competitor_for_user(request.user, pk, write=True)
    form = CompetitorForm.for_instance(competitor, request.POST or None)
    status = 200
    conflict = None
    if request.method == "POST":
        result = row_save(
            form,
            lambda f: services.competitor_update(
                user=request.user,
                competitor=competitor,
                data=f.data_fields(),
                seen_updated_at=f.cleaned_data.get("seen_updated_at"),
            ),
        )
        if result.status == 200:
            messages.success(request, _("Competitor saved."))
            return redirect("competition:detail", competitor.pk)
        status = result.status
        if status == 409:
            conflict = result.current
            show_conflict(form, conflict)
    return render(
        request,
        "competition/competitor_form.html",
        {"form": form, "competitor": competitor, "conflict": conflict},
        status=status,
    )


@internal_required
@require_POST
def competitor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    competitor = competitor_for_user(request.user, pk, write=True)
    try:
        deleted = row_delete(
            request,
            CompetitorForm,
            lambda seen: services.competitor_delete(
                user=request.user, competitor=competitor, seen_updated_at=seen
            ),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("competition:detail", competitor.pk)
    if not deleted:
        messages.error(request, CONFLICT_MESSAGE)
        return redirect("competition:detail", competitor.pk)
    messages.success(request, _("Competitor deleted."))
    return redirect("competition:list")
