"""The PDF: read back with pypdf (the text, the page numbers), its language and branding."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from keyplan.plans.models import Action
from keyplan.reports.models import ReportSettings
from keyplan.reports.monthly import services
from keyplan.reports.monthly.pdf import render_html, render_pdf

from .support import MONTH, TODAY, month_of_work

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
    b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def text_of(pdf: bytes) -> tuple[list[str], str]:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return pages, re.sub(r"\s+", " ", " ".join(pages))


def test_the_pdf_reads_back_with_the_month_and_page_numbers(world):
    month_of_work(world)
    report, _ = services.report_draft(account=world.account, month=MONTH, today=TODAY)
    pdf = render_pdf(report, "en")
    assert pdf.startswith(b"%PDF")
    pages, text = text_of(pdf)
    assert "Polmet Sp. z o.o." in text
    assert "Visit the Poznań plant" in text and "Send the service offer" in text
    assert "Old February task" not in text
    assert "Steering call" in text and "Quarterly review" in text
    assert "Monthly strategic action report" in text
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page


def test_a_long_report_breaks_across_pages_with_every_row_whole(world):
    work = month_of_work(world)
    plan = work["plan"]
    titles = [f"Open action number {n:03d}" for n in range(120)]
    Action.objects.bulk_create(Action(plan=plan, title=t) for t in titles)
    report, _ = services.report_draft(account=world.account, month=MONTH, today=TODAY)
    pages, text = text_of(render_pdf(report, "en"))
    assert len(pages) > 2
    for title in titles:
        assert title in text
    assert f"{len(pages)} / {len(pages)}" in pages[-1]
    # The table's header repeats on the pages it continues on.
    assert sum("Owner" in page for page in pages) >= 3


def test_the_pdf_in_russian_and_polish(world):
    month_of_work(world)
    report, _ = services.report_draft(account=world.account, month=MONTH, today=TODAY)
    html_ru = render_html(report, "ru")
    assert 'lang="ru"' in html_ru
    html_pl = render_html(report, "pl")
    assert 'lang="pl"' in html_pl
    assert render_html(report, "xx").count('lang="en"') == 1  # unknown: the default


def test_the_branding_and_no_script(world):
    current = ReportSettings.load()
    current.company_name = "Acme Industrial"
    current.primary_colour = "#aa0011"
    current.footer_text = "Confidential: prepared for our customer"
    from django.core.files.base import ContentFile

    current.logo.save("logo.png", ContentFile(PNG), save=True)
    report, _ = services.report_draft(account=world.account, month=MONTH, today=TODAY)
    html = render_html(report, "en")
    assert "<script" not in html
    assert "#aa0011" in html and "data:image/png;base64," in html
    assert "size: A4" in html
    _pages, text = text_of(render_pdf(report, "en"))
    assert "Acme Industrial" in text and "Confidential: prepared for our customer" in text
