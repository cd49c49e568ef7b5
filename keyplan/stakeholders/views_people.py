"""The account's people (issue #6): the contact list, the org chart, the
influence/interest grid, the buying-centre coverage, and the personal-data actions
(export, erasure). Thin adapters over the access rule, the selectors and `privacy`."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import BuyingRole
from keyplan.core.decorators import internal_required

from . import people, people_selectors, privacy

PAGE_SIZE = 50


def _context(request, account_pk, tab: str) -> dict:
    access = account_for_user(request.user, account_pk)
    return {
        "access": access,
        "account": access.account,
        "tab": tab,
        "can_write": access.can_write,
        "can_handle_personal_data": privacy.can_handle_personal_data(request.user, access.account),
    }


@internal_required
@require_http_methods(["GET"])
def account_people(request, account_pk):
    """Every contact of the account: sortable, paginated, with the grid quadrant."""
    context = _context(request, account_pk, "list")
    sort = request.GET.get("sort", people_selectors.DEFAULT_SORT)[:20]
    contacts = people_selectors.contact_list(context["account"], sort)
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = people_selectors.decorate(list(page.object_list))
    context.update(
        page=page,
        default_sort=people_selectors.DEFAULT_SORT,
        quadrant_labels=people.QUADRANT_LABELS,
    )
    return render(request, "stakeholders/people/list.html", context)


@internal_required
@require_http_methods(["GET"])
def org_chart(request, account_pk):
    context = _context(request, account_pk, "org")
    contacts = people_selectors.account_contacts(context["account"])
    context.update(
        rows=people_selectors.org_tree(contacts),
        chart=people_selectors.org_chart(context["account"], contacts),
    )
    return render(request, "stakeholders/people/org_chart.html", context)


@internal_required
@require_http_methods(["GET"])
def grid(request, account_pk):
    context = _context(request, account_pk, "grid")
    contacts = people_selectors.account_contacts(context["account"])
    quadrants, unplaced = people_selectors.grid(contacts)
    context.update(
        quadrants=quadrants,
        unplaced=unplaced,
        chart=people_selectors.grid_chart(contacts),
        high=people.HIGH,
    )
    return render(request, "stakeholders/people/grid.html", context)


@internal_required
@require_http_methods(["GET"])
def buying_centre(request, account_pk):
    context = _context(request, account_pk, "buying")
    contacts = people_selectors.account_contacts(context["account"])
    context.update(people_selectors.buying_centre(contacts), role_count=len(BuyingRole.values))
    return render(request, "stakeholders/people/buying_centre.html", context)


@internal_required
@require_http_methods(["GET"])
def contact_export(request, pk):
    """The contact's personal data as a JSON download (logged)."""
    contact, _access = privacy.personal_data_access(request.user, pk)
    data = privacy.contact_export(user=request.user, contact=contact)
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
    contact, access = privacy.personal_data_access(request.user, pk)
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
            privacy.contact_erase(user=request.user, contact=contact)
            messages.success(request, _("The contact's personal data was erased."))
            return redirect("accounts:detail", pk=access.account.pk)
    return render(
        request,
        "stakeholders/people/erase.html",
        {"contact": contact, "account": access.account, "error": error},
        status=status,
    )
