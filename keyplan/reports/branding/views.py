"""The report settings page (namespace "reports", /reports/settings/): the company's name,
logo, colour and footer on every report. Administrators only: other internal users get
403, portal users 404."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from keyplan.core.decorators import internal_required

from ..models import ReportSettings
from ..monthly.present import logo_data_uri
from .access import require_report_admin
from .forms import ReportSettingsForm
from .services import report_settings_save

TEMPLATE = "reports/settings.html"


@internal_required
@require_http_methods(["GET", "POST"])
def report_settings(request):
    require_report_admin(request.user)
    current = ReportSettings.current()
    if request.method == "POST":
        form = ReportSettingsForm(request.POST, request.FILES, instance=current)
        if form.is_valid():
            report_settings_save(user=request.user, form=form)
            messages.success(request, _("Saved."))
            return redirect("reports:settings")
        status = 422
    else:
        form = ReportSettingsForm(instance=current)
        status = 200
    current = ReportSettings.current()  # the stored one, not the form's unsaved changes
    context = {"form": form, "current": current, "logo": logo_data_uri(current)}
    return render(request, TEMPLATE, context, status=status)
