"""A competitor's assessments at an account: the presence's page with one assessment
(four pillar cards edited inline, the weakness checklist, the verdict, the weakest
points with a one-click "Attack"), the assessment history with compare and the support
trend chart; start and delete an assessment.

Inline edits of a pillar's score and evidence or of a weakness answer: with htmx the
pillar card comes back in place, with the verdict and the weakest points swapped out of
band (they follow from the scores and answers). Without JavaScript the forms post
normally and the browser returns to the presence page. A stale save answers 409 with
the current values; an invalid one 422. Thin adapters over services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import AccountAccess
from keyplan.core.decorators import internal_required
from keyplan.core.rows import RowSave, row_delete, row_save
from keyplan.core.web import htmx_or_redirect

from ..access import answer_for_user, assessment_for_user, presence_for_user, rating_for_user
from ..common.forms import SeenMixin
from ..common.views import CONFLICT_MESSAGE, HtmxRequest
from ..models import Assessment, PillarRating, Presence, WeaknessAnswer
from . import domain, selectors, services
from .forms import AnswerForm, AssessmentStartForm, AttackForm, RatingForm

PILLAR_HELP = {
    "strength": gettext_lazy(
        "Technology, experience, history, capabilities, customer satisfaction."
    ),
    "strategy": gettext_lazy(
        "Purpose, goals, vision; how it grows and keeps an advantage at the customer."
    ),
    "staff": gettext_lazy(
        "Executives, account managers, project managers and others on the account."
    ),
    "support": gettext_lazy(
        "How much support it has inside the customer: the most important pillar."
    ),
}


# --- the presence page: one assessment ---------------------------------------------------


def _trend_chart(presence: Presence) -> dict[str, Any]:
    history = selectors.support_history(presence)
    return {
        "dates": [day.isoformat() for day, _score in history],
        "scores": [score for _day, score in history],
        "label": _("Support"),
    }


def _previous(history: list[Assessment], assessment: Assessment | None) -> Assessment | None:
    """The assessment before `assessment` in `history` (newest first), if any."""
    if assessment is None:
        return None
    older = [a for a in history if (a.assessed_on, a.pk) < (assessment.assessed_on, assessment.pk)]
    return older[0] if older else None


def assessment_context(
    request: HtmxRequest,
    presence: Presence,
    access: AccountAccess,
    assessment: Assessment | None,
) -> dict[str, Any]:
    """Everything the presence page shows for `assessment` (None: not assessed yet)."""
    history = list(selectors.assessments_for_presence(presence))
    trend = _trend_chart(presence)
    view = selectors.assessment_view(assessment) if assessment is not None else None
    latest = history[0] if history else None
    editing = request.GET.get("edit", "")
    forms: dict[str, Any] = {}
    if view is not None and access.can_write and editing:
        rating = next((p.rating for p in view.pillars if p.pillar == editing), None)
        if rating is not None:
            forms["rating"] = RatingForm.for_instance(rating)
    return {
        "presence": presence,
        "account": access.account,
        "can_write": access.can_write,
        "editing": editing,
        "forms": forms,
        "assessment": assessment,
        "view": view,
        "history": history,
        "is_latest": assessment is not None and latest is not None and assessment.pk == latest.pk,
        "previous": _previous(history, assessment),
        "start_form": AssessmentStartForm() if access.can_write else None,
        "trend": trend,
        "trend_rows": list(zip(trend["dates"], trend["scores"], strict=True)),
        "support_rising": len(trend["scores"]) > 1
        and domain.is_rising(trend["scores"][-2], trend["scores"][-1]),
        "pillar_help": PILLAR_HELP,
    }


@internal_required
@require_http_methods(["GET"])
def presence_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    presence, access = presence_for_user(request.user, pk)
    assessment = selectors.latest_assessment(presence)
    context = assessment_context(request, presence, access, assessment)
    return render(request, "competition/presence.html", context)


@internal_required
@require_http_methods(["GET"])
def assessment_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    assessment, access = assessment_for_user(request.user, pk)
    context = assessment_context(request, assessment.presence, access, assessment)
    return render(request, "competition/presence.html", context)


@internal_required
@require_POST
def assessment_start(request: HtmxRequest, pk: int) -> HttpResponse:
    presence, _access = presence_for_user(request.user, pk, write=True)
    form = AssessmentStartForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("competition:presence", presence.pk)
    try:
        services.assessment_start(
            user=request.user, presence=presence, assessed_on=form.cleaned_data["assessed_on"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("New assessment started from the latest one."))
    return redirect(reverse("competition:presence", args=[presence.pk]) + "#pillars")


@internal_required
@require_POST
def assessment_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    assessment, _access = assessment_for_user(request.user, pk, write=True)
    presence = assessment.presence
    deleted = row_delete(
        request,
        SeenMixin,
        lambda seen: services.assessment_delete(
            user=request.user, assessment=assessment, seen_updated_at=seen
        ),
    )
    if not deleted:
        messages.error(request, str(CONFLICT_MESSAGE))
        return redirect("competition:assessment", assessment.pk)
    messages.success(request, _("Assessment deleted."))
    return redirect("competition:presence", presence.pk)


@internal_required
@require_http_methods(["GET"])
def assessment_compare(request: HtmxRequest, pk: int, other_pk: int) -> HttpResponse:
    first, access = assessment_for_user(request.user, pk)
    second, _access = assessment_for_user(request.user, other_pk)
    if first.presence_id != second.presence_id:
        raise Http404
    old, new = sorted((first, second), key=lambda a: (a.assessed_on, a.pk))
    diff = selectors.assessment_compare(old, new)
    context = {
        "presence": first.presence,
        "account": access.account,
        "old": old,
        "new": new,
        "diff": diff,
        "verdict_labels": domain.VERDICT_LABELS,
    }
    return render(request, "competition/compare.html", context)


@internal_required
@require_POST
def attack_create(request: HtmxRequest, pk: int) -> HttpResponse:
    presence, _access = presence_for_user(request.user, pk, write=True)
    form = AttackForm(request.POST)
    back = reverse("competition:presence", args=[presence.pk]) + "#weak-points"
    if not form.is_valid():
        messages.error(request, _("Choose a weak point to attack."))
        return htmx_or_redirect(request, back)
    try:
        attack = services.attack_create(
            user=request.user,
            presence=presence,
            pillar=form.cleaned_data["pillar"],
            question_id=form.cleaned_data.get("question"),
            data={},
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return htmx_or_redirect(request, back)
    action = attack.action
    if action is not None:
        url = (
            reverse("plans:section", args=[action.plan_id, "actions"]) + f"#item-action-{action.pk}"
        )
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Action added to the account plan:"),
                url,
                action.title,
            ),
        )
    return htmx_or_redirect(request, back)


# --- inline edits: a pillar's rating, a weakness answer -------------------------------------


def _page_url(assessment: Assessment) -> str:
    return reverse("competition:assessment", args=[assessment.pk])


def _pillar_response(
    request: HtmxRequest,
    assessment: Assessment,
    access: AccountAccess,
    pillar: str,
    *,
    forms: dict[Any, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    view = selectors.assessment_view(assessment)
    pillar_view = next(p for p in view.pillars if p.pillar == pillar)
    latest = selectors.latest_assessment(view.presence)
    context = {
        "view": view,
        "is_latest": latest is not None and latest.pk == assessment.pk,
        "pillar": pillar_view,
        "assessment": assessment,
        "can_write": access.can_write,
        "forms": forms or {},
        "editing_pillar": pillar if (forms or {}).get("rating") else "",
        "pillar_help": PILLAR_HELP,
        "oob": True,
    }
    return render(request, "competition/_pillar_response.html", context, status=status)


def _full_page(
    request: HtmxRequest,
    assessment: Assessment,
    access: AccountAccess,
    forms: dict[Any, Any],
    pillar: str,
    status: int,
) -> HttpResponse:
    context = assessment_context(request, assessment.presence, access, assessment)
    context["forms"] = forms
    context["editing"] = pillar
    return render(request, "competition/presence.html", context, status=status)


def _conflicted(
    form_class: type[RatingForm] | type[AnswerForm], current: Any, posted: QueryDict
) -> RatingForm | AnswerForm:
    """The form showing what the user typed, over the current version's `updated_at`,
    with the conflict message: saving again keeps the user's values."""
    fresh = form_class.for_instance(current)
    data = posted.copy()
    data[fresh.add_prefix("seen_updated_at")] = current.updated_at.isoformat()
    form = form_class.for_instance(current, data)
    form.is_valid()
    form.add_error(None, CONFLICT_MESSAGE)
    form.current = current
    return form


def _form_again(
    result: RowSave,
    form: RatingForm | AnswerForm,
    row: PillarRating | WeaknessAnswer,
    posted: QueryDict,
) -> RatingForm | AnswerForm:
    """The form to show again after an inline save that did not go through: a stale one
    over the current version (the row as the user saw it when deleted meanwhile)."""
    if result.status == 409:
        return _conflicted(type(form), result.current or row, posted)
    return form


@internal_required
@require_http_methods(["GET", "POST"])
def rating_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    write = request.method == "POST" or request.GET.get("edit") == "1"
    rating, access = rating_for_user(request.user, pk, write=write)
    assessment = rating.assessment
    if request.method == "GET":
        if not request.htmx:
            query = f"?edit={rating.pillar}" if write else ""
            return redirect(_page_url(assessment) + f"{query}#pillar-{rating.pillar}")
        forms = {"rating": RatingForm.for_instance(rating)} if write else {}
        return _pillar_response(request, assessment, access, rating.pillar, forms=forms)
    form = RatingForm.for_instance(rating, request.POST)
    result = row_save(
        form,
        lambda f: services.rating_update(
            user=request.user,
            rating=rating,
            data=f.data_fields(),
            seen_updated_at=f.cleaned_data.get("seen_updated_at"),
        ),
    )
    if result.status == 200:
        if not request.htmx:
            return redirect(_page_url(assessment) + f"#pillar-{rating.pillar}")
        return _pillar_response(request, assessment, access, rating.pillar)
    again = {"rating": _form_again(result, form, rating, request.POST)}
    if not request.htmx:
        return _full_page(request, assessment, access, again, rating.pillar, result.status)
    return _pillar_response(
        request, assessment, access, rating.pillar, forms=again, status=result.status
    )


@internal_required
@require_POST
def answer_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    answer, access = answer_for_user(request.user, pk, write=True)
    assessment = answer.assessment
    pillar = answer.question.pillar
    form = AnswerForm.for_instance(answer, request.POST)
    result = row_save(
        form,
        lambda f: services.answer_update(
            user=request.user,
            answer=answer,
            data=f.data_fields(),
            seen_updated_at=f.cleaned_data.get("seen_updated_at"),
        ),
    )
    if result.status == 200:
        if not request.htmx:
            return redirect(_page_url(assessment) + f"#answer-{answer.pk}")
        return _pillar_response(request, assessment, access, pillar)
    forms = {answer.pk: _form_again(result, form, answer, request.POST)}
    if not request.htmx:
        return _full_page(request, assessment, access, forms, pillar, result.status)
    return _pillar_response(request, assessment, access, pillar, forms=forms, status=result.status)
