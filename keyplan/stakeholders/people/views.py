"""The account's people (issue #6): the contact list, the org chart, the
influence/interest grid and the buying-centre coverage (the personal-data actions, on the
same pages' namespace, are in `privacy/views.py`). Thin adapters over the access rule and
the selectors."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import BuyingRole
from keyplan.core import exports
from keyplan.core.decorators import internal_required

from ..privacy.access import can_handle_personal_data
from . import domain, selectors

PAGE_SIZE = 50


def _context(request, account_pk, tab: str) -> dict[str, Any]:
    access = account_for_user(request.user, account_pk)
    return {
        "access": access,
        "account": access.account,
        "tab": tab,
        "can_write": access.can_write,
        "can_handle_personal_data": can_handle_personal_data(request.user, access.account),
    }


@internal_required
@require_http_methods(["GET"])
def account_people(request, account_pk):
    """Every contact of the account: sortable, paginated, with the grid quadrant."""
    context = _context(request, account_pk, "list")
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)[:20]
    contacts = selectors.contact_list(context["account"], sort)
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.decorate(list(page.object_list))
    context.update(
        page=page,
        default_sort=selectors.DEFAULT_SORT,
        quadrant_labels=domain.QUADRANT_LABELS,
    )
    return render(request, "stakeholders/people/list.html", context)


CONTACT_COLUMNS = (
    exports.Column(_lazy("First name")),
    exports.Column(_lazy("Last name")),
    exports.Column(_lazy("Job title")),
    exports.Column(_lazy("Role in the buying decision")),
    exports.Column(_lazy("Level")),
    exports.Column(_lazy("Authority"), exports.INTEGER),
    exports.Column(_lazy("Influence"), exports.INTEGER),
    exports.Column(_lazy("Interest"), exports.INTEGER),
    exports.Column(_lazy("Quadrant")),
    exports.Column(_lazy("Attitude to us")),
    exports.Column(_lazy("Reports to")),
    exports.Column(_lazy("Last contact"), exports.DATE),
)


@internal_required
@require_http_methods(["GET"])
def people_export(request, account_pk, fmt: str):
    """The account's contacts as CSV or XLSX, the list page's columns in its order (no
    e-mail or phone: those leave only through the personal-data export)."""
    exports.check_format(fmt)
    account = account_for_user(request.user, account_pk).account
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)[:20]
    contacts = selectors.decorate(list(selectors.contact_list(account, sort)))
    rows = [
        (
            c.first_name,
            c.last_name,
            c.title,
            ", ".join(c.role_names),  # type: ignore[attr-defined]  # set by decorate()
            c.get_level_display(),
            c.authority,
            c.influence,
            c.interest,
            domain.QUADRANT_LABELS.get(c.quadrant, "") if c.quadrant else "",  # type: ignore[attr-defined]
            c.get_attitude_display(),
            str(c.reports_to) if c.reports_to else "",
            c.last_contact_on,
        )
        for c in contacts
    ]
    return exports.export_response(
        fmt=fmt,
        filename=exports.dated_name(f"contacts-{account.pk}"),
        columns=CONTACT_COLUMNS,
        rows=rows,
        sheet_title=_("Contacts"),
    )


@internal_required
@require_http_methods(["GET"])
def org_chart(request, account_pk):
    context = _context(request, account_pk, "org")
    contacts = selectors.account_contacts(context["account"])
    context.update(
        rows=selectors.org_tree(contacts),
        chart=selectors.org_chart(context["account"], contacts),
    )
    return render(request, "stakeholders/people/org_chart.html", context)


@internal_required
@require_http_methods(["GET"])
def grid(request, account_pk):
    context = _context(request, account_pk, "grid")
    contacts = selectors.account_contacts(context["account"])
    quadrants, unplaced = selectors.grid(contacts)
    context.update(
        quadrants=quadrants,
        unplaced=unplaced,
        chart=selectors.grid_chart(contacts),
        high=domain.HIGH,
    )
    return render(request, "stakeholders/people/grid.html", context)


@internal_required
@require_http_methods(["GET"])
def buying_centre(request, account_pk):
    context = _context(request, account_pk, "buying")
    contacts = selectors.account_contacts(context["account"])
    context.update(selectors.buying_centre(contacts), role_count=len(BuyingRole.values))
    return render(request, "stakeholders/people/buying_centre.html", context)
