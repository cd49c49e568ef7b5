from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_UP, Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keyplan.portfolio.management import (
    OptionError,
    resolve_period,
    resolve_scope,
    system_user,
    user_option,
)

CONVENTION = (
    "Accounts whose metric is zero or negative are listed and counted separately with their "
    "total; they are not on the cumulative curve, so cumulative shares never exceed 100% or "
    "decrease."
)
CSV_HEADER = [
    "rank",
    "external_id",
    "name",
    "class",
    "country",
    "owner",
    "members",
    "revenue",
    "gross_profit",
    "value",
    "share",
    "cumulative_share",
    "in_head",
]
SIX = Decimal("0.000001")
CENT = Decimal("0.01")


def _share(value: Decimal | None) -> str:
    return "" if value is None else str(value.quantize(SIX))


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))  # the exact value, shown at 2 places


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value * 100:.2f}%"


class Command(BaseCommand):
    help = (
        "Pareto analysis: rank the accounts by revenue or gross profit over a period (by "
        "default the 12 months up to the latest invoice), with each account's share and "
        "cumulative share, how many accounts make 80% of the metric, and the concentration "
        "(top 1/5/10% share, Gini). Amounts are in the base currency; currencies without an "
        "exchange rate are left out and named. " + CONVENTION + " Runs over the whole company "
        "unless --user is given (then over the accounts that user may see)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--metric", required=True, choices=["revenue", "gp"])
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM", help="first month")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM", help="last month")
        parser.add_argument(
            "--all", dest="whole", action="store_true", help="the whole sales history"
        )
        parser.add_argument("--level", choices=["account", "group"], default="account")
        parser.add_argument("--business-unit", metavar="CODE_OR_ID")
        parser.add_argument("--country", metavar="CC")
        parser.add_argument("--owner", metavar="USERNAME", help="accounts owned by this KAM")
        parser.add_argument("--industry", metavar="KEY")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument(
            "--user", metavar="USERNAME", help="analyse only what this user may see"
        )

    def handle(self, *args, **options):
        from keyplan.portfolio.pareto.selectors import pareto

        try:
            user = user_option(options["user"]) or system_user()
            period = resolve_period(options["date_from"], options["date_to"], options["whole"])
            scope = resolve_scope(
                business_unit=options["business_unit"],
                country=options["country"],
                owner=options["owner"],
                industry=options["industry"],
            )
        except OptionError as exc:
            raise CommandError(exc.for_cli()) from None
        result = pareto(
            user=user, metric=options["metric"], period=period, level=options["level"], scope=scope
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        elif options["format"] == "csv":
            self._csv(result)
        else:
            self._table(result)

    def _csv(self, result):
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for row in [*result.rows, *result.non_positive]:
            writer.writerow(
                [
                    "" if row.rank is None else row.rank,
                    row.external_id,
                    row.name,
                    row.account_class,
                    row.country,
                    row.owner,
                    row.members,
                    _money(row.revenue),
                    _money(row.gross_profit),
                    _money(row.value),
                    _share(row.share),
                    _share(row.cumulative_share),
                    "yes" if row.in_head else "no",
                ]
            )

    def _table(self, result):
        w = self.stdout.write
        metric = _("revenue") if result.metric == "revenue" else _("gross profit")
        period = result.period
        w(
            _("Pareto of %(metric)s, %(start)s to %(end)s, by %(level)s, in %(currency)s")
            % {
                "metric": metric,
                "start": f"{period.date_from:%Y-%m}",
                "end": f"{period.date_to:%Y-%m}",
                "level": result.level,
                "currency": result.currency,
            }
        )
        header, lines, negative = _table_cells(result)
        fmt, widths = _formatter(header, [header, *lines, *negative], group=result.level == "group")
        w("")
        w(fmt(header))
        w(fmt(["-" * n for n in widths]))
        for line in lines:
            w(fmt(line))
        if negative:
            w("")
            w(
                _("Zero or negative (not on the cumulative curve): %(count)s, total %(total)s")
                % {"count": len(negative), "total": f"{result.negative_total:,.2f}"}
            )
            for line in negative:
                w(fmt(line))
        w(fmt(["-" * n for n in widths]))
        self._summary(result, metric)

    def _summary(self, result, metric: str):
        w = self.stdout.write
        w(
            _(
                "Total %(total)s %(currency)s = positive %(positive)s "
                "+ zero or negative %(negative)s"
            )
            % {
                "total": f"{result.total:,.2f}",
                "currency": result.currency,
                "positive": f"{result.positive_total:,.2f}",
                "negative": f"{result.negative_total:,.2f}",
            }
        )
        w(
            _(
                "%(count)s of %(analysed)s accounts (%(share)s) make %(threshold)s of the "
                "positive total; %(negative)s with zero or negative %(metric)s."
            )
            % {
                "count": result.accounts_for_threshold,
                "analysed": result.analysed,
                "share": _percent(result.share_of_accounts_for_threshold),
                "threshold": _percent(result.threshold).replace(".00%", "%"),
                "negative": len(result.non_positive),
                "metric": metric,
            }
        )
        tops = result.top_shares
        w(
            _(
                "Concentration: top 1%% %(top1)s, top 5%% %(top5)s, top 10%% %(top10)s, "
                "Gini %(gini)s"
            )
            % {
                "top1": _percent(tops.get("top1")),
                "top5": _percent(tops.get("top5")),
                "top10": _percent(tops.get("top10")),
                "gini": f"{result.gini:.3f}",
            }
        )
        if result.missing_rates:
            w(
                _("Left out, no exchange rate: %(currencies)s")
                % {"currencies": ", ".join(result.missing_rates)}
            )


def _table_cells(result) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """The table's header, its ranked lines and its zero or negative lines, as text."""
    group = result.level == "group"
    header = ["#", _("External id"), _("Name"), _("Class")]
    if group:
        header.append(_("Accounts"))
    header += [_("Value"), _("Share"), _("Cumulative")]
    lines = []
    for row in result.rows:
        line = [str(row.rank), row.external_id, row.name[:40], row.account_class]
        if group:
            line.append(str(row.members))
        line += [f"{row.value:,.2f}", _percent(row.share), _percent(row.cumulative_share)]
        lines.append(line)
    negative = []
    for row in result.non_positive:
        line = ["-", row.external_id, row.name[:40], row.account_class]
        if group:
            line.append(str(row.members))
        line += [f"{row.value:,.2f}", "", ""]
        negative.append(line)
    return header, lines, negative


def _formatter(header: list[str], every: list[list[str]], *, group: bool):
    """A function lining up a table's cells in columns as wide as their widest cell
    (numbers to the right), and those widths."""
    right = {0, len(header) - 3, len(header) - 2, len(header) - 1}
    if group:
        right.add(4)
    widths = [max(len(cells[i]) for cells in every) for i in range(len(header))]

    def fmt(cells):
        return "  ".join(
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    return fmt, widths
