"""The customer's portal pages (portal users only, through keyplan.portal.access: anyone
else, and anything not shared, gets 404): the home page with what is shared, each
shared plan section read-only, and the shared monthly reports (a page and the PDF)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from keyplan.core.web import parse_pk
from keyplan.reports.monthly.pdf import pdf_filename, render_pdf
from keyplan.reports.monthly.present import report_view

from .. import domain
from ..access import portal_required, require_section
from ..comments.selectors import attach_customer_comments
from ..models import Section
from . import selectors

# Sections with a page of their own (not a plan section): their URL names.
OWN_PAGES = {"joint_actions": "portal:joint-actions", "survey": "portal:survey"}


def _section_url(section: str) -> str | None:
    try:
        if section in OWN_PAGES:
            return reverse(OWN_PAGES[section])
        return reverse("portal:section", args=[section])
    except NoReverseMatch:
        return None


@require_GET
@portal_required
def home(request):
    account = request.portal_account
    links = [(s.label, _section_url(s.section)) for s in selectors.home_sections(account)]
    context = {
        "account": account,
        "sections": [(label, url) for label, url in links if url],
        "reports": selectors.portal_reports(account),
    }
    return render(request, "portal/home.html", context)


@require_GET
@portal_required
def section(request, section):
    account = request.portal_account
    if section not in domain.SECTION_KINDS:
        raise Http404
    require_section(account, section)
    items = selectors.section_items(account, section)
    attach_customer_comments(account, items)
    context = {
        "account": account,
        "section": section,
        "label": dict(Section.choices)[section],
        "items": items,
    }
    return render(request, "portal/section.html", context)


def _report(request, pk):
    report = selectors.portal_report(request.portal_account, parse_pk(pk))
    if report is None:
        raise Http404
    return report


@require_GET
@portal_required
def report(request, pk):
    """The report in the portal's own layout (the standalone document of render_html
    carries an inline style, which the Content-Security-Policy refuses on a page)."""
    found = _report(request, pk)
    context = {**report_view(found), "account": request.portal_account}
    return render(request, "portal/report.html", context)


@require_GET
@portal_required
def report_pdf(request, pk):
    found = _report(request, pk)
    response = HttpResponse(
        render_pdf(found, translation.get_language()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(found)}"'
    return response
