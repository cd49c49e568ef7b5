"""The monthly reports over REST (needs keyplan.reports.api.router mounted at /api/v1/)."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from keyplan.reports.monthly import services
from tests.support import assert_error

from .support import MONTH, TODAY, month_of_work


def _mounted() -> bool:
    try:
        reverse("api:monthly_report_detail", kwargs={"report_id": 1})
    except NoReverseMatch:
        return False
    return True


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _mounted(), reason="keyplan.reports.api.router is not mounted"),
]


@pytest.fixture
def report(world):
    month_of_work(world)
    found, _created = services.report_draft(account=world.account, month=MONTH, today=TODAY)
    return found


def test_list_detail_pdf(world, api, report):
    listed = api("viewer").get(f"/accounts/{world.account.pk}/monthly-reports")
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 1 and body["items"][0]["month"] == "2025-03"
    assert body["items"][0]["state"] == "draft"
    detail = api("viewer").get(f"/monthly-reports/{report.pk}").json()
    titles = [a["title"] for a in detail["content"]["done"]["actions"]]
    assert titles == ["Visit the Poznań plant", "Send the service offer"]
    assert detail["content"]["kpis"]["sales"]["revenue"]["month"] == "1200.00"
    pdf = api("viewer").get(f"/monthly-reports/{report.pk}/pdf", {"language": "pl"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert_error(api("viewer").get(f"/monthly-reports/{report.pk}/pdf", {"language": "de"}), 422)


def test_outsiders_get_404(world, api, report):
    for path in (
        f"/accounts/{world.account.pk}/monthly-reports",
        f"/monthly-reports/{report.pk}",
        f"/monthly-reports/{report.pk}/pdf",
    ):
        assert_error(api("outsider").get(path), 404)
    assert_error(api("outsider").post(f"/monthly-reports/{report.pk}/issue"), 404)
    assert_error(api("viewer").get("/monthly-reports/999999"), 404)


def test_issue(world, api, report):
    assert_error(api("viewer").post(f"/monthly-reports/{report.pk}/issue"), 403)
    issued = api("owner").post(f"/monthly-reports/{report.pk}/issue")
    assert issued.status_code == 200 and issued.json()["state"] == "issued"
    assert issued.json()["issued_by"] == str(world.owner)
    assert_error(api("owner").post(f"/monthly-reports/{report.pk}/issue"), 422)
