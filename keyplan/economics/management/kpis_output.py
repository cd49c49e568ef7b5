"""`keyplan economics kpis`: the key-account KPIs per year, with the targets, as a table,
JSON or CSV. --year Y: the last year shown (default the current one, to date) and the
three before it; --from/--to YYYY: the years from and to (ten at most)."""

from __future__ import annotations

import csv
import json
import re

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.economics.kpis import domain
from keyplan.economics.kpis.schemas import detail_out, text
from keyplan.economics.kpis.selectors import KpiReport, kpi_report
from keyplan.economics.models import Kpi
from keyplan.portfolio.management import OptionError, system_user, user_option

CSV_HEADER = ["kpi", "class", "year", "value", "target", "status", "unit"]
YEAR = re.compile(r"^(\d{4})(?:-\d{2})?$")
SCOPES = ("", "strategic", "regular", "prospect", "suspect")


def _year(value: str | None, option: str) -> int | None:
    if not value:
        return None
    match = YEAR.match(value.strip())
    if not match or not domain.FIRST_YEAR <= int(match.group(1)) <= 2100:
        raise OptionError(option, _("“%(value)s” is not a year (YYYY).") % {"value": value})
    return int(match.group(1))


def _years(options: dict) -> tuple[int | None, int | None]:
    """(the last year, the first year) the options ask for."""
    year = _year(options.get("year"), "year")
    first = _year(options.get("date_from"), "from")
    last = _year(options.get("date_to"), "to")
    if year is not None and (first is not None or last is not None):
        raise OptionError("year", _("give either a year or the years from and to, not both."))
    if first is not None and last is not None and first > last:
        raise OptionError(
            "from", _("%(first)s is after %(last)s.") % {"first": first, "last": last}
        )
    if year is not None:
        return year, None
    if first is not None and last is None:
        last = timezone.localdate().year
    if last is not None and first is not None and last - first >= domain.MAX_YEARS:
        raise OptionError("from", _("ask for ten years at most."))
    return last, first


def run_kpis(command, options: dict) -> None:
    try:
        user = user_option(options["user"]) or system_user()
        last, first = _years(options)
    except OptionError as exc:
        raise CommandError(exc.for_cli()) from None
    report = kpi_report(user=user, year=last, first_year=first)
    write = command.stdout.write
    if options["format"] == "json":
        write(json.dumps(_document(report), ensure_ascii=False, indent=2))
    elif options["format"] == "csv":
        writer = csv.writer(command.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for row in _rows(report):
            writer.writerow(row)
    else:
        _table(write, report)


def _scopes(kpi: str) -> tuple[str, ...]:
    return ("",) if kpi in domain.WHOLE_ONLY else SCOPES


def _rows(report: KpiReport) -> list[list]:
    return [
        [
            kpi,
            scope,
            year,
            text(report.value(kpi, year, scope)) or "",
            text(report.target(kpi, year, scope)) or "",
            report.status(kpi, year, scope) or "",
            domain.UNITS[kpi],
        ]
        for kpi in Kpi.values
        for scope in _scopes(kpi)
        for year in report.years
    ]


def _document(report: KpiReport) -> dict:
    return {
        "years": report.years,
        "to_date": report.year == report.today.year,
        "currency": report.currency,
        "missing_rates": report.missing_rates,
        "kpis": [
            {
                "kpi": kpi,
                "unit": domain.UNITS[kpi],
                "class": scope,
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
            for kpi in Kpi.values
            for scope in _scopes(kpi)
        ],
    }


def _cell(report: KpiReport, kpi: str, year: int) -> str:
    value = text(report.value(kpi, year))
    target = text(report.target(kpi, year))
    shown = value if value is not None else _("no data")
    if target is not None:
        mark = {"on": "✓", "behind": "✗"}.get(report.status(kpi, year) or "", "")
        shown = f"{shown} / {target}{mark}"
    return shown


def _table(write, report: KpiReport) -> None:
    write(
        _("Key-account KPIs of the whole portfolio, in %(currency)s (value / target)")
        % {"currency": report.currency}
    )
    write(f"{'':<44}" + "".join(f"{year:>22}" for year in report.years))
    for kpi, label in Kpi.choices:
        cells = "".join(f"{_cell(report, kpi, year):>22}" for year in report.years)
        write(f"{str(label)[:44]:<44}{cells}")
    if report.year == report.today.year:
        write(_("%(year)s: to date.") % {"year": report.year})
    if report.missing_rates:
        write(
            _("No exchange rate for %(codes)s: left out of the figures.")
            % {"codes": ", ".join(report.missing_rates)}
        )
