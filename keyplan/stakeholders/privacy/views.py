"""A contact's personal data on the people pages (namespace "people"): the JSON export
and the erasure, after the user types the contact's last name. Thin adapters over
`privacy/services.py` and its access rule."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from keyplan.core.decorators import internal_required

from . import services
from .access import personal_data_access


@internal_required
@require_http_methods(["GET"])
def contact_export(request, pk):
    """The contact's personal data as a JSON download (logged)."""
    contact, _access = personal_data_access(request.user, pk)
    data = services.contact_export(user=request.user, contact=contact)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    return response


@internal_required
@require_http_methods(["GET", "POST"])
def contact_erase(request, pk):
    """Erase the contact's personal data, after the user types the contact's last name."""
    contact, access = personal_data_access(request.user, pk)
    error, status = None, 200
    if contact.erased_at is not None:
        error = _("This contact's personal data has already been erased.")
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST":
        typed = request.POST.get("confirm_last_name", "").strip()
        if typed != contact.last_name.strip():
            error = _("Type the contact's last name exactly to confirm the erasure.")
            status = 422
        else:
            services.contact_erase(user=request.user, contact=contact)
            messages.success(request, _("The contact's personal data was erased."))
            return redirect("accounts:detail", pk=access.account.pk)
    return render(
        request,
        "stakeholders/people/erase.html",
        {"contact": contact, "account": access.account, "error": error},
        status=status,
    )
