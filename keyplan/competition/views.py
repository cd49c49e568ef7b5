"""The competitor registry (list with search, sorting and pages; detail; create, edit,
delete) and the weakness-question catalogue. Thin adapters: the services write and
check, the selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import visible_accounts
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.web import parse_pk

from . import services
from .access import (
    can_edit_questions,
    can_write_registry,
    competitor_for_user,
    question_for_user,
    require_question_editor,
    require_registry_writer,
)
from .forms import CompetitorForm, QuestionForm, apply_errors
from .models import Competitor, Pillar, WeaknessQuestion
from .views_common import CONFLICT_MESSAGE, paginate, sort_param

REGISTRY_SORTS = {
    "name": "name",
    "accounts": "account_count",
    "incumbent": "incumbent_count",
    "updated": "updated_at",
}


def _registry(user):
    """Competitors with how many visible accounts they are present at (and incumbent)."""
    visible = Q(presences__account__in=visible_accounts(user).values("pk"))
    return Competitor.objects.annotate(
        account_count=Count("presences", filter=visible, distinct=True),
        incumbent_count=Count(
            "presences", filter=visible & Q(presences__is_incumbent=True), distinct=True
        ),
    )


@internal_required
@require_http_methods(["GET"])
def competitor_list(request):
    q = request.GET.get("q", "").strip()[:200]
    show = request.GET.get("show", "active")
    sort, field = sort_param(request, REGISTRY_SORTS, "name")
    competitors = _registry(request.user)
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
def competitor_detail(request, pk):
    competitor = _registry(request.user).filter(pk=parse_pk(pk)).first()
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
def competitor_create(request):
    require_registry_writer(request.user)
    form = CompetitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competitor = services.competitor_create(user=request.user, data=form.data_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
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
def competitor_edit(request, pk):
    competitor = competitor_for_user(request.user, pk, write=True)
    form = CompetitorForm.for_instance(competitor, request.POST or None)
    status = 200
    conflict = None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.competitor_update(
                    user=request.user,
                    competitor=competitor,
                    data=form.data_fields(),
                    seen_updated_at=form.cleaned_data.get("seen_updated_at"),
                )
            except ConflictError as exc:
                conflict = exc.current
                status = 409
                form.add_error(None, CONFLICT_MESSAGE)
                if conflict is not None:
                    form.data = form.data.copy()
                    form.data["seen_updated_at"] = conflict.updated_at.isoformat()
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Competitor saved."))
                return redirect("competition:detail", competitor.pk)
    return render(
        request,
        "competition/competitor_form.html",
        {"form": form, "competitor": competitor, "conflict": conflict},
        status=status,
    )


@internal_required
@require_POST
def competitor_delete(request, pk):
    competitor = competitor_for_user(request.user, pk, write=True)
    form = CompetitorForm.for_instance(competitor, request.POST)
    form.is_valid()
    seen = form.cleaned_data.get("seen_updated_at") if hasattr(form, "cleaned_data") else None
    try:
        services.competitor_delete(user=request.user, competitor=competitor, seen_updated_at=seen)
    except ConflictError:
        messages.error(request, CONFLICT_MESSAGE)
        return redirect("competition:detail", competitor.pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("competition:detail", competitor.pk)
    messages.success(request, _("Competitor deleted."))
    return redirect("competition:list")


# --- the weakness-question catalogue ---------------------------------------------------


def _catalogue(request, *, bound: dict | None = None, new_form=None, status: int = 200):
    can_edit = can_edit_questions(request.user)
    questions = list(WeaknessQuestion.objects.annotate(answer_count=Count("answers")))
    groups = []
    for code, label in Pillar.choices:
        rows = []
        for question in questions:
            if question.pillar != code:
                continue
            form = None
            if can_edit:
                form = (bound or {}).get(question.pk) or QuestionForm.for_instance(question)
            rows.append({"question": question, "form": form})
        groups.append({"code": code, "label": label, "rows": rows})
    context = {
        "groups": groups,
        "can_edit": can_edit,
        "new_form": (new_form or QuestionForm(prefix="new")) if can_edit else None,
    }
    return render(request, "competition/questions.html", context, status=status)


@internal_required
@require_http_methods(["GET", "POST"])
def question_list(request):
    if request.method == "GET":
        return _catalogue(request)
    require_question_editor(request.user)
    form = QuestionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.question_create(user=request.user, data=form.data_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Question added."))
            return redirect(reverse("competition:questions"))
    return _catalogue(request, new_form=form, status=422)


@internal_required
@require_POST
def question_edit(request, pk):
    question = question_for_user(request.user, pk, write=True)
    form = QuestionForm.for_instance(question, request.POST)
    status = 422
    if form.is_valid():
        try:
            services.question_update(
                user=request.user,
                question=question,
                data=form.data_fields(),
                seen_updated_at=form.cleaned_data.get("seen_updated_at"),
            )
        except ConflictError:
            form.add_error(None, CONFLICT_MESSAGE)
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect(reverse("competition:questions") + f"#question-{question.pk}")
    return _catalogue(request, bound={question.pk: form}, status=status)
