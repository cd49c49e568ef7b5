"""The monthly reports over REST, under the one access rule (an account you may not see
answers 404, like a missing one; a read-only user gets 403 on writes).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.http import HttpResponse
from django.utils.translation import get_language
from ninja import Query, Router

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.pagination import Pagination

from . import selectors, services
from .pdf import pdf_filename, render_pdf
from .schemas import MonthlyReportOut, MonthlyReportPageOut, PdfQuery, report_out, summary_out

router = Router(tags=["reports"])


@router.get(
    "/accounts/{account_id}/monthly-reports",
    response={200: MonthlyReportPageOut, **ERRORS},
    summary="An account's monthly reports, newest month and version first",
)
def account_monthly_reports(request, account_id: int, filters: Query[Pagination.Input]):
    access = account_for_user(request.auth, account_id)
    page = Pagination().paginate_queryset(selectors.account_reports(access.account), filters)
    return {**page, "items": [summary_out(r) for r in page["items"]]}


@router.get(
    "/monthly-reports/{report_id}",
    response={200: MonthlyReportOut, **ERRORS},
    summary="One monthly report with its texts and content",
)
def monthly_report_detail(request, report_id: int):
    report, _access = selectors.report_for_user(request.auth, report_id)
    return report_out(report)


@router.get(
    "/monthly-reports/{report_id}/pdf",
    response={200: None, **ERRORS},
    summary="One monthly report as a PDF (A4)",
)
def monthly_report_pdf(request, report_id: int, filters: Query[PdfQuery]) -> HttpResponse:
    report, _access = selectors.report_for_user(request.auth, report_id)
    response = HttpResponse(
        render_pdf(report, filters.language or get_language()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(report)}"'
    return response


@router.post(
    "/monthly-reports/{report_id}/issue",
    response={200: MonthlyReportOut, **BODY_ERRORS},
    summary="Issue a draft: from then on it never changes",
)
def monthly_report_issue(request, report_id: int):
    report, _access = selectors.report_for_user(request.auth, report_id, write=True)
    return report_out(services.report_issue(user=request.auth, report=report))
