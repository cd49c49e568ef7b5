"""The account plan as an A4 PDF: the account, the plan's period, its sections with the
goals and the actions' owners, page numbers "n / N"; the language of each download; the
same 404 for outsiders; and the print page's paper margins."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from pypdf import PdfReader

from tests.plans.support import add, make_plan


def _pdf_text(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def plan(world):
    plan = make_plan(world)
    add(plan, "profile", world.owner, text="Expanding into Germany")
    add(plan, "swot", world.owner, text="Strong cash position")
    add(plan, "goal", world.owner, title="Grow revenue by a fifth")
    for number in range(40):  # enough to run over more than one page
        add(
            plan,
            "action",
            world.owner,
            title=f"Visit plant {number}",
            detail="Bring samples",
            owner_id=world.member.pk,
            due_on=date(2025, 6, 30),
        )
    return plan


def test_the_pdf_has_the_plan_its_owners_and_page_numbers(world, client_for, plan):
    response = client_for("viewer").get(reverse("plans:pdf", args=[plan.pk]), {"lang": "en"})
    assert response["Content-Disposition"] == (
        'attachment; filename="plan-Polmet-Sp--z-o-o-FY2025-v1.pdf"'
    )
    reader, text = _pdf_text(response)
    pages = len(reader.pages)
    assert pages >= 2
    assert "Polmet Sp. z o.o." in text
    assert "Account plan FY2025, version 1" in text  # in the header of every page
    assert "Grow revenue by a fifth" in text and "Strong cash position" in text
    assert "Visit plant 39" in text
    assert f"Owner: {world.member}" in text and "30 Jun 2025" in text
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert f"1 / {pages}" in first and f"{pages} / {pages}" in last
    assert first.count("Polmet Sp. z o.o.") >= 2 and "Polmet Sp. z o.o." in last  # header
    assert re.search(r"Action plan", text)


def test_each_download_names_its_language(world, client_for, plan):
    url = reverse("plans:pdf", args=[plan.pk])
    _reader, polish = _pdf_text(client_for("owner").get(url, {"lang": "pl"}))
    assert "Opiekun:" in polish and "Owner:" not in polish
    _reader, russian = _pdf_text(client_for("owner").get(url, {"lang": "ru"}))
    assert "Ответственный:" in russian
    _reader, fallback = _pdf_text(client_for("owner").get(url, {"lang": "xx"}))
    assert "Owner:" in fallback  # an unknown code: the page's language


def test_outsiders_get_404(world, client_for, plan):
    url = reverse("plans:pdf", args=[plan.pk])
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("portal").get(url).status_code == 404


def test_the_plan_page_links_the_pdf_and_the_print_page_has_paper_margins(world, client_for, plan):
    page = client_for("owner").get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert f'href="/plans/{plan.pk}/plan.pdf?lang=en"' in page
    assert "Download PDF" in page
    printed = client_for("owner").get(reverse("plans:print", args=[plan.pk])).content.decode()
    assert re.search(r'keyplan/print(\.[0-9a-f]+)?\.css" media="print"', printed)
    assert "Visit plant 39" in printed and f"/plans/{plan.pk}/plan.pdf" in printed
    css = Path(finders.find("keyplan/print.css")).read_text()
    assert "@page" in css and "size: A4" in css and "margin: 18mm" in css
