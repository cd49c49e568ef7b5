"""An account's satisfaction answers: the list (newest first, paged, with the 12-month mean
and count, the monthly chart and the latest changes), adding one, changing one (refused
when someone else saved it meanwhile: 409 with their version), deleting one.

Thin adapters: the access rule is `account_for_user` / `answer_for_user` (outsiders 404,
read-only roles 403 on every write), the services write and validate
(keyplan.stakeholders.satisfaction.services), the selectors read.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_delete, row_save
from keyplan.core.web import apply_service_errors, safe_next

from . import services
from .domain import chart_data
from .forms import SatisfactionAnswerForm
from .selectors import (
    account_answer_changes,
    account_answer_list,
    account_satisfaction_summary,
    answer_changes,
    answer_for_user,
)


def list_url(account_id: int) -> str:
    return reverse("satisfaction:account", args=[account_id])


def _chart_labels() -> dict[str, str]:
    return {"mean": _("Mean score"), "answers": _("Answers")}


@internal_required
@require_GET
def account_satisfaction(request, pk):
    access = account_for_user(request.user, pk)
    account = access.account
    answers = account_answer_list(account)
    page = Paginator(answers, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    summary = account_satisfaction_summary(account, timezone.localdate())
    form = None
    if access.can_write:
        form = SatisfactionAnswerForm(account=account)
        form.fields["answered_on"].widget.attrs.pop("autofocus", None)  # folded: opened by the user
    context = {
        "account": account,
        "access": access,
        "page": page,
        "summary": summary,
        "chart": chart_data(summary.months, _chart_labels()),
        "changes": account_answer_changes(account),
        "form": form,
    }
    return render(request, "satisfaction/list.html", context)


@internal_required
@require_http_methods(["GET", "POST"])
def answer_create(request, pk):
    access = account_for_user(request.user, pk, write=True)
    account = access.account
    data = request.POST if request.method == "POST" else None
    form = SatisfactionAnswerForm(data, account=account)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                answer = services.satisfaction_answer_create(
                    user=request.user, account=account, data=form.service_data()
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Added a score of %(score)s on %(date)s.")
                    % {"score": answer.score, "date": answer.answered_on.isoformat()},
                )
                return redirect(safe_next(request, list_url(account.pk)))
        status = 422
    context = {"account": account, "form": form, "creating": True}
    return render(request, "satisfaction/form.html", context, status=status)


@internal_required
@require_http_methods(["GET", "POST"])
def answer_edit(request, pk):
    answer, access = answer_for_user(request.user, pk, write=True)
    account = access.account
    data = request.POST if request.method == "POST" else None
    form = SatisfactionAnswerForm.for_answer(answer, data)
    status, conflict = 200, None
    if request.method == "POST":
        result = row_save(
            form,
            lambda valid: services.satisfaction_answer_update(
                user=request.user,
                answer=answer,
                data=valid.service_data(),
                seen_updated_at=valid.cleaned_data.get("seen_updated_at"),
            ),
        )
        if result.gone:
            messages.error(request, _("This answer was deleted meanwhile."))
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
        "answer": answer,
        "form": form,
        "conflict": conflict,
        "changes": answer_changes(answer),
    }
    return render(request, "satisfaction/form.html", context, status=status)


@internal_required
@require_http_methods(["GET", "POST"])
def answer_delete(request, pk):
    answer, access = answer_for_user(request.user, pk, write=True)
    context = {"account": access.account, "answer": answer}
    if request.method == "GET":
        return render(request, "satisfaction/delete.html", context)
    deleted = row_delete(
        request,
        SatisfactionAnswerForm,
        lambda seen: services.satisfaction_answer_delete(
            user=request.user, answer=answer, seen_updated_at=seen
        ),
    )
    if not deleted:
        current = account_answer_list(access.account).filter(pk=answer.pk).first()
        if current is None:
            messages.error(request, _("This answer was deleted meanwhile."))
            return redirect(list_url(access.account.pk))
        # Their version is shown; deleting again (against it) is the user's choice.
        context.update(answer=current, conflict=True)
        return render(request, "satisfaction/delete.html", context, status=409)
    messages.success(request, _("The answer was deleted."))
    return redirect(safe_next(request, list_url(access.account.pk)))
