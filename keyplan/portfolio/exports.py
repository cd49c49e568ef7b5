"""The Pareto table as CSV and XLSX: every ranked account, then the zero and negative ones.

Both carry the same columns as the page. Text cells go through `safe_cell` (a name such
as "=HYPERLINK(...)" must not become a formula); in the XLSX numbers are numbers (money
with two places, shares as fractions formatted as percentages), so the sheet sums.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from keyplan.accounts.models import AccountClass
from keyplan.core.csvsafe import safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHARE_PLACES = Decimal("0.000001")


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


def _class_label(key: str) -> str:
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
            _class_label(row.account_class),
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


def pareto_csv(result, *, metric: str) -> HttpResponse:
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


def pareto_xlsx(result, *, metric: str) -> HttpResponse:
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
