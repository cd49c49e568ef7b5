"""The perception survey: the customer answers it (portal users of the account, when the
survey is shared); the team reads the perception gap (whoever sees the account;
outsiders and portal users 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.web import apply_service_errors

from ..access import portal_required, require_section
from . import selectors, services
from .forms import SurveyForm


@require_http_methods(["GET", "POST"])
@portal_required
def survey(request):
    account = request.portal_account
    require_section(account, "survey")
    form = SurveyForm(
        request.POST or None,
        criteria=selectors.criteria(account),
        statements=selectors.statements(account),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_submit(
                user=request.user,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
                criteria=form.scores("criterion_"),
                statements=form.scores("statement_"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your answers."))
            return redirect("portal-home")
    status = 400 if form.errors else 200
    return render(request, "portal/survey.html", {"form": form}, status=status)


@internal_required
@require_GET
def team_survey(request, pk):
    account = account_for_user(request.user, pk).account
    context = {"account": account, "gap": selectors.perception_gap(account)}
    return render(request, "portal/team_survey.html", context)
