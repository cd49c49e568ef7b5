"""The account review pack as files: PDF (A4, nothing cut off) and PPTX, linked from the
review page, under the one access rule."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pptx.enum.chart import XL_CHART_TYPE

from .support import pdf_text, portfolio, presentation, slide_texts

pytestmark = pytest.mark.django_db


def test_review_page_links_the_files(world, client_for):
    page = client_for("owner").get(reverse("review:account", args=[world.account.pk]))
    html = page.content.decode()
    assert reverse("reports:review-pdf", args=[world.account.pk]) in html
    assert reverse("reports:review-pptx", args=[world.account.pk]) in html


def test_review_pdf_reads_back(world, client_for):
    portfolio(world)
    response = client_for("viewer").get(reverse("reports:review-pdf", args=[world.account.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842  # A4 portrait
    text = pdf_text(response.content)
    assert world.account.name in text and "Grow revenue" in text
    assert "Engineer for the audit" in text and f"1 / {len(reader.pages)}" in text


def test_review_pptx_reads_back(world, client_for):
    portfolio(world)
    response = client_for("owner").get(reverse("reports:review-pptx", args=[world.account.pk]))
    assert response.status_code == 200
    deck = presentation(response.content)
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    assert [c.chart_type for c in charts] == [XL_CHART_TYPE.COLUMN_CLUSTERED]
    assert [s.name for s in charts[0].series][:2] == ["Revenue", "Gross profit"]
    assert 1000.0 in list(charts[0].series[0].values)
    texts = "\n".join(slide_texts(slide) for slide in deck.slides)
    assert world.account.name in texts and "Grow revenue" in texts
    assert "Engineer for the audit" in texts


@pytest.mark.parametrize("user", ["outsider", "portal"])
@pytest.mark.parametrize("name", ["reports:review-pdf", "reports:review-pptx"])
def test_review_files_hidden_from_outsiders(world, client_for, user, name):
    assert client_for(user).get(reverse(name, args=[world.account.pk])).status_code == 404
