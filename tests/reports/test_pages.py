"""The report pages: list, report, texts, issue, share, e-mail, PDF, the settings page;
the access rule on each (outsider 404, read-only 403 on writes)."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from keyplan.reports.models import MonthlyReport, ReportSettings
from keyplan.reports.monthly import services

from .support import MONTH, TODAY, month_of_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    month_of_work(world)
    found, _created = services.report_draft(account=world.account, month=MONTH, today=TODAY)
    return found


def test_the_list_page(world, client_for, report, django_assert_max_num_queries):
    url = reverse("reports:monthly-list", args=[world.account.pk])
    owner = client_for("owner")
    with django_assert_max_num_queries(12):
        page = owner.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "March 2025" in body and "Draft now" in body
    viewer = client_for("viewer").get(url).content.decode()
    assert "March 2025" in viewer and "Draft now" not in viewer
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("portal").get(url).status_code == 404


def test_the_list_is_paginated_and_has_an_empty_state(world, client_for):
    url = reverse("reports:monthly-list", args=[world.account.pk])
    assert "No monthly report yet" in client_for("owner").get(url).content.decode()
    for month in range(1, 13):
        MonthlyReport.objects.create(account=world.account, month=f"2023-{month:02d}-01")
    for month in range(1, 13):
        MonthlyReport.objects.create(account=world.account, month=f"2024-{month:02d}-01")
    MonthlyReport.objects.create(account=world.account, month="2022-12-01")
    MonthlyReport.objects.create(account=world.account, month="2022-11-01")
    first = client_for("owner").get(url).content.decode()
    assert "December 2024" in first and "November 2022" not in first
    second = client_for("owner").get(url, {"page": 2}).content.decode()
    assert "November 2022" in second and "December 2024" not in second


def test_draft_now(world, client_for, report):
    url = reverse("reports:monthly-draft", args=[world.account.pk])
    assert client_for("viewer").post(url, {"month": "2025-02"}).status_code == 403
    assert client_for("outsider").post(url, {"month": "2025-02"}).status_code == 404
    assert client_for("owner").post(url, {"month": "2999-01"}).status_code == 422
    response = client_for("owner").post(url, {"month": "2025-02"})
    created = MonthlyReport.objects.get(account=world.account, month="2025-02-01")
    assert response.status_code == 302 and response.url.endswith(f"/monthly/{created.pk}/")


def test_the_report_page(world, client_for, report, django_assert_max_num_queries):
    url = reverse("reports:monthly-detail", args=[report.pk])
    owner = client_for("owner")
    with django_assert_max_num_queries(14):
        page = owner.get(url)
    body = page.content.decode()
    assert "Visit the Poznań plant" in body and "Steering call" in body
    assert "<svg" in body and "Issue" in body and 'name="summary"' in body
    viewer = client_for("viewer").get(url).content.decode()
    assert "Visit the Poznań plant" in viewer and 'name="summary"' not in viewer
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("portal").get(url).status_code == 404


def test_texts_issue_share(world, client_for, report):
    owner = client_for("owner")
    texts = reverse("reports:monthly-texts", args=[report.pk])
    assert client_for("viewer").post(texts, {"summary": "x"}).status_code == 403
    assert client_for("outsider").post(texts, {"summary": "x"}).status_code == 404
    assert owner.post(texts, {"summary": "All on track"}).status_code == 302
    report.refresh_from_db()
    assert report.summary == "All on track"
    stale = {"summary": "late", "updated_at": "2020-01-01T00:00:00+00:00"}
    assert owner.post(texts, stale).status_code == 409
    issue = reverse("reports:monthly-issue", args=[report.pk])
    assert client_for("viewer").post(issue).status_code == 403
    assert owner.post(issue).status_code == 302
    report.refresh_from_db()
    assert report.is_issued and report.issued_by == world.owner
    share = reverse("reports:monthly-share", args=[report.pk])
    assert client_for("viewer").post(share, {"shared": "1"}).status_code == 403
    owner.post(share, {"shared": "1"})
    report.refresh_from_db()
    assert report.shared_with_portal and report.shared_by == world.owner
    # Editing the issued report starts version 2; version 1 stays.
    response = owner.post(texts, {"summary": "Corrected"})
    second = MonthlyReport.objects.get(account=world.account, month=MONTH, version=2)
    assert response.url.endswith(f"/monthly/{second.pk}/")
    report.refresh_from_db()
    assert report.summary == "All on track" and second.summary == "Corrected"


def test_email_sends_the_pdf_to_the_chosen_people(world, client_for, report):
    world.contact.email = "jan@polmet.example"
    world.contact.save()
    url = reverse("reports:monthly-email", args=[report.pk])
    data = {"contacts": [world.contact.pk], "message": "Our report.", "language": "pl"}
    assert client_for("owner").post(url, data).status_code == 422  # a draft is not sent
    services.report_issue(user=world.owner, report=report)
    assert client_for("viewer").post(url, data).status_code == 403
    assert client_for("outsider").post(url, data).status_code == 404
    assert len(mail.outbox) == 0
    other = world.other_account.contacts.create(last_name="Stranger", email="x@other.example")
    bad = {**data, "contacts": [other.pk]}
    assert client_for("owner").post(url, bad).status_code == 422
    assert client_for("owner").post(url, data).status_code == 302
    (sent,) = mail.outbox
    assert sent.to == ["jan@polmet.example"] and sent.body == "Our report."
    ((name, content, mime),) = sent.attachments
    assert mime == "application/pdf" and name.endswith(".pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Polmet Sp. z o.o." in text


def test_the_pdf_download(world, client_for, report):
    url = reverse("reports:monthly-pdf", args=[report.pk])
    response = client_for("viewer").get(url, {"language": "ru"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("portal").get(url).status_code == 404


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_the_settings_page_is_for_administrators(world, client_for):
    url = reverse("reports:settings")
    assert client_for("admin").get(url).status_code == 200
    for name in ("director", "owner", "viewer"):
        assert client_for(name).get(url).status_code == 403
        assert client_for(name).post(url, {"primary_colour": "#000000"}).status_code == 403
    assert client_for("portal").get(url).status_code == 404
    admin = client_for("admin")
    bad_colour = {"company_name": "Acme", "primary_colour": "red", "footer_text": ""}
    assert admin.post(url, bad_colour).status_code == 422
    not_image = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
    assert (
        admin.post(url, {**bad_colour, "primary_colour": "#123456", "logo": not_image}).status_code
        == 422
    )
    big = SimpleUploadedFile("logo.png", PNG + b"\x00" * (1024 * 1024), "image/png")
    assert (
        admin.post(url, {**bad_colour, "primary_colour": "#123456", "logo": big}).status_code == 422
    )
    logo = SimpleUploadedFile("logo.png", PNG, "image/png")
    good = {**bad_colour, "primary_colour": "#123456", "logo": logo}
    assert admin.post(url, good).status_code == 302
    current = ReportSettings.load()
    assert current.company_name == "Acme" and current.primary_colour == "#123456"
    assert current.logo.name.startswith("reports/logo/")
