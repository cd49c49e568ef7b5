"""Rows for tests/test_routes_authz.py ROUTES: the monthly report pages and API (issue #17).
To merge: `from tests.reports import routes as reports_routes` and add
`reports_routes.ROUTES` to the tuple there."""

from __future__ import annotations

from typing import Any

from tests.test_routes_authz import (
    Call,
    account,
    api_account,
    managers,
    scoped,
)


def _report(w):
    from datetime import date

    from keyplan.reports.monthly.services import report_draft

    report, _created = report_draft(account=w.account, month=date(2025, 3, 1))
    return report


def report(w) -> dict[str, Any]:
    return {"pk": _report(w).pk}


def issued(w) -> dict[str, Any]:
    from keyplan.reports.monthly.services import report_issue

    return {"pk": report_issue(user=w.owner, report=_report(w)).pk}


def api_report(w) -> dict[str, Any]:
    return {"report_id": _report(w).pk}


def _issued_state(w) -> bool:
    from keyplan.reports.models import MonthlyReport

    return MonthlyReport.objects.filter(state="issued").exists()


def _shared(w) -> bool:
    from keyplan.reports.models import MonthlyReport

    return MonthlyReport.objects.filter(shared_with_portal=True).exists()


def _drafted(w) -> bool:
    from keyplan.reports.models import MonthlyReport

    return MonthlyReport.objects.filter(month="2025-02-01").exists()


def _summary(w) -> bool:
    from keyplan.reports.models import MonthlyReport

    return MonthlyReport.objects.filter(summary="Routes").exists()


REPORT = "/reports/monthly/"

ROUTES: dict[str, tuple[Call, ...]] = {
    "reports:monthly-list": (Call("get", account, scoped(200)),),
    "reports:monthly-draft": (
        Call(
            "post",
            account,
            scoped(REPORT, viewer=403),
            data=lambda w: {"month": "2025-02"},
            effect=_drafted,
        ),
    ),
    "reports:monthly-detail": (Call("get", report, scoped(200)),),
    "reports:monthly-pdf": (Call("get", report, scoped(200)),),
    "reports:monthly-texts": (
        Call(
            "post",
            report,
            scoped(REPORT, viewer=403),
            data=lambda w: {"summary": "Routes"},
            effect=_summary,
        ),
    ),
    "reports:monthly-refresh": (Call("post", report, scoped(REPORT, viewer=403)),),
    "reports:monthly-issue": (
        Call("post", report, scoped(REPORT, viewer=403), effect=_issued_state),
    ),
    "reports:monthly-share": (
        Call(
            "post",
            issued,
            scoped(REPORT, viewer=403),
            data=lambda w: {"shared": "1"},
            effect=_shared,
        ),
    ),
    "reports:monthly-email": (
        Call("post", issued, scoped(422, viewer=403), data=lambda w: {"message": "x"}),
    ),
    "reports:settings": (Call("get", lambda w: {}, managers(200) | {"director": 403}),),
    "api:account_monthly_reports": (
        Call("get", api_account, scoped(200, anonymous=401), api=True),
    ),
    "api:monthly_report_detail": (Call("get", api_report, scoped(200, anonymous=401), api=True),),
    "api:monthly_report_pdf": (Call("get", api_report, scoped(200, anonymous=401), api=True),),
    "api:monthly_report_issue": (
        Call(
            "post",
            api_report,
            scoped(200, viewer=403, anonymous=401),
            api=True,
            effect=_issued_state,
        ),
    ),
}
