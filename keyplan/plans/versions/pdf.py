"""The account plan as a printable document: the print page's sections, and the same as
an A4 PDF (WeasyPrint) with margins, a running header (account, plan period) and page
numbers "n / N". Plain styling: the company branding lives in keyplan.reports, a layer
above plans, and the plan's stakeholders in keyplan.stakeholders, also above: neither is
read here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from keyplan.plans.items.selectors import plan_items
from keyplan.plans.models import AccountPlan
from keyplan.plans.workspace.domain import KIND_LABELS, SECTIONS
from keyplan.plans.workspace.selectors import decorate
from keyplan.plans.workspace.views import completeness_context

TEMPLATE = "plans/plan_pdf.html"
STYLESHEET = "plans/plan_pdf.css"
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def print_context(plan: AccountPlan) -> dict[str, Any]:
    """What the print page and the PDF show: every section's items in the planning
    order (actions with their owners and due dates), the completeness and missing steps."""
    today = timezone.localdate()
    items = plan_items(plan)
    for kind, listed in items.items():
        decorate(plan, kind, listed, today=today)
    sections = [
        {
            "section": section,
            "blocks": [
                {"kind": kind, "label": KIND_LABELS[kind], "items": items[kind]}
                for kind in section.kinds
            ],
        }
        for section in SECTIONS
    ]
    return {
        "plan": plan,
        "account": plan.account,
        "print_sections": sections,
        "today": today,
        **completeness_context(plan),
    }


def language_or_active(language: str | None) -> str:
    """`language` when it is one of the site's (en, ru, pl), else the active one."""
    code = (language or "").split("-")[0].lower()
    if code in LANGUAGE_CODES:
        return code
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def render_pdf(plan: AccountPlan, language: str | None = None) -> bytes:
    """The plan's PDF bytes in `language`. Nothing is fetched: no image, font file or
    other resource is referenced by the document."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    code = language_or_active(language)
    with translation.override(code):
        context = {**print_context(plan), "language": code}
        html = render_to_string(TEMPLATE, context)
        css = render_to_string(STYLESHEET, context)
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)]
    )


def pdf_filename(plan: AccountPlan) -> str:
    name = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in plan.account.name)
    safe = name[:60].strip("-") or str(plan.account_id)
    period = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in str(plan.period))
    return f"plan-{safe}-{period}-v{plan.version}.pdf"
