"""The weakness-question catalogue: read by every internal user, each question edited in
place and new ones added by administrators. Thin adapters over the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_save
from keyplan.core.web import apply_service_errors

from ..access import can_edit_questions, question_for_user, require_question_editor
from ..common.views import CONFLICT_MESSAGE
from ..models import Pillar
from . import services
from .forms import QuestionForm
from .selectors import questions_with_answer_counts


def _catalogue(
    request: HttpRequest,
    *,
    bound: dict[int, QuestionForm] | None = None,
    new_form: QuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = can_edit_questions(request.user)
    questions = questions_with_answer_counts(request.user)
    groups = []
    for code, label in Pillar.choices:
        rows: list[dict[str, Any]] = []
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
def question_list(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _catalogue(request)
    require_question_editor(request.user)
    form = QuestionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.question_create(user=request.user, data=form.data_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Question added."))
            return redirect(reverse("competition:questions"))
    return _catalogue(request, new_form=form, status=422)


@internal_required
@require_POST
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for_user(request.user, pk, write=True)
    form = QuestionForm.for_instance(question, request.POST)
    result = row_save(
        form,
        lambda f: services.question_update(
            user=request.user,
            question=question,
            data=f.data_fields(),
            seen_updated_at=f.cleaned_data.get("seen_updated_at"),
        ),
    )
    if result.status == 200:
        messages.success(request, _("Question saved."))
        return redirect(reverse("competition:questions") + f"#question-{question.pk}")
    if result.status == 409:
        form.add_error(None, CONFLICT_MESSAGE)
    return _catalogue(request, bound={question.pk: form}, status=result.status)
