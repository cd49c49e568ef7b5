"""The Pareto page (SPEC §1) and its exports: the analysis of the accounts the user may
see, paged and charted, and the whole table as CSV or XLSX.

Thin adapters: the figures come from `selectors` (reads, scoped to the user by the one
access rule). The exports carry the same columns as the page: every ranked account, then
the zero and negative ones. Text cells go through `safe_cell` (a name such as
"=HYPERLINK(...)" must not become a formula); in the XLSX numbers are numbers (money with
two places, shares as fractions formatted as percentages), so the sheet sums.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from keyplan.accounts.models import AccountClass
from keyplan.accounts.selectors import account_filter_choices
from keyplan.core.countries import country_name
from keyplan.core.csvsafe import safe_cell
from keyplan.core.decorators import internal_required
from keyplan.core.money import format_money
from keyplan.core.pagecache import page_cache
from keyplan.sales.figures.domain import Period, Scope
from keyplan.sales.figures.selectors import default_period, whole_history
from keyplan.users.access import can_import
from keyplan.users.models import BusinessUnit

from ..account_sales.forms import MAX_MONTHS
from ..common.views import TABLE_PAGE_SIZE, class_label, form_errors, metric_label, pager, percent
from .forms import ParetoForm
from .selectors import pareto as pareto_analysis

CHART_TOP = 50  # bars in the Pareto chart; the table and the exports have every account
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHARE_PLACES = Decimal("0.000001")


# --- the page -----------------------------------------------------------------------------


def _pareto_form(request) -> ParetoForm:
    choices = account_filter_choices(user=request.user)
    data = request.GET.copy()
    if data.get("country"):
        data["country"] = data["country"].upper()
    return ParetoForm(
        data,
        owners=choices["owners"],
        countries=choices["countries"],
        business_units=BusinessUnit.objects.order_by("name"),
    )


def _months_before(month: date, count: int) -> date:
    """The first day of the month `count` months before `month`."""
    index = max(month.year * 12 + month.month - 1 - count, 12)  # not before January of year 1
    return date(index // 12, index % 12 + 1, 1)


def _pareto_period(cleaned: dict) -> Period | None:
    """The period asked for; a missing end takes the default period's. None: no sales."""
    if cleaned.get("all"):
        return whole_history()
    start, end = cleaned.get("date_from"), cleaned.get("date_to")
    if start and end:
        return Period.months(start, end)
    if end:
        return Period.months(_months_before(end, 11), end)
    default = default_period()
    if default is None:
        return None
    if start:
        return Period.months(start, max(start, default.date_to))
    return default


def _pareto_result(form: ParetoForm, user):
    """(period, result) for a valid form; (None, None) when there are no sales at all."""
    data = form.cleaned_data
    period = _pareto_period(data)
    if period is None:
        return None, None
    scope = Scope(
        business_unit=data["business_unit"],
        country=data["country"],
        owner=data["owner"],
        industry=data["industry"],
    )
    result = pareto_analysis(
        user=user, metric=data["metric"], period=period, level=data["level"], scope=scope
    )
    return period, result


def _pareto_rows(rows, *, currency: str, period_query: str) -> list[dict]:
    """Each row with what its cells show already worked out (the link, money, country):
    the template's row loop then reads plain values (issue #19, "Load held")."""
    # /portfolio/accounts/<id>/sales/: reversed once, the id put in per row.
    before, _id, after = reverse("portfolio:account-sales", args=[0]).partition("/0/")
    query = f"?{period_query}"
    return [
        {
            "row": row,
            "url": f"{before}/{row.account_id}/{after}{query}",
            "class_label": class_label(row.account_class),
            "owner": row.owner or "—",
            "country": country_name(row.country) or "—",
            "revenue": format_money(row.revenue, currency),
            "gross_profit": format_money(row.gross_profit, currency),
            "share": percent(row.share),
            "cumulative": percent(row.cumulative_share),
        }
        for row in rows
    ]


def _pareto_chart(result) -> dict:
    top = result.rows[:CHART_TOP]
    return {
        "names": [row.name for row in top],
        "values": [float(row.value) for row in top],
        "cumulative": [round(float(row.cumulative_share or 0) * 100, 2) for row in top],
        "threshold": round(float(result.threshold) * 100, 2),
        "currency": result.currency,
        "labels": {
            "value": metric_label(result.metric),
            "cumulative": _("Cumulative share, %"),
            "threshold": _("%(share)s of the total") % {"share": percent(result.threshold)},
        },
    }


def _period_query(period) -> str:
    """The drill-down's parameters for the same months, when it can show that many."""
    months = (period.date_to.year - period.date_from.year) * 12
    months += period.date_to.month - period.date_from.month + 1
    if months > MAX_MONTHS:
        return ""
    return f"date_from={period.date_from:%Y-%m}&date_to={period.date_to:%Y-%m}"


def _query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@internal_required
@require_GET
@page_cache
def pareto(request):
    form = _pareto_form(request)
    context = {
        "form": form,
        "errors": [],
        "result": None,
        "no_sales": False,
        "can_import": can_import(request.user),
    }
    if not form.is_valid():
        context["errors"] = form_errors(form)
        return render(request, "portfolio/pareto.html", context)
    period, result = _pareto_result(form, request.user)
    if result is None:
        context["no_sales"] = True
        return render(request, "portfolio/pareto.html", context)
    if not form.cleaned_data["all"]:
        # Show the months the analysis used in the inputs, also when they were defaulted.
        form.data = form.data.copy()
        form.data["date_from"] = f"{period.date_from:%Y-%m}"
        form.data["date_to"] = f"{period.date_to:%Y-%m}"
    ranked = Paginator(result.rows, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    non_positive = Paginator(result.non_positive, TABLE_PAGE_SIZE).get_page(
        request.GET.get("npage")
    )
    row_texts = {"currency": result.currency, "period_query": _period_query(period)}
    context.update(
        {
            "result": result,
            "period": period,
            "metric_label": metric_label(result.metric),
            "ranked": ranked,
            "ranked_rows": _pareto_rows(ranked.object_list, **row_texts),
            "ranked_pager": pager(
                request, ranked, "page", label=_("Pages of ranked accounts"), target="pareto-ranked"
            ),
            "non_positive": non_positive,
            "non_positive_rows": _pareto_rows(non_positive.object_list, **row_texts),
            "non_positive_pager": pager(
                request,
                non_positive,
                "npage",
                label=_("Pages of accounts at zero or below"),
                target="pareto-non-positive",
            ),
            "chart": _pareto_chart(result),
            "threshold": percent(result.threshold),
            "head_share": percent(result.share_of_accounts_for_threshold),
            "top_shares": {key: percent(value) for key, value in result.top_shares.items()},
            "export_query": _query_without(request, "page", "npage"),
            "period_query": _period_query(period),
        }
    )
    target = request.htmx.target if request.htmx else None
    if target == "pareto-ranked":
        return render(request, "portfolio/_pareto_ranked.html", context)
    if target == "pareto-non-positive":
        return render(request, "portfolio/_pareto_non_positive.html", context)
    return render(request, "portfolio/pareto.html", context)


def _pareto_export(request, fmt: str):
    form = _pareto_form(request)
    if not form.is_valid():
        # The page explains what is wrong with the parameters.
        return redirect(reverse("portfolio:pareto") + "?" + request.GET.urlencode())
    _period, result = _pareto_result(form, request.user)
    if fmt == "xlsx":
        return _xlsx_response(result, metric=form.cleaned_data["metric"])
    return _csv_response(result, metric=form.cleaned_data["metric"])


@internal_required
@require_GET
def pareto_csv(request):
    return _pareto_export(request, "csv")


@internal_required
@require_GET
def pareto_xlsx(request):
    return _pareto_export(request, "xlsx")


# --- the exports --------------------------------------------------------------------------


def _columns() -> list[str]:
    return [
        _("Rank"),
        _("External id"),
        _("Name"),
        _("Class"),
        _("Country"),
        _("Owner"),
        _("Accounts in the group"),
        _("Revenue"),
        _("Gross profit"),
        _("Value"),
        _("Share"),
        _("Cumulative share"),
        _("Makes the threshold"),
    ]


def _plain_class_label(key: str) -> str:
    try:
        return str(AccountClass(key).label)
    except ValueError:
        return key


def _share(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(SHARE_PLACES)


def _rows(result):
    """(rank, external id, name, class, country, owner, members, revenue, gross profit,
    value, share, cumulative share, in head) for ranked rows, then non-positive ones."""
    if result is None:
        return
    for row in [*result.rows, *result.non_positive]:
        yield (
            row.rank,
            row.external_id,
            row.name,
            _plain_class_label(row.account_class),
            row.country,
            row.owner,
            row.members,
            row.revenue,
            row.gross_profit,
            row.value,
            _share(row.share),
            _share(row.cumulative_share),
            row.in_head,
        )


def _filename(result, metric: str, extension: str) -> str:
    if result is None:
        return f"pareto-{metric}.{extension}"
    period = result.period
    return (
        f"pareto-{metric}-{result.level}-{period.date_from:%Y-%m}-{period.date_to:%Y-%m}"
        f".{extension}"
    )


def _csv_response(result, *, metric: str) -> HttpResponse:
    """UTF-8 with a byte order mark (Excel reads the accents), comma separated, amounts
    with a point and two places, shares as fractions with six places."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_columns())
    yes, no = _("yes"), _("no")
    for cells in _rows(result):
        *head, in_head = cells
        writer.writerow(
            ["" if cell is None else safe_cell(cell) for cell in head] + [yes if in_head else no]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, metric, "csv")}"'
    return response


def _xlsx_response(result, *, metric: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    # Write-only: a portfolio of 100,000 accounts streams instead of building a cell tree.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Pareto")[:31])
    sheet.freeze_panes = "A2"
    sheet.append(_columns())
    formats = {7: "#,##0.00", 8: "#,##0.00", 9: "#,##0.00", 10: "0.00%", 11: "0.00%"}

    def cell(index: int, value):
        if index not in formats or value is None:
            return safe_cell(value)
        formatted = WriteOnlyCell(sheet, value=value)
        formatted.number_format = formats[index]
        return formatted

    for cells in _rows(result):
        *head, in_head = cells
        sheet.append([cell(index, value) for index, value in enumerate(head)] + [bool(in_head)])
    if result is not None:
        summary = workbook.create_sheet(_("Summary")[:31])
        for label, value in _summary(result):
            summary.append([label, safe_cell(value)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, metric, "xlsx")}"'
    return response


def _summary(result) -> list[tuple[str, object]]:
    return [
        (_("Metric"), _("Gross profit") if result.metric == "gp" else _("Revenue")),
        (_("From"), result.period.date_from),
        (_("To"), result.period.date_to),
        (_("Level"), result.level),
        (_("Currency"), result.currency),
        (_("Total"), result.total),
        (_("Positive total"), result.positive_total),
        (_("Negative total"), result.negative_total),
        (_("Threshold"), result.threshold),
        (_("Accounts that make the threshold"), result.accounts_for_threshold),
        (_("Their share of the accounts"), result.share_of_accounts_for_threshold),
        (_("Accounts analysed"), result.analysed),
        (_("Share of the top 1%"), result.top_shares.get("top1")),
        (_("Share of the top 5%"), result.top_shares.get("top5")),
        (_("Share of the top 10%"), result.top_shares.get("top10")),
        (_("Gini"), result.gini),
        (_("Missing exchange rates"), ", ".join(result.missing_rates)),
    ]
