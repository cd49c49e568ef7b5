"""The monthly report API's documents: a report's summary in lists, and the whole report
with its texts and its generated content (dates ISO, amounts as exact decimal strings)."""

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema


class MonthlyReportSummaryOut(Schema):
    id: int
    account_id: int
    month: str = Field(description="YYYY-MM")
    version: int
    state: Literal["draft", "issued"]
    issued_at: datetime | None
    shared_with_portal: bool
    updated_at: datetime


class MonthlyReportOut(MonthlyReportSummaryOut):
    summary: str
    highlights: str
    asks: str
    generated_at: datetime | None
    issued_by: str | None
    shared_at: datetime | None
    content: dict[str, Any] = Field(
        description="What the report shows from the data: done (actions, meetings, goals), "
        "next (open actions, joint first), kpis (sales in the base currency, health, "
        "satisfaction)"
    )


class MonthlyReportPageOut(Schema):
    items: list[MonthlyReportSummaryOut]
    count: int
    page: int
    page_size: int
    pages: int


class PdfQuery(Schema):
    language: Literal["en", "ru", "pl"] | None = Field(
        None, description="The PDF's language; default: the request's"
    )


def summary_out(report) -> dict:
    return {
        "id": report.pk,
        "account_id": report.account_id,
        "month": f"{report.month:%Y-%m}",
        "version": report.version,
        "state": report.state,
        "issued_at": report.issued_at,
        "shared_with_portal": report.shared_with_portal,
        "updated_at": report.updated_at,
    }


def report_out(report) -> dict:
    return {
        **summary_out(report),
        "summary": report.summary,
        "highlights": report.highlights,
        "asks": report.asks,
        "generated_at": report.generated_at,
        "issued_by": str(report.issued_by) if report.issued_by_id else None,
        "shared_at": report.shared_at,
        "content": report.content,
    }
