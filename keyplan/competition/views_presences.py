"""Competitors at one account: the list (add, edit, remove), and a presence's page with
its assessment (four pillar cards edited inline, the weakness checklist, the verdict,
the weakest points with a one-click "Attack"), the assessment history with compare and
the support trend chart. Thin adapters over services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.web import htmx_or_redirect

from . import domain, selectors, services
from .access import assessment_for_user, presence_for_user
from .forms import AssessmentStartForm, AttackForm, PresenceForm, RatingForm, apply_errors
from .views_common import CONFLICT_MESSAGE, PILLAR_HELP


def _account_context(request, access, *, form=None) -> dict:
    account = access.account
    if access.can_write and form is None:
        form = PresenceForm(account=account)
    return {
        "account": account,
        "access": access,
        "can_write": access.can_write,
        "presences": selectors.presences_for_account(account),
        "alerts": selectors.account_alerts(account),
        "form": form,
        "verdict_help": domain.VERDICT_HELP,
    }


@internal_required
@require_http_methods(["GET"])
def account_competitors(request, account_pk):
    access = account_for_user(request.user, account_pk)
    return render(request, "competition/account.html", _account_context(request, access))


@internal_required
@require_POST
def presence_create(request, account_pk):
    access = account_for_user(request.user, account_pk, write=True)
    form = PresenceForm(request.POST, account=access.account)
    if form.is_valid():
        try:
            data = form.data_fields()
            data["competitor_id"] = data.pop("competitor").pk
            presence = services.presence_create(
                user=request.user, account=access.account, data=data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s added to the account.") % {"name": presence.competitor.name}
            )
            return redirect("competition:presence", presence.pk)
    context = _account_context(request, access, form=form)
    return render(request, "competition/account.html", context, status=422)


@internal_required
@require_http_methods(["GET", "POST"])
def presence_edit(request, pk):
    presence, access = presence_for_user(request.user, pk, write=True)
    form = PresenceForm.for_instance(presence, request.POST or None)
    status, conflict = 200, None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.data_fields()
            data.pop("competitor", None)
            try:
                services.presence_update(
                    user=request.user,
                    presence=presence,
                    data=data,
                    seen_updated_at=form.cleaned_data.get("seen_updated_at"),
                )
            except ConflictError as exc:
                status, conflict = 409, exc.current
                form.add_error(None, CONFLICT_MESSAGE)
                if conflict is not None:
                    form.data = form.data.copy()
                    form.data["seen_updated_at"] = conflict.updated_at.isoformat()
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("competition:presence", presence.pk)
    context = {"presence": presence, "account": access.account, "form": form, "conflict": conflict}
    return render(request, "competition/presence_form.html", context, status=status)


@internal_required
@require_POST
def presence_delete(request, pk):
    presence, access = presence_for_user(request.user, pk, write=True)
    try:
        services.presence_delete(
            user=request.user,
            presence=presence,
            seen_updated_at=_seen(request),
        )
    except ConflictError:
        messages.error(request, str(CONFLICT_MESSAGE))
        return redirect("competition:presence", presence.pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("competition:presence", presence.pk)
    messages.success(
        request, _("%(name)s removed from the account.") % {"name": presence.competitor.name}
    )
    return redirect("competition:account", access.account.pk)


def _seen(request):
    from django.utils.dateparse import parse_datetime

    raw = request.POST.get("seen_updated_at") or ""
    try:
        return parse_datetime(raw) if raw else None
    except ValueError:
        return None


# --- the presence page: one assessment ---------------------------------------------------


def _trend_chart(presence) -> dict:
    history = selectors.support_history(presence)
    return {
        "dates": [day.isoformat() for day, _score in history],
        "scores": [score for _day, score in history],
        "label": _("Support"),
    }


def assessment_context(request, presence, access, assessment) -> dict:
    """Everything the presence page shows for `assessment` (None: not assessed yet)."""
    history = list(selectors.assessments_for_presence(presence))
    trend = _trend_chart(presence)
    view = selectors.assessment_view(assessment) if assessment is not None else None
    latest = history[0] if history else None
    previous = None
    if assessment is not None:
        older = [
            a for a in history if (a.assessed_on, a.pk) < (assessment.assessed_on, assessment.pk)
        ]
        previous = older[0] if older else None
    editing = request.GET.get("edit", "")
    forms: dict = {}
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
        "previous": previous,
        "start_form": AssessmentStartForm() if access.can_write else None,
        "trend": trend,
        "trend_rows": list(zip(trend["dates"], trend["scores"], strict=True)),
        "support_rising": len(trend["scores"]) > 1
        and domain.is_rising(trend["scores"][-2], trend["scores"][-1]),
        "pillar_help": PILLAR_HELP,
    }


@internal_required
@require_http_methods(["GET"])
def presence_detail(request, pk):
    presence, access = presence_for_user(request.user, pk)
    assessment = selectors.latest_assessment(presence)
    context = assessment_context(request, presence, access, assessment)
    return render(request, "competition/presence.html", context)


@internal_required
@require_http_methods(["GET"])
def assessment_detail(request, pk):
    assessment, access = assessment_for_user(request.user, pk)
    context = assessment_context(request, assessment.presence, access, assessment)
    return render(request, "competition/presence.html", context)


@internal_required
@require_POST
def assessment_start(request, pk):
    presence, _access = presence_for_user(request.user, pk, write=True)
    form = AssessmentStartForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
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
def assessment_delete(request, pk):
    assessment, _access = assessment_for_user(request.user, pk, write=True)
    presence = assessment.presence
    try:
        services.assessment_delete(
            user=request.user, assessment=assessment, seen_updated_at=_seen(request)
        )
    except ConflictError:
        messages.error(request, str(CONFLICT_MESSAGE))
        return redirect("competition:assessment", assessment.pk)
    messages.success(request, _("Assessment deleted."))
    return redirect("competition:presence", presence.pk)


@internal_required
@require_http_methods(["GET"])
def assessment_compare(request, pk, other_pk):
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
def attack_create(request, pk):
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
