"""Inline edits of an assessment: a pillar's score and evidence, a weakness answer.

With htmx the pillar card comes back in place, with the verdict and the weakest points
swapped out of band (they follow from the scores and answers). Without JavaScript the
forms post normally and the browser returns to the presence page. A stale save answers
409 with the current values; an invalid one 422."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError

from . import selectors, services
from .access import answer_for_user, rating_for_user
from .forms import AnswerForm, RatingForm, apply_errors
from .views_common import CONFLICT_MESSAGE, PILLAR_HELP


def _page_url(assessment) -> str:
    return reverse("competition:assessment", args=[assessment.pk])


def _pillar_response(request, assessment, access, pillar: str, *, forms=None, status=200):
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


@internal_required
@require_http_methods(["GET", "POST"])
def rating_edit(request, pk):
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
    status = 422
    if form.is_valid():
        try:
            services.rating_update(
                user=request.user,
                rating=rating,
                data=form.data_fields(),
                seen_updated_at=form.cleaned_data.get("seen_updated_at"),
            )
        except ConflictError as exc:
            status = 409
            form = _conflicted(RatingForm, exc.current or rating, request.POST)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                return redirect(_page_url(assessment) + f"#pillar-{rating.pillar}")
            return _pillar_response(request, assessment, access, rating.pillar)
    if not request.htmx:
        return _full_page(request, assessment, access, {"rating": form}, rating.pillar, status)
    return _pillar_response(
        request, assessment, access, rating.pillar, forms={"rating": form}, status=status
    )


@internal_required
@require_POST
def answer_edit(request, pk):
    answer, access = answer_for_user(request.user, pk, write=True)
    assessment = answer.assessment
    pillar = answer.question.pillar
    form = AnswerForm.for_instance(answer, request.POST)
    status = 422
    if form.is_valid():
        try:
            services.answer_update(
                user=request.user,
                answer=answer,
                data=form.data_fields(),
                seen_updated_at=form.cleaned_data.get("seen_updated_at"),
            )
        except ConflictError as exc:
            status = 409
            form = _conflicted(AnswerForm, exc.current or answer, request.POST)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                return redirect(_page_url(assessment) + f"#answer-{answer.pk}")
            return _pillar_response(request, assessment, access, pillar)
    forms = {answer.pk: form}
    if not request.htmx:
        return _full_page(request, assessment, access, forms, pillar, status)
    return _pillar_response(request, assessment, access, pillar, forms=forms, status=status)


def _conflicted(form_class, current, posted):
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


def _full_page(request, assessment, access, forms, pillar, status):
    from .views_presences import assessment_context

    context = assessment_context(request, assessment.presence, access, assessment)
    context["forms"] = forms
    context["editing"] = pillar
    return render(request, "competition/presence.html", context, status=status)
