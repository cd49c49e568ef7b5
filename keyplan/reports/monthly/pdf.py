"""A report as a standalone HTML document and as a PDF (WeasyPrint): A4 with margins, the
company's logo and colour, page numbers "n / N" in the footer (CSS counters), table
headers repeated and rows kept whole across pages, the chart as inline SVG."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from ..models import MonthlyReport
from .present import language_or_default, report_view

TEMPLATE = "reports/monthly_pdf.html"


def render_html(report: MonthlyReport, language: str | None = None) -> str:
    """The report as one HTML document (its own styles, no scripts) in `language`
    (en, ru or pl; anything else: the default language)."""
    code = language_or_default(language)
    with translation.override(code):
        return render_to_string(TEMPLATE, {**report_view(report), "language": code})


def render_pdf(report: MonthlyReport, language: str | None = None) -> bytes:
    """The report's PDF bytes in `language` (what the pages, the API, the e-mail, the
    command line and the customer portal send). Nothing is fetched from the network: the
    logo is inline and no other resource is referenced."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_html(report, language)
    # Only inline data: a report must not reach out to any file or host.
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def pdf_filename(report: MonthlyReport) -> str:
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in report.account.name)[
        :60
    ].strip("-")
    return f"report-{safe or report.account_id}-{report.month:%Y-%m}-v{report.version}.pdf"
