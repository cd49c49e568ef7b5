"""The KPIs over REST: the KPI report of the accounts you may see (every internal user)
and the directors' targets (read by every internal user; set and cleared by
administrators and directors only, 403 for the others; portal users 404, as for the whole
internal API).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Query, Router, Status

from keyplan.accounts.models import AccountClass
from keyplan.core.api.common import BODY_ERRORS, ERRORS

from ..models import Kpi, KpiTarget
from . import domain, services
from .schemas import (
    KpiQuery,
    KpiReportOut,
    TargetIn,
    TargetKeyQuery,
    TargetOut,
    TargetQuery,
    detail_out,
    text,
)
from .selectors import KpiReport, kpi_report

router = Router(tags=["economics"])


def _kpis(report: KpiReport) -> list[dict]:
    scope = report.scope
    return [
        {
            "kpi": kpi,
            "label": str(label),
            "unit": domain.UNITS[kpi],
            "higher_is_better": kpi not in domain.LOWER_IS_BETTER,
            "years": [
                {
                    "year": year,
                    "value": text(report.value(kpi, year, scope)),
                    "target": text(report.target(kpi, year, scope)),
                    "status": report.status(kpi, year, scope),
                    "detail": detail_out(report.details.get((kpi, scope, year), {})),
                }
                for year in report.years
            ],
        }
        for kpi, label in Kpi.choices
        if not (scope and kpi in domain.WHOLE_ONLY)
    ]


def _classes(report: KpiReport) -> list[dict]:
    return [
        {
            "account_class": cls,
            "kpis": {
                kpi: text(report.value(kpi, report.year, cls))
                for kpi in Kpi.values
                if not (cls and kpi in domain.WHOLE_ONLY)
            },
        }
        for cls in ("", *AccountClass.values)
    ]


@router.get(
    "/economics/kpis",
    response={200: KpiReportOut, **ERRORS},
    summary="The key-account KPIs of the accounts you may see, per year, with the targets",
)
def economics_kpis(request, filters: Query[KpiQuery]):
    """Every KPI for the year asked (default: the current one, to date) and the three
    before it, for the whole portfolio or one class (`class`, by the class each account
    had at the start of the year), against the targets; the last year's KPIs per class;
    the accounts' revenue and gross profit growth in the last year (paged, by name).
    A value without data is null, never 0."""
    report = kpi_report(user=request.auth, year=filters.year, account_class=filters.account_class)
    count = len(report.accounts)
    start = (filters.page - 1) * filters.page_size
    return {
        "years": report.years,
        "year": report.year,
        "to_date": report.year == report.today.year,
        "account_class": report.scope,
        "currency": report.currency,
        "missing_rates": report.missing_rates,
        "kpis": _kpis(report),
        "classes": _classes(report),
        "count": count,
        "page": filters.page,
        "pages": max(1, -(-count // filters.page_size)),
        "accounts": [
            {
                "account_id": row.account_id,
                "name": row.name,
                "account_class": row.account_class,
                "revenue": format(row.revenue, "f"),
                "previous_revenue": format(row.previous_revenue, "f"),
                "revenue_growth": text(row.revenue_growth),
                "gross_profit": format(row.gross_profit, "f"),
                "previous_gross_profit": format(row.previous_gross_profit, "f"),
                "gross_profit_growth": text(row.gross_profit_growth),
            }
            for row in report.accounts[start : start + filters.page_size]
        ],
    }


@router.get("/economics/kpi-targets", response={200: list[TargetOut], **ERRORS})
def list_kpi_targets(request, filters: Query[TargetQuery]):
    """The targets, optionally of one year, KPI or class (`class=` empty: the portfolio's)."""
    targets = KpiTarget.objects.order_by("kpi", "account_class", "-year")
    if filters.year is not None:
        targets = targets.filter(year=filters.year)
    if filters.kpi is not None:
        targets = targets.filter(kpi=filters.kpi)
    if filters.account_class is not None:
        targets = targets.filter(account_class=filters.account_class)
    return list(targets)


@router.put(
    "/economics/kpi-targets",
    response={200: TargetOut, **BODY_ERRORS},
    summary="Set a KPI's target for a year (administrators and directors)",
)
def put_kpi_target(request, payload: TargetIn):
    target = services.kpi_target_set(user=request.auth, **payload.model_dump())
    return KpiTarget.objects.get(pk=target.pk)  # as stored (four places)


@router.delete(
    "/economics/kpi-targets",
    response={204: None, **ERRORS},
    summary="Clear a KPI's target for a year (administrators and directors)",
)
def delete_kpi_target(request, filters: Query[TargetKeyQuery]):
    services.kpi_target_clear(
        user=request.auth, kpi=filters.kpi, year=filters.year, account_class=filters.account_class
    )
    return Status(204, None)
