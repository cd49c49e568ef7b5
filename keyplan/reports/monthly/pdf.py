"""A report as a standalone HTML document and as a PDF (WeasyPrint): A4 with margins, the
company's logo and colour, page numbers "n / N" in the footer (CSS counters), table
headers repeated and rows kept whole across pages, the chart as inline SVG."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from ..models import MonthlyReport
from .present import language_or_default, report_view

TEMPLATE = "reports/monthly_pdf.html"
STYLESHEET = "reports/monthly_pdf.css"


def _document(report: MonthlyReport, language: str | None) -> tuple[str, str]:
    """The report's HTML (no styles, no scripts) and its stylesheet, in `language`."""
    code = language_or_default(language)
    context = {**report_view(report), "language": code}
    with translation.override(code):
        return render_to_string(TEMPLATE, context), render_to_string(STYLESHEET, context)


def render_html(report: MonthlyReport, language: str | None = None) -> str:
    """The report as one standalone HTML file (its styles inside, no scripts) in
    `language` (en, ru or pl; anything else: the default language). A file to keep, never
    a page the application serves (its pages allow no inline style)."""
    html, css = _document(report, language)
    return html.replace("</head>", f"<style>\n{css}</style>\n</head>", 1)


def render_pdf(report: MonthlyReport, language: str | None = None) -> bytes:
    """The report's PDF bytes in `language` (what the pages, the API, the e-mail, the
    command line and the customer portal send). Nothing is fetched from the network: the
    logo is inline and no other resource is referenced."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    html, css = _document(report, language)
    # Only inline data: a report must not reach out to any file or host.
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)]
    )


def pdf_filename(report: MonthlyReport) -> str:
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in report.account.name)[
        :60
    ].strip("-")
    return f"report-{safe or report.account_id}-{report.month:%Y-%m}-v{report.version}.pdf"
