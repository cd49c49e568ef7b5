"""`keyplan economics pnl|whale`: the P&L and the whale curve as a table, JSON or CSV."""

from __future__ import annotations

import csv
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from keyplan.economics.pnl.schemas import pnl_out, whale_out
from keyplan.economics.pnl.selectors import (
    DEFAULT_SORT,
    SORTS,
    PnLFilters,
    PnLTable,
    account_pnl,
    pnl_table,
)
from keyplan.portfolio.management import OptionError, resolve_period, system_user, user_option
from keyplan.sales.figures.domain import quantize

CSV_HEADER = [
    "account_id",
    "name",
    "class",
    "owner",
    "revenue",
    "cost_of_goods",
    "gross_profit",
    "gross_margin",
    "time",
    "services",
    "money",
    "cost_to_serve",
    "contribution",
    "contribution_margin",
    "currency",
]


def run_pnl(command, options: dict) -> None:
    from keyplan.economics.management.commands.economics import find_account, sort_option

    try:
        user = user_option(options["user"]) or system_user()
        period = resolve_period(options["date_from"], options["date_to"])
        sort = sort_option(options["sort"], SORTS, DEFAULT_SORT)
    except OptionError as exc:
        raise CommandError(exc.for_cli()) from None
    write = command.stdout.write
    if options["account"]:
        _account(write, find_account(user, options["account"]), period, options["format"])
        return
    table = pnl_table(user=user, period=period, filters=PnLFilters(sort=sort))
    if options["view"] == "whale":
        _whale(write, table, options["format"])
    elif options["format"] == "json":
        write(json.dumps(_document(table), ensure_ascii=False, indent=2))
    elif options["format"] == "csv":
        _csv(command.stdout, table)
    else:
        _table(write, table)


def _document(table: PnLTable) -> dict:
    report = table.report
    return {
        "period": report.period.to_json(),
        "currency": report.currency,
        "missing_rates": report.missing_rates,
        "unpriced_minutes": report.unpriced_minutes,
        "cost_of_capital": format(report.cost_of_capital, "f"),
        "total": pnl_out(table.total),
        "accounts": [
            {
                "account_id": row.account_id,
                "name": row.name,
                "class": row.account_class,
                "owner": row.owner,
                "pnl": pnl_out(row.pnl),
            }
            for row in table.rows
        ],
    }


def _csv(stream, table: PnLTable) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in table.rows:
        document = pnl_out(row.pnl)
        writer.writerow(
            [row.account_id, row.name, row.account_class, row.owner]
            + [
                document[key]
                if key.endswith("margin")
                else format(quantize(getattr(row.pnl, key)), "f")
                for key in CSV_HEADER[4:-1]
            ]
            + [table.report.currency]
        )


def _money(value) -> str:
    return f"{quantize(value):,.2f}"


def _share(value) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _table(write, table: PnLTable) -> None:
    report = table.report
    write(
        _("P&L from %(start)s to %(end)s, in %(currency)s")
        % {
            "start": f"{report.period.date_from:%Y-%m}",
            "end": f"{report.period.date_to:%Y-%m}",
            "currency": report.currency,
        }
    )
    head = [_("Account"), _("Revenue"), _("Gross profit"), _("Cost to serve"), _("Contribution")]
    write(f"{head[0]:<40} {head[1]:>16} {head[2]:>16} {head[3]:>16} {head[4]:>16} {'%':>7}")
    for name, pnl in [*((row.name[:40], row.pnl) for row in table.rows), (_("Total"), table.total)]:
        write(
            f"{name:<40} {_money(pnl.revenue):>16} {_money(pnl.gross_profit):>16} "
            f"{_money(pnl.cost_to_serve):>16} {_money(pnl.contribution):>16} "
            f"{_share(pnl.contribution_margin):>7}"
        )
    if report.unpriced_minutes:
        write(
            _("%(minutes)s minutes of time have no hourly cost: left out.")
            % {"minutes": report.unpriced_minutes}
        )
    if report.missing_rates:
        write(
            _("No exchange rate for %(codes)s: left out of the figures.")
            % {"codes": ", ".join(report.missing_rates)}
        )


def _whale(write, table: PnLTable, fmt: str) -> None:
    curve = table.whale()
    names = {row.account_id: row.name for row in table.rows}
    if fmt == "json":
        document = {"period": table.report.period.to_json(), "currency": table.report.currency}
        write(json.dumps({**document, **whale_out(curve, names)}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        write("rank,account_id,name,contribution,cumulative,share")
        for rank, p in enumerate(curve.points, start=1):
            share = "" if p.share is None else format(p.share, "f")
            name = '"' + names[p.account_id].replace('"', '""') + '"'
            write(
                f"{rank},{p.account_id},{name},{quantize(p.contribution)},{quantize(p.cumulative)},{share}"
            )
        return
    write(
        _(
            "Total contribution %(total)s %(currency)s; the peak, %(peak)s (%(share)s), after "
            "%(count)s accounts; %(destroyers)s loss-making accounts destroy %(destroyed)s."
        )
        % {
            "total": _money(curve.total),
            "currency": table.report.currency,
            "peak": _money(curve.peak),
            "share": _share(curve.peak_share),
            "count": curve.peak_accounts,
            "destroyers": curve.destroyers,
            "destroyed": _money(curve.destroyed),
        }
    )
    for rank, p in enumerate(curve.points, start=1):
        name = names[p.account_id][:40]
        write(f"{rank:>6} {name:<40} {_money(p.contribution):>16} {_share(p.share):>8}")


def _account(write, account, period, fmt: str) -> None:
    detail = account_pnl(account=account, period=period)
    if fmt == "json":
        document = {
            "account_id": account.pk,
            "name": account.name,
            "period": period.to_json(),
            "currency": detail.report.currency,
            "pnl": pnl_out(detail.pnl),
            "months": [
                {"month": f"{m.date_from:%Y-%m}", "pnl": pnl_out(p)} for m, p in detail.months
            ],
        }
        write(json.dumps(document, ensure_ascii=False, indent=2))
        return
    pnl = detail.pnl
    write(
        _("P&L of %(name)s from %(start)s to %(end)s, in %(currency)s")
        % {
            "name": account.name,
            "start": f"{period.date_from:%Y-%m}",
            "end": f"{period.date_to:%Y-%m}",
            "currency": detail.report.currency,
        }
    )
    for label, value in [
        (_("Revenue"), pnl.revenue),
        (_("Cost of goods"), -pnl.cost_of_goods),
        (_("Gross profit"), pnl.gross_profit),
        (_("Our people's time"), -pnl.time),
        (_("Service costs"), -pnl.services),
        (_("Cost of money"), -pnl.money),
        (_("Contribution"), pnl.contribution),
    ]:
        write(f"  {label:<24} {_money(value):>18}")
